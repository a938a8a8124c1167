/**
 * What a new version of a key policy gives and takes away, by evaluating both versions for the same requests:
 * every principal either names or implies, every KMS action, HealthLake's calls, lockout and public exposure.
 * Text that evaluates the same (reordered, reformatted, renamed Sids, a statement split in two) is no change.
 */
import type { EvaluationResult } from '../evaluate/index';
import { chooseRegion } from '../healthlake/regions';
import { OPERATIONS, type HealthLakeKmsAction } from '../healthlake/facts';
import { capabilityOf, capabilityRank, NEEDS } from '../healthlake/capability';
import type { PolicyModel } from '../model';
import { keyActions } from './actions';
import { conditionChanges, type Evidence } from './conditions';
import { decide, healthLakeResults, lockedOut, outsiderAccount } from './judgements';
import { diffPrincipals } from './principals';
import type { ActionChange, CapabilityRow, DiffOptions, PolicyDiff } from './types';

export function diffPolicies(before: PolicyModel, after: PolicyModel, options: DiffOptions): PolicyDiff {
  const models = [before, after];
  const principals = diffPrincipals(models);
  const outsider = outsiderAccount(models);
  const actions = keyActions(options.catalog).map((a) => a.action);
  const chosen = chooseRegion(after, undefined);
  const region = chosen.source === 'policy' ? chosen.region : chooseRegion(before, options.region).region;
  const changes: ActionChange[] = [];
  const healthlake: CapabilityRow[] = [];
  const evidence: Evidence[] = [];
  const exposed = { before: false, after: false };
  for (const p of principals) {
    const [b, a] = models.map((m) => decide(m, p, outsider, actions)) as [EvaluationResult[], EvaluationResult[]];
    actions.forEach((action, i) => {
      const rb = b[i]!;
      const ra = a[i]!;
      if (p.kind === 'anyone' && !p.carries) {
        exposed.before ||= rb.decision === 'Allow';
        exposed.after ||= ra.decision === 'Allow';
      }
      if (rb.decision === ra.decision) return;
      changes.push({ principal: p.id, action, before: rb.decision, after: ra.decision });
      evidence.push({ principal: p.id, subject: action, before: rb, after: ra });
    });
    if (p.kind === 'service') continue;
    const [hb, ha] = models.map((m) => healthLakeResults(m, p, outsider, region));
    for (const op of OPERATIONS) {
      const row: CapabilityRow = { principal: p.id, capability: op, before: capabilityOf(op, (x) => hb!.get(x), p.kind === 'account'), after: capabilityOf(op, (x) => ha!.get(x), p.kind === 'account') };
      healthlake.push(row);
      if (p.kind === 'anyone' && !p.carries) {
        exposed.before ||= row.before !== 'no';
        exposed.after ||= row.after !== 'no';
      }
      if (row.before === row.after) continue;
      const differs = (x: HealthLakeKmsAction) => hb!.get(x)!.decision !== ha!.get(x)!.decision || hb!.get(x)!.allowedVia !== ha!.get(x)!.allowedVia;
      const action = NEEDS[op].find(differs) ?? NEEDS[op][1]!;
      evidence.push({ principal: p.id, subject: `HealthLake ${op}`, before: hb!.get(action)!, after: ha!.get(action)! });
    }
  }
  return {
    principals, changes, healthlake, region,
    public: exposed,
    lockout: { before: lockedOut(before), after: lockedOut(after) },
    conditions: conditionChanges(evidence, models),
  };
}

/** Whether a capability went up (no → iam → direct). */
export const gained = (row: CapabilityRow): boolean => capabilityRank(row.after) > capabilityRank(row.before);
export const lost = (row: CapabilityRow): boolean => capabilityRank(row.after) < capabilityRank(row.before);
