/**
 * Results derived from a short-lived object (a document's model, the evaluator's view of a policy),
 * computed once and kept on the object itself.
 *
 * Not in a module-level WeakMap keyed by the object: V8's minor GC keeps the young entries of a long-lived
 * WeakMap alive, so every model (one per edit) and all it references survived into the old generation, and
 * each minor GC copied megabytes (about 15 ms on a 32 KB key policy). The slot is non-enumerable, so
 * spreading the object (`{ ...policy, statements }`) does not carry results over to a different object.
 */
const SLOT = Symbol('derived');

type Owner = object & { [SLOT]?: Map<symbol, unknown> };

function slots(owner: Owner): Map<symbol, unknown> {
  let map = owner[SLOT];
  if (!map) Object.defineProperty(owner, SLOT, { value: (map = new Map()) });
  return map;
}

/** The value derived from `owner` under `key`, computed on first use. */
export function derived<T>(owner: object, key: symbol, compute: () => T): T {
  const map = slots(owner);
  if (map.has(key)) return map.get(key) as T;
  const value = compute();
  map.set(key, value);
  return value;
}

/** The value stored under `key`, if any (for results that depend on more than the owner). */
export const peekDerived = <T>(owner: object, key: symbol): T | undefined => slots(owner).get(key) as T | undefined;

/** Stores (or replaces) the value under `key`. */
export function storeDerived<T>(owner: object, key: symbol, value: T): T {
  slots(owner).set(key, value);
  return value;
}
