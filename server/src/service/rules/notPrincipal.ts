/** Protects against NotPrincipal: not supported with Allow, and with Deny easy to get wrong (use aws:PrincipalArn). */
import { type Rule, type RuleFinding } from './rule';
import { keyNode } from './ruleHelpers';

export const notPrincipal: Rule = {
  id: 'not-principal',
  description: 'NotPrincipal with Allow (not supported) or with Deny (discouraged: use an aws:PrincipalArn condition).',
  category: 'grammar',
  defaultSeverity: 'warning',
  kinds: ['key-policy', 'resource-policy'],
  check(model) {
    const findings: RuleFinding[] = [];
    for (const st of model.statements) {
      const property = st.properties.get('NotPrincipal');
      if (!property) continue;
      const key = keyNode(property);
      if (st.effect?.value === 'Allow') {
        findings.push({
          offset: key.offset, length: key.length, severity: 'error',
          message: 'NotPrincipal with "Effect": "Allow" is not supported: it would allow everyone except the listed principals, including anonymous callers. Use Principal with the principals you mean.',
        });
      } else if (st.effect?.value === 'Deny') {
        findings.push({
          offset: key.offset, length: key.length, severity: 'warning',
          message: 'NotPrincipal with Deny is discouraged: it must list every session ARN exactly, and a missed one locks that caller out of the key. Use "Principal": "*" with a StringNotEquals/ArnNotEquals condition on aws:PrincipalArn instead.',
        });
      }
    }
    return findings;
  },
};
