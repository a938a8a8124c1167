/** Protects against statements without Resource/NotResource, or with both: AWS rejects them. */
import { isTrustStatement } from '../evaluate/statements';
import { ALL_POLICY_KINDS, type Rule, type RuleFinding } from './rule';
import { appendPropertyEdit, bothForms, fix, hasMisspelling } from './ruleHelpers';

export const resourceElement: Rule = {
  id: 'resource-element',
  description: 'A statement without Resource or NotResource, or with both.',
  category: 'grammar',
  defaultSeverity: 'error',
  kinds: ALL_POLICY_KINDS,
  check(model) {
    const findings: RuleFinding[] = [];
    const keyPolicy = model.kind === 'key-policy';
    for (const st of model.statements) {
      const resource = st.properties.get('Resource');
      const notResource = st.properties.get('NotResource');
      const both = bothForms(st, 'Resource', 'Keep one of them.');
      if (both) {
        findings.push(both);
        continue;
      }
      if (resource || hasMisspelling(st, 'Resource') || hasMisspelling(st, 'NotResource')) continue;
      if (notResource) continue; // in a key policy, NotResource itself is reported by the key-policy resource check
      // Role trust policies have no Resource: known from the host (whatever the actions), or from sts: actions alone.
      if (model.kind === 'resource-policy' && (model.trustPolicy || isTrustStatement(st))) continue;
      findings.push({
        offset: st.node.offset, length: 1,
        message: keyPolicy
          ? 'This statement has no Resource: KMS rejects key-policy statements without it (since 2025-08-18). In a key policy it is always "Resource": "*", meaning this key.'
          : 'This statement has no Resource or NotResource: AWS rejects it. Add the ARNs it applies to (or "*").',
        data: keyPolicy
          ? { fixes: [fix('Add "Resource": "*"', [appendPropertyEdit(model.text, st.node, 'Resource', '*')], { preferred: true, safe: true })] }
          : undefined,
      });
    }
    return findings;
  },
};
