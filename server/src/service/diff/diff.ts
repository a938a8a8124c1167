/**
 * What a new version of a key policy gives and takes away, by evaluating both versions for the same requests:
 * every principal either names or implies, every KMS action, HealthLake's calls, lockout and public exposure.
 * Text that evaluates the same (reordered, reformatted, renamed Sids, a statement split in two) is no change.
 */
import type { EvaluationResult } from '../evaluate/index';
import { chooseRegion } from '../healthlake/regions';
import { HEALTHLAKE_KMS_ACTIONS, OPERATIONS, OPERATIONS_OF, type HealthLakeKmsAction, type HealthLakeOperation } from '../healthlake/facts';
import type { PolicyModel } from '../model';
import { keyActions } from './actions';
import { conditionChanges, type Evidence } from './conditions';
import { decide, healthLakeResults, lockedOut, outsiderAccount } from './judgements';
import { diffPrincipals } from './principals';
import type { ActionChange, Capability, CapabilityRow, DiffOptions, DiffPrincipal, PolicyDiff } from './types';

/** The KMS calls each operation needs (DescribeKey and one more), from HealthLake's facts. */
const NEEDS = Object.fromEntries(OPERATIONS.map((op) => [op, HEALTHLAKE_KMS_ACTIONS.filter((a) => OPERATIONS_OF[a].includes(op))])) as Record<HealthLakeOperation, HealthLakeKmsAction[]>;

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
      const row: CapabilityRow = { principal: p.id, capability: op, before: capability(p, hb!, op), after: capability(p, ha!, op) };
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

/** `direct` when every call the operation needs is allowed by a statement naming the caller (or everyone). */
function capability(p: DiffPrincipal, results: Map<HealthLakeKmsAction, EvaluationResult>, op: HealthLakeOperation): Capability {
  const needed = NEEDS[op].map((a) => results.get(a)!);
  if (needed.some((r) => r.decision !== 'Allow')) return 'no';
  // An account's own principals reach the key through the account principal: their IAM policies decide.
  if (p.kind === 'account' || needed.some((r) => r.allowedVia === 'account-delegation')) return 'iam';
  return 'direct';
}

const RANK: Record<Capability, number> = { no: 0, iam: 1, direct: 2 };
/** Whether a capability went up (no → iam → direct). */
export const gained = (row: CapabilityRow): boolean => RANK[row.after] > RANK[row.before];
export const lost = (row: CapabilityRow): boolean => RANK[row.after] < RANK[row.before];
