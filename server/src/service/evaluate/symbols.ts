/**
 * Three-valued matching of values with holes (symbolic.ts): `true` when the match holds however the holes
 * resolve, `false` when it cannot hold, `'maybe'` when it depends on them. A known symbol (this account, this
 * Region, the partition, the URL suffix) equals itself whatever the host calls it; any other reference equals
 * itself when it is the same reference.
 */
import { hasHoles, holes, templatePattern, type HoleKind } from '../symbolic';
import { arnMatch, splitArn, wildcardMatch } from './wildcard';

export type Tri = true | false | 'maybe';

export const triAnd = (a: Tri, b: Tri): Tri => (a === false || b === false ? false : a === true && b === true ? true : 'maybe');
export const triOr = (a: Tri, b: Tri): Tri => (a === true || b === true ? true : a === false && b === false ? false : 'maybe');
export const triNot = (a: Tri): Tri => (a === 'maybe' ? a : !a);

const KNOWN = new Set<string>(['account', 'region', 'partition', 'urlsuffix']);

/** The value with known symbols reduced to their kind, so `${AWS::AccountId}` equals `${data.aws_caller_identity.current.account_id}`. */
export function canonical(value: string): string {
  if (!hasHoles(value)) return value;
  let out = '';
  let last = 0;
  for (const h of holes(value)) {
    out += value.slice(last, h.start) + (KNOWN.has(h.kind) ? `\uE010${h.kind}|\uE011` : value.slice(h.start, h.end));
    last = h.end;
  }
  return out + value.slice(last);
}

/** The references a value depends on, as people read them (`${AWS::AccountId}`). */
export const references = (value: string): string[] => holes(value).map((h) => `\${${h.display}}`);

/** Two stand-ins per kind: a match that holds for both is taken to hold for every value of the hole. */
const SAMPLES: Record<string, [string, string]> = {
  account: ['210987654321', '123456789098'], region: ['us-east-1', 'eu-west-3'], partition: ['aws', 'aws-cn'],
  urlsuffix: ['amazonaws.com', 'amazonaws.com.cn'],
};
const sampleOf = (kind: HoleKind, i: 0 | 1) => SAMPLES[kind]?.[i] ?? (i === 0 ? 'hlkmsSample0' : 'hlkms/sample:1');

function instantiate(value: string, i: 0 | 1): string {
  let out = '';
  let last = 0;
  for (const h of holes(value)) {
    out += value.slice(last, h.start) + sampleOf(h.kind, i);
    last = h.end;
  }
  return out + value.slice(last);
}

const cache = new Map<string, RegExp>();
function regex(source: string, ignoreCase: boolean): RegExp {
  const k = `${ignoreCase ? 'i' : 's'}:${source}`;
  let re = cache.get(k);
  if (!re) {
    re = new RegExp(`^${source}$`, ignoreCase ? 'is' : 's');
    if (cache.size > 2000) cache.clear();
    cache.set(k, re);
  }
  return re;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const wildcardSource = (s: string) => s.split(/([*?])/).map((p) => (p === '*' ? '.*' : p === '?' ? '.' : escape(p)))
  .join('').replace(/\uE000/g, '\\*').replace(/\uE001/g, '\\?');

/** A regular expression source for a policy value with wildcards and holes (each hole as the shape its kind has). */
function patternSource(pattern: string, wildcards: boolean): string {
  let out = '';
  let last = 0;
  const lit = wildcards ? wildcardSource : escape;
  for (const h of holes(pattern)) {
    out += lit(pattern.slice(last, h.start)) + templatePattern(pattern.slice(h.start, h.end));
    last = h.end;
  }
  return out + lit(pattern.slice(last));
}

/** The literal text before the first hole or wildcard, and after the last. */
function ends(value: string, wildcards: boolean): [string, string] {
  const stops = holes(value).flatMap((h) => [h.start, h.end]);
  if (wildcards) for (const m of value.matchAll(/[*?]/g)) stops.push(m.index, m.index + 1);
  if (stops.length === 0) return [value, value];
  return [value.slice(0, Math.min(...stops)), value.slice(Math.max(...stops))];
}

/** Whether the literal ends of two values with unknown middles can agree. */
function endsAgree(a: [string, string], b: [string, string], ignoreCase: boolean): boolean {
  const f = (s: string) => (ignoreCase ? s.toLowerCase() : s);
  const [ap, as] = [f(a[0]), f(a[1])];
  const [bp, bs] = [f(b[0]), f(b[1])];
  return (ap.startsWith(bp) || bp.startsWith(ap)) && (as.endsWith(bs) || bs.endsWith(as));
}

/**
 * `pattern` (a policy value; `*` and `?` are wildcards when `wildcards`) against `text` (a request value);
 * either may have holes.
 */
export function triMatch(pattern: string, text: string, wildcards: boolean, ignoreCase = false): Tri {
  const ph = hasHoles(pattern);
  const th = hasHoles(text);
  const exact = (p: string, t: string) => (wildcards ? wildcardMatch(p, t, ignoreCase) : ignoreCase ? p.toLowerCase() === t.toLowerCase() : p === t);
  if (!ph && !th) return exact(pattern, text);
  const cp = canonical(pattern);
  const ct = canonical(text);
  if (ignoreCase ? cp.toLowerCase() === ct.toLowerCase() : cp === ct) return true;
  if (ph && !th) return regex(patternSource(pattern, wildcards), ignoreCase).test(text) ? 'maybe' : false;
  if (th && !ph) {
    const a = exact(pattern, instantiate(text, 0));
    const b = exact(pattern, instantiate(text, 1));
    if (a && b) return true;
    if (a || b) return 'maybe';
    if (!wildcards || !/[*?]/.test(pattern)) return regex(templatePattern(text), ignoreCase).test(pattern) ? 'maybe' : false;
  }
  return endsAgree(ends(pattern, wildcards), ends(text, false), ignoreCase) ? 'maybe' : false;
}

/** Exact equality (no wildcards) of two values that may have holes. */
export const triEquals = (a: string, b: string, ignoreCase = false): Tri => triMatch(a, b, false, ignoreCase);

/**
 * ArnEquals / ArnLike where either ARN may have holes. A whole-hole value (the ARN of something defined
 * elsewhere) is compared as one string.
 */
export function triArnMatch(pattern: string, arn: string): Tri {
  if (!hasHoles(pattern) && !hasHoles(arn)) return arnMatch(pattern, arn);
  const p = splitArn(pattern);
  const a = splitArn(arn);
  if (!p || !a) return triMatch(pattern, arn, true);
  return p.reduce<Tri>((acc, part, i) => (acc === false ? false : triAnd(acc, triMatch(part, a[i]!, true))), true);
}
