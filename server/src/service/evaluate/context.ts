/** The request context, keyed case-insensitively, and policy variables (`${aws:username}`) resolved from it. */
import type { ContextValue, EvalRequest } from './types';

export type Context = Map<string, string[]>;

/** Lower-case key to string values; an empty array counts as absent. */
export function contextOf(request: EvalRequest): Context {
  const map: Context = new Map();
  for (const [key, raw] of Object.entries(request.context ?? {})) {
    if (raw === undefined) continue;
    const list = (Array.isArray(raw) ? raw : [raw]).map((v: ContextValue) => String(v));
    if (list.length > 0) map.set(key.toLowerCase(), list);
  }
  return map;
}

/** Stand-ins for `*` and `?` that must match literally (from `${*}`, `${?}` or a substituted value). */
export const LITERAL_STAR = '\uE000';
export const LITERAL_QMARK = '\uE001';

const VARIABLE = /\$\{([^}]*)\}/g;

/**
 * Substitutes policy variables. Returns undefined when a variable names a key the request lacks (and has no
 * default): such a value matches nothing. Substituted text never acts as a wildcard.
 */
export function substitute(value: string, context: Context): string | undefined {
  if (!value.includes('${')) return value;
  let missing = false;
  const out = value.replace(VARIABLE, (_, inner: string) => {
    const literal = (s: string) => s.replace(/\*/g, LITERAL_STAR).replace(/\?/g, LITERAL_QMARK);
    if (inner === '*') return LITERAL_STAR;
    if (inner === '?') return LITERAL_QMARK;
    if (inner === '$') return '$';
    const m = /^\s*([^,\s]+)\s*(?:,\s*'([^']*)'\s*)?$/.exec(inner);
    if (!m) {
      missing = true;
      return '';
    }
    const values = context.get(m[1]!.toLowerCase());
    if (values?.length === 1) return literal(values[0]!);
    if (m[2] !== undefined) return literal(m[2]);
    missing = true;
    return '';
  });
  return missing ? undefined : out;
}

/** The text with the literal stand-ins turned back into `*` and `?` (for exact comparisons). */
export const plain = (s: string): string => s.replace(/\uE000/g, '*').replace(/\uE001/g, '?');
