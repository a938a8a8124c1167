/** Protects against actions that none of the statement's resources can match: the statement never covers them. */
import { arnUndecided, parseArn } from '../arn';
import type { ActionInfo, Catalog } from '../catalog';
import type { StringValue } from '../model';
import { displayValue } from '../symbolic';
import { actionsOf } from './actionsOfStatement';
import { canMatch } from './resourceFormats';
import type { Rule, RuleFinding } from './rule';

/** Whether IAM can match the action against one of the Resource patterns. */
function covered(catalog: Catalog, action: ActionInfo, resources: StringValue[]): boolean {
  const types = catalog.service(action.service)?.resourceTypes;
  // No resource types: the action is authorized on "*" only, and a pattern matches that only if it matches "*".
  if (action.resourceTypes.length === 0) return resources.some((r) => canMatch(r.value, '*'));
  return action.resourceTypes.some((t) => {
    const format = types?.get(t.name)?.arn;
    return format === undefined || resources.some((r) => canMatch(r.value, format));
  });
}

/** The formats an action authorizes on, as a person reads them. */
const formats = (catalog: Catalog, action: ActionInfo): string[] =>
  action.resourceTypes.flatMap((t) => catalog.service(action.service)?.resourceTypes.get(t.name)?.arn ?? []);

export const actionResourceMatch: Rule = {
  id: 'action-resource-mismatch',
  description: "Actions that none of the statement's resources can match: \"*\"-only actions given ARNs, object actions given a bucket, and the like.",
  category: 'reference',
  defaultSeverity: 'warning',
  kinds: ['identity-policy', 'resource-policy'],
  check(model, { catalog }) {
    const findings: RuleFinding[] = [];
    for (const st of model.statements) {
      if (!st.resource || st.notResource || st.resource.items.length === 0) continue;
      // Values that are not ARNs of a known service are reported by resource-arn; holes may be anything.
      if (st.resource.items.some((r) => arnUndecided(r.value) || r.value === '*')) continue;
      const resources = st.resource.items.filter((r) => { const a = parseArn(r.value); return a && catalog.service(a.service); });
      if (resources.length === 0) continue;
      // KMS key actions on an alias ARN are the alias-resource finding: one mistake, one finding.
      const alias = resources.some((r) => /^arn:[^:]*:kms:[^:]*:[^:]*:alias\//.test(r.value));
      for (const { item, actions } of actionsOf(st, catalog) ?? []) {
        if (alias && actions[0]!.service === 'kms') continue;
        if (actions.some((a) => covered(catalog, a, resources))) continue;
        const action = actions[0]!;
        const shown = actions.length === 1 ? `\`${action.service}:${action.name}\`` : `None of the ${actions.length} actions \`${displayValue(item.value)}\` matches`;
        const takes = actions.length > 1 ? 'authorizes on any of these resources'
          : action.resourceTypes.length === 0 ? 'does not support resource-level permissions: IAM authorizes it on "*" only'
            : `authorizes on ${formats(catalog, action).map((f) => `\`${f}\``).join(' or ')}`;
        const none = resources.length === 1 ? `\`${displayValue(resources[0]!.value)}\` is not one` : "none of this statement's resources is one";
        findings.push({
          offset: item.node.offset, length: item.node.length,
          message: actions.length === 1
            ? `${shown} ${takes}, and ${none}, so this statement never ${st.effect?.value === 'Deny' ? 'denies' : 'allows'} it. ${action.resourceTypes.length === 0 ? 'Give it its own statement with "Resource": "*".' : 'Add a resource of that form, or move the action to a statement that has one.'}`
            : `${shown} any of this statement's resources, so it never ${st.effect?.value === 'Deny' ? 'denies' : 'allows'} them. Check which resources these actions take.`,
        });
      }
    }
    return findings;
  },
};
