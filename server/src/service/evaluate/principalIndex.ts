/**
 * Which statements can apply to a caller, found without looking at the others: statements are indexed by
 * the accounts, roles, users, sessions and services they name. Wildcards, NotPrincipal and statements
 * without a principal (identity policies) are always candidates.
 */
import { derived } from '../derived';
import { hasHoles } from '../symbolic';
import { formOf, type Caller } from './principals';
import type { EvalPolicy, EvalStatement } from './statements';
import type { StatementOutcome } from './types';

interface PrincipalIndex {
  always: number[];
  byKey: Map<string, number[]>;
  /** The outcome of a statement that names other principals, per position (shared, never mutated). */
  none: StatementOutcome[];
  /**
   * Per position: whether the statement can apply to many callers (everyone, or an account), so its outcomes
   * are worth remembering across callers; one naming a role or user is evaluated for that caller alone.
   */
  shared: boolean[];
}

const INDEX = Symbol('principalIndex');

function entryKeys(st: EvalStatement): string[] | 'always' {
  if (!st.principal || st.principal.wildcard) return 'always';
  const keys: string[] = [];
  for (const e of st.principal.entries) {
    if (e.type === 'Service' && !hasHoles(e.value)) keys.push(`service:${e.value.toLowerCase()}`);
    else if (e.type !== 'AWS' || e.value === '*' || hasHoles(e.value)) return 'always';
    else {
      const f = formOf(e);
      if (f.form === 'account') keys.push(`acct:${f.account}`);
      else if (f.form === 'role' || f.form === 'user') keys.push(`${f.form}:${f.account}:${f.name.toLowerCase()}`);
      else if (f.form === 'assumed-role' || f.form === 'federated-user') keys.push(`arn:${e.value}`);
    }
  }
  return keys;
}

function build(policy: EvalPolicy): PrincipalIndex {
  const index: PrincipalIndex = { always: [], byKey: new Map(), none: [], shared: [] };
  policy.statements.forEach((st, i) => {
    index.none.push(Object.freeze({ index: st.index, effect: st.effect, principal: 'none', action: false, resource: false, failedConditions: [], applies: false }));
    const keys = entryKeys(st);
    index.shared.push(keys === 'always' || keys.some((k) => k.startsWith('acct:')));
    if (keys === 'always') index.always.push(i);
    else for (const k of new Set(keys)) (index.byKey.get(k) ?? index.byKey.set(k, []).get(k)!).push(i);
  });
  return index;
}

export function principalIndex(policy: EvalPolicy): PrincipalIndex {
  return derived(policy, INDEX, () => build(policy));
}

/** Positions of the statements that may apply to the caller, in policy order. */
export function candidates(index: PrincipalIndex, caller: Caller): number[] {
  // A caller with holes may be any of the principals the policy names.
  if (hasHoles(caller.text)) return index.none.map((_, i) => i);
  const keys: string[] = [];
  const name = caller.name?.toLowerCase();
  if (caller.account) keys.push(`acct:${caller.account}`);
  if (caller.kind === 'role' || caller.kind === 'assumed-role') keys.push(`role:${caller.account}:${name}`);
  if (caller.kind === 'user') keys.push(`user:${caller.account}:${name}`);
  if (caller.kind === 'assumed-role' || caller.kind === 'federated-user') keys.push(`arn:${caller.text}`);
  if (caller.kind === 'service') keys.push(`service:${caller.text.toLowerCase()}`);
  const found = new Set(index.always);
  for (const k of keys) for (const i of index.byKey.get(k) ?? []) found.add(i);
  return [...found].sort((a, b) => a - b);
}
