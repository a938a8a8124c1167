/**
 * The condition operators by family (String, Numeric, Date, Bool, Binary, IpAddress, Arn, Null). A negated
 * operator is stored with its positive test; conditions.ts applies the negation over the values (NOR).
 */
import { hasHoles } from '../symbolic';
import { ipInCidr } from './ip';
import { triArnMatch, triMatch, type Tri } from './symbols';
import { arnMatch, wildcardMatch } from './wildcard';

export type Family = 'String' | 'Numeric' | 'Date' | 'Bool' | 'Binary' | 'IpAddress' | 'Arn' | 'Null';

export interface OperatorSpec {
  family: Family;
  negated: boolean;
  /** Whether policy variables are substituted in the policy values. */
  variables: boolean;
  /** The positive test of one context value against one policy value. */
  test(contextValue: string, policyValue: string): boolean;
  /** The same test where either value may have holes (symbolic.ts): undecided when it depends on them. */
  tri(contextValue: string, policyValue: string): Tri;
}

const num = (s: string): number => (s.trim() === '' ? NaN : Number(s));
/** ISO 8601 or epoch seconds, as milliseconds. */
function date(s: string): number {
  const t = s.trim();
  return /^-?\d+$/.test(t) ? Number(t) * 1000 : Date.parse(t);
}
const cmp = (parse: (s: string) => number, ok: (d: number) => boolean) => (c: string, p: string) => {
  const a = parse(c);
  const b = parse(p);
  return !Number.isNaN(a) && !Number.isNaN(b) && ok(a - b);
};

const table: Record<string, OperatorSpec> = {};
/** Without a symbolic test of its own, a comparison with a hole (a number, a date, an address) is undecided. */
const opaqueTri = (test: OperatorSpec['test']) => (c: string, p: string): Tri => (hasHoles(c) || hasHoles(p) ? 'maybe' : test(c, p));
const add = (name: string, family: Family, negated: boolean, test: OperatorSpec['test'], tri: OperatorSpec['tri'] = opaqueTri(test)) => {
  table[name.toLowerCase()] = { family, negated, variables: family === 'String' || family === 'Arn', test, tri };
};

const equals = (c: string, p: string) => c === p;
const equalsIgnoreCase = (c: string, p: string) => c.toLowerCase() === p.toLowerCase();
const triEq = (c: string, p: string) => triMatch(plainValue(p), c, false);
const triEqIc = (c: string, p: string) => triMatch(plainValue(p), c, false, true);
const triLike = (c: string, p: string) => triMatch(p, c, true);
add('StringEquals', 'String', false, (c, p) => equals(c, plainValue(p)), triEq);
add('StringNotEquals', 'String', true, (c, p) => equals(c, plainValue(p)), triEq);
add('StringEqualsIgnoreCase', 'String', false, (c, p) => equalsIgnoreCase(c, plainValue(p)), triEqIc);
add('StringNotEqualsIgnoreCase', 'String', true, (c, p) => equalsIgnoreCase(c, plainValue(p)), triEqIc);
add('StringLike', 'String', false, (c, p) => wildcardMatch(p, c), triLike);
add('StringNotLike', 'String', true, (c, p) => wildcardMatch(p, c), triLike);
for (const [suffix, ok] of [['Equals', (d: number) => d === 0], ['LessThan', (d: number) => d < 0], ['LessThanEquals', (d: number) => d <= 0],
  ['GreaterThan', (d: number) => d > 0], ['GreaterThanEquals', (d: number) => d >= 0]] as const) {
  add(`Numeric${suffix}`, 'Numeric', false, cmp(num, ok));
  add(`Date${suffix}`, 'Date', false, cmp(date, ok));
}
add('NumericNotEquals', 'Numeric', true, cmp(num, (d) => d === 0));
add('DateNotEquals', 'Date', true, cmp(date, (d) => d === 0));
add('Bool', 'Bool', false, (c, p) => c.toLowerCase() === p.toLowerCase());
add('BinaryEquals', 'Binary', false, equals);
add('IpAddress', 'IpAddress', false, ipInCidr);
add('NotIpAddress', 'IpAddress', true, ipInCidr);
const triArn = (c: string, p: string) => triArnMatch(p, c);
add('ArnEquals', 'Arn', false, (c, p) => arnMatch(p, c), triArn);
add('ArnLike', 'Arn', false, (c, p) => arnMatch(p, c), triArn);
add('ArnNotEquals', 'Arn', true, (c, p) => arnMatch(p, c), triArn);
add('ArnNotLike', 'Arn', true, (c, p) => arnMatch(p, c), triArn);
add('Null', 'Null', false, () => false);

/** Substituted values carry stand-ins for literal `*` / `?`; exact comparisons want the characters. */
function plainValue(p: string): string {
  return p.replace(/\uE000/g, '*').replace(/\uE001/g, '?');
}

export interface ParsedOperator {
  spec: OperatorSpec;
  set?: 'ForAnyValue' | 'ForAllValues';
  ifExists: boolean;
}

/** `ForAllValues:StringLikeIfExists` and the like; undefined for an unknown operator. Operators are case-sensitive in AWS, but a wrong case is reported by the grammar rules, so it is read here. */
export function parseOperator(operator: string): ParsedOperator | undefined {
  if (parsedCache.has(operator)) return parsedCache.get(operator);
  const parsed = parse(operator);
  if (parsedCache.size > 1000) parsedCache.clear();
  parsedCache.set(operator, parsed);
  return parsed;
}

const parsedCache = new Map<string, ParsedOperator | undefined>();

function parse(operator: string): ParsedOperator | undefined {
  const m = /^(?:(ForAnyValue|ForAllValues):)?(.+?)(IfExists)?$/i.exec(operator);
  if (!m) return undefined;
  const spec = table[m[2]!.toLowerCase()];
  if (!spec || (spec.family === 'Null' && (m[3] || m[1]))) return undefined;
  const set = m[1] ? (m[1].toLowerCase() === 'foranyvalue' ? 'ForAnyValue' : 'ForAllValues') : undefined;
  return { spec, set, ifExists: m[3] !== undefined };
}
