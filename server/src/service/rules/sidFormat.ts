/** Protects against identity policy Sids IAM rejects: only letters and digits (key policies allow spaces). */
import { type Rule, type RuleFinding } from './rule';
import { fix } from './ruleHelpers';
import { replaceNode } from '../edits';
import { hasHoles } from '../symbolic';
import { literalText } from '../arn';

export const sidFormat: Rule = {
  id: 'sid-format',
  description: 'Identity policy statement ids with characters other than letters and digits.',
  category: 'grammar',
  defaultSeverity: 'error',
  kinds: ['identity-policy'],
  check(model) {
    const findings: RuleFinding[] = [];
    for (const st of model.statements) {
      const sid = st.sid;
      if (!sid || /^[A-Za-z0-9]*$/.test(literalText(sid.value))) continue;
      const literal = literalText(sid.value);
      const cleaned = sid.value.replace(/[^A-Za-z0-9]+(.?)/g, (_, c: string) => c.toUpperCase());
      const bad = [...new Set(literal.replace(/[A-Za-z0-9]/g, ''))].map((c) => (c === ' ' ? 'space' : `\`${c}\``)).join(', ');
      findings.push({
        offset: sid.node.offset, length: sid.node.length,
        message: `IAM rejects this Sid: in an identity policy a Sid may contain only letters and digits (found ${bad}).`,
        data: cleaned && !hasHoles(sid.value) ? { fixes: [fix(`Use "${cleaned}"`, [replaceNode(sid.node, cleaned)], { preferred: true, safe: true })] } : undefined,
      });
    }
    return findings;
  },
};
