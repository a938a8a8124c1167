/**
 * What the evaluator reads of a policy, as one string: its Version and each statement's Effect, principals,
 * actions, resources and conditions, in order; never where they are written, nor a Sid. Judgements that are pure
 * functions of that content (who keeps control of the key, HealthLake's simulated requests) are remembered by it
 * across edits: typing in a Sid, whitespace or a value's layout leaves them as they were.
 */
import { derived } from '../derived';
import type { PolicyModel, PrincipalBlock, ValueList } from '../model';

const KEY = Symbol('contentKey');

const list = (l: ValueList | undefined) => l?.items.map((i) => i.value);
const principals = (b: PrincipalBlock | undefined) => b && [b.wildcard !== undefined, b.entries.map((e) => [e.type, list(e.values)])];

/** The policy's content as the evaluator reads it; computed once per model. */
export function contentKey(model: PolicyModel): string {
  return derived(model, KEY, () => JSON.stringify([model.version?.value, model.statements.map((st) => [
    st.effect?.value, principals(st.principal), principals(st.notPrincipal),
    list(st.action), list(st.notAction), list(st.resource), list(st.notResource),
    st.condition?.operators.map((op) => [op.operator, op.keys.map((k) => [k.key, k.values.map((v) => v.value)])]),
  ])]));
}

/** Results by content key, the least recently used out past `max` (each may keep the model it was computed on alive). */
export class ContentMemo<T> {
  private readonly entries = new Map<string, T>();

  constructor(private readonly max: number) {}

  /** The remembered value for `key` (moved to fit the caller, undefined to compute it again), or `compute()`'s. */
  get(key: string, compute: () => T, reuse: (remembered: T) => T | undefined = (v) => v): T {
    const hit = this.entries.get(key);
    this.entries.delete(key);
    const reused = hit === undefined ? undefined : reuse(hit);
    this.entries.set(key, reused === undefined ? compute() : hit!);
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
    return reused ?? this.entries.get(key)!;
  }
}
