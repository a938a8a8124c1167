/** Protects against a statement without a valid Effect (`Allow` or `Deny`, exactly so spelled). */
import { didYouMean, suggest } from '../suggest';
import { ALL_POLICY_KINDS, type Rule, type RuleFinding } from './rule';
import { fix, hasMisspelling } from './ruleHelpers';
import { replaceNode } from '../edits';
import { fits } from '../arn';
import { displayValue } from '../symbolic';

const EFFECTS = ['Allow', 'Deny'];

export const effect: Rule = {
  id: 'statement-effect',
  description: 'A statement without Effect, or with an Effect other than `Allow` or `Deny`.',
  category: 'grammar',
  defaultSeverity: 'error',
  kinds: ALL_POLICY_KINDS,
  check(model) {
    const findings: RuleFinding[] = [];
    for (const st of model.statements) {
      if (!st.properties.has('Effect')) {
        if (hasMisspelling(st, 'Effect')) continue;
        findings.push({ offset: st.node.offset, length: 1, message: 'This statement has no Effect: AWS rejects it. Add "Effect": "Allow" or "Effect": "Deny".' });
        continue;
      }
      const e = st.effect;
      if (!e || fits(e.value, (s) => EFFECTS.includes(s))) continue; // a non-string is reported by the structure check
      const suggestion = suggest(e.value, EFFECTS, 3);
      findings.push({
        offset: e.node.offset, length: e.node.length,
        message: `"${displayValue(e.value)}" is not an Effect: AWS rejects the statement. Effect is exactly \`Allow\` or \`Deny\` (case matters).${didYouMean(suggestion)}`,
        data: suggestion ? { fixes: [fix(`Use "${suggestion}"`, [replaceNode(e.node, suggestion)], { preferred: true, safe: suggestion.toLowerCase() === e.value.toLowerCase() })] } : undefined,
      });
    }
    return findings;
  },
};
