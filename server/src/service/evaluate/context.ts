/** The request context, keyed case-insensitively, and policy variables (`${aws:username}`) resolved from it. */
import type { EvalRequest } from './types';

/**
 * Lower-case key to string values. `unknown` says which keys the request leaves open (the caller's tags, its
 * organization, ...): such a key is neither present nor absent, and what depends on it is undecided.
 */
export type Context = Map<string, string[]> & { unknown?: (lowerKey: string) => boolean };

/** Whether the request leaves `lowerKey` open (it is not in the context, and the request says it may be anything). */
export const isUnknown = (context: Context, lowerKey: string): boolean => !context.has(lowerKey) && context.unknown?.(lowerKey) === true;

/** Lower-case key to string values; an empty array counts as absent. */
export function contextOf(request: EvalRequest): Context {
  const map: Context = new Map();
  if (request.unknownKeys) map.unknown = request.unknownKeys;
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
 * Substitutes policy variables. Returns undefined when a variable cannot be resolved (the request lacks its
 * key, or the key has several values, and there is no default): AWS's policy-variable documentation says any
 * attempt to match such a value fails. Returns null when a variable names a key the request leaves open.
 * Substituted text never acts as a wildcard.
 */
export function substitute(value: string, context: Context): string | undefined | null {
  if (!value.includes('${')) return value;
  let missing = false;
  let open = false;
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
    const key = m[1]!.toLowerCase();
    const values = context.get(key);
    if (values?.length === 1) return literal(values[0]!);
    if (values === undefined && isUnknown(context, key)) {
      open = true;
      return '';
    }
    if (m[2] !== undefined) return literal(m[2]);
    missing = true;
    return '';
  });
  return missing ? undefined : open ? null : out;
}

/** The text with the literal stand-ins turned back into `*` and `?` (for exact comparisons). */
export const plain = (s: string): string => s.replace(/\uE000/g, '*').replace(/\uE001/g, '?');
