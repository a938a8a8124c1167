/** Protects against IAM policies that let a principal use HealthLake but not the customer managed key behind it. */
import { evaluate, evalPolicy } from '../evaluate/index';
import { addStatementEdits } from '../evaluate/keySafety';
import { viaServiceFor, HEALTHLAKE_KMS_ACTIONS, type HealthLakeKmsAction } from '../healthlake/facts';
import { arnScope, healthLakeNeeds } from '../healthlake/identity';
import { DEFAULT_REGION } from '../healthlake/regions';
import { actionsPhrase } from '../healthlake/messages';
import type { Rule } from './rule';

const CALLER = 'arn:aws:iam::111122223333:role/PolicyHolder';

export const identityHealthLakeKms: Rule = {
  id: 'identity-healthlake-kms',
  description: 'IAM policies allowing HealthLake data store creation, reads or writes without the KMS calls a customer managed key needs.',
  category: 'healthlake',
  defaultSeverity: 'info',
  kinds: ['identity-policy'],
  check(model, { catalog, settings }) {
    if (!model.statements.some((s) => s.action?.items.some((a) => /^healthlake:/i.test(a.value)))) return [];
    const policy = evalPolicy(model);
    // What a template leaves open (the key's ARN as a reference, `healthlake.${AWS::Region}...`) may allow: only
    // a KMS call no reading of the file can allow is missing.
    const allowed = (action: string, context = {}) => {
      const r = evaluate(policy, { principal: CALLER, action, context });
      return r.decision === 'Allow' || (r.undecided?.possible.includes('Allow') ?? false);
    };
    const granted = healthLakeNeeds(catalog).filter((n) => allowed(n.action));
    if (granted.length === 0) return [];
    const scope = arnScope(model);
    const region = scope.region ?? settings.defaultRegion ?? DEFAULT_REGION;
    const context = { 'kms:ViaService': viaServiceFor(region), 'kms:CallerAccount': scope.account ?? '111122223333' };
    const needed = new Set<HealthLakeKmsAction>(granted.flatMap((n) => n.kms));
    const missing = HEALTHLAKE_KMS_ACTIONS.filter((a) => needed.has(a) && !allowed(a, context));
    if (missing.length === 0) return [];
    const first = granted[0]!.action;
    const st = model.statements.find((s) => s.effect?.value === 'Allow' && s.action?.items.some((a) => /^healthlake:/i.test(a.value)));
    const node = st?.action?.node ?? model.root!;
    const keyArn = `arn:aws:kms:${region}:${scope.account ?? 'ACCOUNT-ID'}:key/KEY-ID`;
    const statement = {
      Sid: 'UseHealthLakeCustomerManagedKey', Effect: 'Allow', Action: missing, Resource: keyArn,
      Condition: { StringEquals: { 'kms:ViaService': viaServiceFor(region) } },
    };
    return [{
      offset: node.offset, length: node.length,
      message: `This policy allows \`${first}\`${granted.length > 1 ? ` and ${granted.length - 1} more HealthLake action${granted.length > 2 ? 's' : ''}` : ''} but not ${actionsPhrase(missing)} through HealthLake. If the data store is encrypted with a customer managed key, HealthLake calls KMS on the caller's behalf and the request fails unless the key policy alone grants it. Add a statement for the key, scoped with kms:ViaService.`,
      data: { fixes: [{ title: `Add ${missing.join(', ')} on the data store's key (via HealthLake)`, edits: addStatementEdits(model, statement), preferred: true }] },
    }];
  },
};
