/** Protects against statements without Action/NotAction, or with both: AWS (and since 2025-08-18 KMS) rejects them. */
import { ALL_POLICY_KINDS, type Rule, type RuleFinding } from './rule';
import { bothForms, hasMisspelling } from './ruleHelpers';

export const actionElement: Rule = {
  id: 'action-element',
  description: 'A statement without Action or NotAction, or with both.',
  category: 'grammar',
  defaultSeverity: 'error',
  kinds: ALL_POLICY_KINDS,
  check(model) {
    const findings: RuleFinding[] = [];
    for (const st of model.statements) {
      const action = st.properties.get('Action');
      const notAction = st.properties.get('NotAction');
      const both = bothForms(st, 'Action', 'Keep one of them.');
      if (both) findings.push(both);
      else if (!action && !notAction && !hasMisspelling(st, 'Action') && !hasMisspelling(st, 'NotAction')) {
        findings.push({
          offset: st.node.offset, length: 1,
          message: model.kind === 'key-policy'
            ? 'This statement has no Action: KMS rejects key-policy statements without Action (since 2025-08-18). Add the kms: actions it allows or denies.'
            : 'This statement has no Action or NotAction: AWS rejects it. Add the actions it allows or denies.',
        });
      }
    }
    return findings;
  },
};
