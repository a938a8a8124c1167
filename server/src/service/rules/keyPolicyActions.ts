/** Protects against key policy actions that do nothing there: other services' actions and IAM-only KMS actions. */
import type { Rule, RuleFinding } from './rule';
import { fix, removeElementEdit } from './ruleHelpers';
import { serviceUndecided, splitAction } from '../catalog';
import { displayValue } from '../symbolic';

/** KMS actions that are not about one key: only an IAM policy can allow them. */
const IAM_ONLY = new Set(['kms:createkey', 'kms:listaliases', 'kms:listkeys']);

export const keyPolicyActions: Rule = {
  id: 'key-policy-actions',
  description: 'Actions in a key policy that have no effect there: non-KMS actions and kms:CreateKey, kms:ListAliases, kms:ListKeys.',
  category: 'key-policy',
  defaultSeverity: 'warning',
  kinds: ['key-policy'],
  check(model) {
    const findings: RuleFinding[] = [];
    for (const st of model.statements) {
      for (const list of [st.action, st.notAction]) {
        if (!list) continue;
        for (const item of list.items) {
          const { value, node } = item;
          const lower = value.toLowerCase();
          const iamOnly = IAM_ONLY.has(lower);
          const prefix = splitAction(lower)?.prefix;
          if (!iamOnly && (value === '*' || prefix === undefined || prefix === 'kms' || serviceUndecided(prefix))) continue;
          const removable = list.isArray && list.items.length > 1 && (list.node.children ?? []).length > 1;
          findings.push({
            offset: node.offset, length: node.length, tags: ['unnecessary'],
            message: iamOnly
              ? `"${displayValue(value)}" does nothing in a key policy: it is not about one key, so only an IAM policy can allow it.`
              : `"${displayValue(value)}" does nothing in a key policy: a key policy controls only AWS KMS operations on this key. Grant other services' permissions in IAM policies.`,
            data: removable ? { fixes: [fix(`Remove "${displayValue(value)}"`, [removeElementEdit(node)], { preferred: true })] } : undefined,
          });
        }
      }
    }
    return findings;
  },
};
