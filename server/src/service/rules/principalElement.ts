/** Protects against a key policy statement without Principal, an identity policy with one, or both forms at once. */
import { ALL_POLICY_KINDS, type Rule, type RuleFinding } from './rule';
import { bothForms, fix, hasMisspelling, keyNode, removeElementEdit } from './ruleHelpers';

export const principalElement: Rule = {
  id: 'principal-element',
  description: 'Principal missing in a key policy statement, present in an identity policy, or given with NotPrincipal.',
  category: 'grammar',
  defaultSeverity: 'error',
  kinds: ALL_POLICY_KINDS,
  check(model) {
    const findings: RuleFinding[] = [];
    for (const st of model.statements) {
      const principal = st.properties.get('Principal');
      const notPrincipal = st.properties.get('NotPrincipal');
      if (model.kind === 'identity-policy') {
        for (const p of [principal, notPrincipal]) {
          if (!p) continue;
          const key = keyNode(p);
          findings.push({
            offset: key.offset, length: key.length,
            message: `An identity policy cannot name a ${key.value as string}: IAM rejects it, because the principal is whoever the policy is attached to. Remove it, or treat this document as a key policy.`,
            data: { fixes: [fix(`Remove ${key.value as string}`, [removeElementEdit(p)], { preferred: true })] },
          });
        }
        continue;
      }
      const both = bothForms(st, 'Principal', 'Keep Principal.');
      if (both) findings.push(both);
      else if (!principal && !notPrincipal && !hasMisspelling(st, 'Principal') && !hasMisspelling(st, 'NotPrincipal')) {
        findings.push({
          offset: st.node.offset, length: 1,
          message: model.kind === 'key-policy'
            ? 'This key policy statement has no Principal: KMS rejects the policy (MalformedPolicyDocumentException), since every key policy statement must name who it applies to. Add e.g. "Principal": {"AWS": "arn:aws:iam::111122223333:root"}.'
            : 'This resource policy statement has no Principal: AWS rejects it. Add the principals it applies to.',
        });
      }
    }
    return findings;
  },
};
