/** Protects against condition operators AWS does not know (names are case-sensitive) or combines wrongly. */
import { didYouMean, suggest } from '../suggest';
import { ALL_POLICY_KINDS, type Rule, type RuleFinding } from './rule';
import { ALL_OPERATOR_SPELLINGS, parseOperator } from './operators';
import { fix, keyNode } from './ruleHelpers';
import { replaceNode } from '../edits';
import { hasHoles, isWholeHole } from '../symbolic';

export const conditionOperator: Rule = {
  id: 'condition-operator',
  description: 'Unknown condition operators, misspelled set prefixes and `NullIfExists`.',
  category: 'grammar',
  defaultSeverity: 'error',
  kinds: ALL_POLICY_KINDS,
  check(model) {
    const findings: RuleFinding[] = [];
    for (const st of model.statements) {
      const siblings = new Set(st.condition?.operators.map((o) => o.operator));
      for (const op of st.condition?.operators ?? []) {
        // An operator the host leaves open (`test = var.test`) is whatever it turns out to be.
        if (hasHoles(op.operator)) continue;
        const parsed = parseOperator(op.operator);
        const key = keyNode(op.property);
        if (parsed.family === 'Null' && (parsed.ifExists || parsed.set)) {
          findings.push({
            offset: key.offset, length: key.length,
            message: `\`${op.operator}\` is not valid: Null takes neither IfExists nor a set prefix (it already tests whether the key exists). AWS rejects the policy. Use \`Null\`.`,
            data: siblings.has('Null') ? undefined : { fixes: [fix('Use `Null`', [replaceNode(key, 'Null')], { preferred: true })] },
          });
          continue;
        }
        if (parsed.family || isWholeHole(op.operator)) continue;
        const suggestion = suggest(op.operator, ALL_OPERATOR_SPELLINGS);
        findings.push({
          offset: key.offset, length: key.length,
          message: `\`${op.operator}\` is not a condition operator: AWS rejects the policy (operator names are case-sensitive).${didYouMean(suggestion)}`,
          data: suggestion && !siblings.has(suggestion)
            ? { fixes: [fix(`Use \`${suggestion}\``, [replaceNode(key, suggestion)], { preferred: true, safe: suggestion.toLowerCase() === op.operator.toLowerCase() })] }
            : undefined,
        });
      }
    }
    return findings;
  },
};
