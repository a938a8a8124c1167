/** Value trees copied to new offsets, as a block that an edit moved reuses them. */
import type { HostEntry, HostValue } from '../types';
import { markUnknown, unknownOrigin } from '../unknownStatements';
import { mark, syntaxOf } from './syntax';

/**
 * A deep copy with every `{ offset, length }` moved by `delta`, syntax marks (their ranges too) kept, and every
 * string through `strings` (`own`: copied, see `detached`). A site's writer and functions are kept as they are.
 */
export function copied<T>(value: T, delta: number, strings?: (s: string) => string): T {
  const copy = (v: unknown): unknown => {
    if (typeof v === 'string') return strings ? strings(v) : v;
    if (typeof v !== 'object' || v === null) return v;
    if (Array.isArray(v)) return v.map(copy);
    if (v instanceof Map) return new Map([...v].map(([k, x]) => [copy(k), copy(x)]));
    if (Object.getPrototypeOf(v) !== Object.prototype) return v;
    const o: Record<string, unknown> = {};
    for (const k in v) {
      const x = (v as Record<string, unknown>)[k];
      o[k] = k === 'offset' && typeof x === 'number' && 'length' in v ? x + delta : k === 'writer' ? x : copy(x);
    }
    const syntax = syntaxOf(v as HostValue | HostEntry);
    if (syntax) mark(o as unknown as HostValue, copy(syntax) as typeof syntax);
    const origin = unknownOrigin(v as HostValue);
    if (origin !== undefined) markUnknown(o, origin);
    return o;
  };
  return copy(value) as T;
}
