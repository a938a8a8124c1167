/**
 * Public access by evaluation: what one statement lets a caller from an unrelated account do, with whatever
 * that caller's request carries beyond its identity (organization, network, tags) left open, so a statement
 * is only public when it lets such a caller in however those resolve.
 */
import { evaluate } from './evaluate';
import { adminRequest, openRequest } from './lockout';
import type { EvalPolicy } from './statements';

/** An account no policy names (the first of three the policy does not mention). */
export function outsiderAccount(named: readonly string[]): string {
  return ['999999999999', '999999999998', '999999999997'].find((a) => !named.includes(a))!;
}

/** The probe actions that statement `index` alone certainly allows a caller from `outsider`. */
export function publicActions(policy: EvalPolicy, index: number, probes: readonly string[], outsider: string): string[] {
  const st = policy.statements.find((s) => s.index === index);
  if (!st || st.effect !== 'Allow') return [];
  const alone: EvalPolicy = { ...policy, statements: [st] };
  const caller = `arn:aws:iam::${outsider}:role/Outsider`;
  return [...new Set(probes)].filter((a) => {
    const r = evaluate(alone, openRequest(adminRequest(caller, outsider, a)));
    return r.decision === 'Allow' && !r.undecided;
  });
}
