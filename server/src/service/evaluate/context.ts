/** The request context, keyed case-insensitively, and policy variables (`${aws:username}`) resolved from it. */
import type { EvalRequest } from './types';

export type Context = Map<string, string[]>;

/** Lower-case key to string values; an empty array counts as absent. */
export function contextOf(request: EvalRequest): Context {
  const map: Context = new Map();
  const context = request.context;
  if (!context) return map;
  // A plain loop: this runs for every request of every principal a large policy names.
  for (const key of Object.keys(context)) {
    const raw = context[key];
    if (raw === undefined) continue;
    const list = Array.isArray(raw) ? raw.map(String) : [typeof raw === 'string' ? raw : String(raw)];
    if (list.length > 0) map.set(lowerKey(key), list);
  }
  return map;
}

/** Context keys repeat across requests: their lower-case forms are remembered (bounded). */
const lowerKeys = new Map<string, string>();
function lowerKey(key: string): string {
  let lower = lowerKeys.get(key);
  if (lower === undefined) {
    if (lowerKeys.size >= 1000) lowerKeys.clear();
    lowerKeys.set(key, (lower = key.toLowerCase()));
  }
  return lower;
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
