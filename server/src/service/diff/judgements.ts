/**
 * The one place the diff asks the evaluator and the key-safety checks for judgements: a principal's
 * decisions for KMS actions, its HealthLake requests, lockout and public exposure. When those judgements move
 * (lockout and public access decided by the evaluator), only this file changes.
 */
import { evaluateEach, type EvalRequest, type EvaluationResult } from '../evaluate/index';
import { adminRequest, policyAccounts, putKeyPolicyCheck } from '../evaluate/keySafety';
import { correctedPolicy } from '../healthlake/intent';
import { healthLakeRequests } from '../healthlake/requests';
import type { HealthLakeKmsAction } from '../healthlake/facts';
import type { PolicyModel } from '../model';
import type { DiffPrincipal } from './types';

export { policyAccounts };

/** An account no version names: "anyone" is a role there. */
export function outsiderAccount(models: readonly PolicyModel[]): string {
  const named = new Set(models.flatMap((m) => policyAccounts(m)));
  return ['999999999999', '999999999998', '999999999997', '999999999996'].find((a) => !named.has(a))!;
}

/** The caller that stands for a principal in requests (anyone: a role in an unrelated account). */
export function callerOf(p: DiffPrincipal, outsider: string): { arn: string; account?: string } {
  if (p.kind === 'anyone') return { arn: `arn:aws:iam::${outsider}:role/AnyoneElse`, account: outsider };
  return { arn: p.id, account: p.account };
}

/** Decisions for direct calls (not through another AWS service) of each action, signed, over TLS, with MFA. */
export function decide(model: PolicyModel, p: DiffPrincipal, outsider: string, actions: readonly string[]): EvaluationResult[] {
  const caller = callerOf(p, outsider);
  // One context object for all of a principal's requests: the evaluator reads it once.
  const { context } = withCarried(p, caller.account
    ? adminRequest(caller.arn, caller.account, '')
    : { principal: caller.arn, action: '', context: { 'aws:SecureTransport': true } });
  const requests: EvalRequest[] = actions.map((action) => ({ principal: caller.arn, action, context }));
  return evaluateEach(model, caller.arn, requests);
}

/**
 * HealthLake's four KMS calls on the principal's behalf in `region`, against the policy as readiness reads it
 * (obviously malformed principals corrected).
 */
export function healthLakeResults(model: PolicyModel, p: DiffPrincipal, outsider: string, region: string): Map<HealthLakeKmsAction, EvaluationResult> {
  const caller = callerOf(p, outsider);
  const requests = healthLakeRequests(caller.arn, caller.account ?? '', region).map((r) => withCarried(p, r));
  const results = evaluateEach(correctedPolicy(model), caller.arn, requests);
  return new Map(requests.map((r, i) => [r.action, results[i]!]));
}

/** The request with what the principal's requests carry (its organization, a tag, ...). */
function withCarried<R extends EvalRequest>(p: DiffPrincipal, request: R): R {
  return p.carries ? { ...request, context: { ...request.context, [p.carries.key]: p.carries.value } } : request;
}

/** Whether nobody (no named principal, no account through IAM) can keep kms:PutKeyPolicy, however the unknowns resolve. AWS managed keys are exempt by design. */
export function lockedOut(model: PolicyModel): boolean {
  if (model.kind !== 'key-policy' || model.parseErrors.length > 0 || model.statements.length === 0) return false;
  const id = model.properties.get('Id')?.children?.[1]?.value;
  if (typeof id === 'string' && id.startsWith('auto-')) return false;
  return putKeyPolicyCheck(model, undefined, { decide: true }).lockout;
}
