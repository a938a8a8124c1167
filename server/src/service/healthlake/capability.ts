/**
 * What HealthLake can do with a key on a principal's behalf, in the one vocabulary every view uses: the data store
 * verdict of a template, a statement's hover, `hlkms diff` and `hlkms simulate --healthlake`.
 */
import type { EvaluationResult } from '../evaluate/index';
import { HEALTHLAKE_KMS_ACTIONS, OPERATIONS, OPERATIONS_OF, type HealthLakeKmsAction, type HealthLakeOperation } from './facts';

/**
 * `direct`: the key policy lets HealthLake use the key for this principal; `iam`: only through the account
 * principal, so the caller's IAM policy decides; `no`: HealthLake cannot.
 */
export type Capability = 'direct' | 'iam' | 'no';

/** The words of `Capability` explained, for a legend under a table of them. */
export const CAPABILITY_LEGEND = '`direct`: the key policy allows it; `iam`: only through the account principal, so the caller\'s IAM policy decides; `no`: HealthLake cannot.';

/** The KMS calls each operation needs (DescribeKey and one more), from HealthLake's facts. */
export const NEEDS = Object.fromEntries(OPERATIONS.map((op) => [op, HEALTHLAKE_KMS_ACTIONS.filter((a) => OPERATIONS_OF[a].includes(op))])) as Record<HealthLakeOperation, HealthLakeKmsAction[]>;

/**
 * An operation's capability from the evaluation of each KMS call HealthLake makes for the principal: `no` unless
 * every call the operation needs is allowed; `iam` when one is allowed only through the account principal, or when
 * the principal is an account (`account`: its principals reach the key only through their IAM policies).
 */
export function capabilityOf(op: HealthLakeOperation, results: (action: HealthLakeKmsAction) => EvaluationResult | undefined, account = false): Capability {
  const needed = NEEDS[op].map(results);
  if (needed.some((r) => r?.decision !== 'Allow')) return 'no';
  return account || needed.some((r) => r!.allowedVia === 'account-delegation') ? 'iam' : 'direct';
}

/** A capability, or `undecided`: it depends on what the real caller's request carries or the file leaves open. */
export type OperationVerdict = Capability | 'undecided';

/**
 * An operation's verdict from each KMS call's evaluation and whether that call is still open (a statement that may
 * apply could change its decision): the capability when every call it needs is certainly allowed, `undecided` when
 * the calls not certainly allowed are open, else `no`.
 */
export function operationVerdict(op: HealthLakeOperation, results: (action: HealthLakeKmsAction) => EvaluationResult | undefined, open: (action: HealthLakeKmsAction) => boolean, account = false): OperationVerdict {
  const allowed = (a: HealthLakeKmsAction) => results(a)?.decision === 'Allow' && !open(a);
  if (NEEDS[op].every(allowed)) return capabilityOf(op, results, account);
  return NEEDS[op].every((a) => allowed(a) || open(a)) ? 'undecided' : 'no';
}

const ORDER: readonly Capability[] = ['no', 'iam', 'direct'];
/** Orders capabilities: no < iam < direct (a change up is a gain). */
export const capabilityRank = (c: Capability): number => ORDER.indexOf(c);
