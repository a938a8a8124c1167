/** Protects against actions that none of the statement's resources can match: the statement never covers them. */
import { arnUndecided, parseArn } from '../arn';
import { formatOfKind, isKmsAlias, leadingArnType, typePhrase, wholeArnType } from '../arnTypes';
import type { ActionInfo, Catalog } from '../catalog';
import type { StringValue } from '../model';
import { displayValue, hasHoles } from '../symbolic';
import { modifyStatement } from '../healthlake/edits';
import { fixesLater } from '../findingData';
import { actionsOf } from './actionsOfStatement';
import { resourceArnProblem } from './resourceArn';
import { canMatch } from './resourceFormats';
import type { Rule, RuleFinding } from './rule';

const verdicts = new WeakMap<ActionInfo, Map<string, boolean>>();
/** `covered`, remembered per action and resource list: policies repeat both across statements and edits. */
function coveredOnce(catalog: Catalog, action: ActionInfo, resources: StringValue[]): boolean {
  let cache = verdicts.get(action);
  if (!cache) verdicts.set(action, (cache = new Map()));
  const id = resources.map((r) => r.value).join('\n');
  let verdict = cache.get(id);
  if (verdict === undefined) {
    verdict = covered(catalog, action, resources);
    if (cache.size > 200) cache.clear();
    cache.set(id, verdict);
  }
  return verdict;
}

/** Whether IAM can match the action against one of the Resource patterns. */
function covered(catalog: Catalog, action: ActionInfo, resources: StringValue[]): boolean {
  const types = catalog.service(action.service)?.resourceTypes;
  const typed = formatOfKind(catalog);
  // No resource types: the action is authorized on "*" only, and a pattern matches that only if it matches "*".
  if (action.resourceTypes.length === 0) return resources.some((r) => canMatch(r.value, '*', typed));
  return action.resourceTypes.some((t) => {
    const format = types?.get(t.name)?.arn;
    return format === undefined || resources.some((r) => canMatch(r.value, format, typed));
  });
}

/**
 * A resource to add that the action does take, when one is evident: the objects of a bucket given only the
 * bucket (`.../*`), or the bucket of objects given only objects.
 */
function companion(catalog: Catalog, action: ActionInfo, resources: StringValue[]): string | undefined {
  for (const r of resources) {
    if (hasHoles(r.value)) continue;
    const arn = parseArn(r.value);
    const slash = arn ? r.value.length - arn.resource.length + arn.resource.indexOf('/') : -1;
    const candidates = [r.value.endsWith('/*') ? undefined : `${r.value.replace(/\/$/, '')}/*`, arn && arn.resource.includes('/') ? r.value.slice(0, slash) : undefined];
    for (const c of candidates) if (c && covered(catalog, action, [{ ...r, value: c }])) return c;
  }
  return undefined;
}

/** The formats an action authorizes on, as a person reads them. */
const formats = (catalog: Catalog, action: ActionInfo): string[] =>
  action.resourceTypes.flatMap((t) => catalog.service(action.service)?.resourceTypes.get(t.name)?.arn ?? []);

/** The service of a Resource value: its ARN's, or the type's of the reference it starts with. */
function serviceOf(value: string, catalog: Catalog): string | undefined {
  const type = leadingArnType(value, catalog);
  if (type) return type.service;
  const arn = parseArn(value);
  return arn && catalog.service(arn.service) ? arn.service : undefined;
}

/** A resource as a person reads it, with what a typed reference is (`${aws_s3_bucket.b.arn}` (the ARN of an s3 bucket)). */
function shownResource(value: string, catalog: Catalog): string {
  const type = wholeArnType(value, catalog);
  return `\`${displayValue(value)}\`${type ? ` (${typePhrase(type)})` : ''}`;
}

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
      // Values that are not ARNs of a known service are reported by resource-arn; holes may be anything, except a
      // reference whose type is known (`${aws_s3_bucket.b.arn}/*`), which is an ARN of that type.
      if (st.resource.items.some((r) => (arnUndecided(r.value) && !leadingArnType(r.value, catalog)) || r.value === '*')) continue;
      const written = st.resource.items;
      // A value resource-arn reports (no Region where the service has one, an alias written as a key id) is that
      // finding alone: one mistake, one finding.
      const resources = written.filter((r) => serviceOf(r.value, catalog) && !(model.kind === 'identity-policy' && resourceArnProblem(r, st, model, catalog)));
      if (resources.length === 0) continue;
      // KMS key actions on an alias ARN are the alias-resource finding: one mistake, one finding.
      const alias = resources.some((r) => /^arn:[^:]*:kms:[^:]*:[^:]*:alias\//.test(r.value) || isKmsAlias(wholeArnType(r.value, catalog)));
      for (const { item, actions } of actionsOf(st, catalog) ?? []) {
        if (alias && actions[0]!.service === 'kms') continue;
        if (actions.some((a) => coveredOnce(catalog, a, resources))) continue;
        const action = actions[0]!;
        const shown = actions.length === 1 ? `\`${action.service}:${action.name}\`` : `None of the ${actions.length} actions \`${displayValue(item.value)}\` stands for`;
        const foreign = resources.every((r) => serviceOf(r.value, catalog)!.toLowerCase() !== action.service.toLowerCase());
        const takes = actions.length > 1 ? 'authorizes on any of these resources'
          : action.resourceTypes.length === 0 ? 'does not support resource-level permissions: IAM authorizes it on "*" only'
            : `authorizes on ${formats(catalog, action).map((f) => `\`${f}\``).join(' or ')}`;
        const add = actions.length === 1 && action.resourceTypes.length > 0 ? companion(catalog, action, resources) : undefined;
        const none = resources.length === 1 ? `${shownResource(resources[0]!.value, catalog)} is not one` : "none of this statement's resources is one";
        findings.push({
          offset: item.node.offset, length: item.node.length,
          message: actions.length === 1
            ? `${shown} ${takes}, and ${none}, so this statement never ${st.effect?.value === 'Deny' ? 'denies' : 'allows'} it. ${action.resourceTypes.length === 0 ? 'Give it its own statement with "Resource": "*".' : 'Add a resource of that form, or move the action to a statement that has one.'}`
            : `${shown} authorizes on this statement's resources${foreign ? `, which belong to another service than ${catalog.serviceName(action.service) ?? action.service}` : ''}, so the statement never ${st.effect?.value === 'Deny' ? 'denies' : 'allows'} them. Check which resources these actions take.`,
          data: add ? fixesLater(() => [{
            title: `Add "${add}" to Resource`, preferred: true,
            edits: modifyStatement(model.text, st, ['Resource'], [...written.map((r) => r.value), add]),
          }]) : undefined,
        });
      }
    }
    return findings;
  },
};
