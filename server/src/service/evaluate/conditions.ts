/**
 * One statement's Condition block: operators AND-ed, keys AND-ed, values OR-ed (NOR for negated operators),
 * `...IfExists`, `ForAnyValue:` / `ForAllValues:`, `Null`, and the missing-key rules of AWS's documentation.
 */
import { hasHoles } from '../symbolic';
import { isUnknown, substitute, type Context } from './context';
import { parseOperator, type OperatorSpec } from './operators';
import { references, triAnd, triNot, triOr, type Tri } from './symbols';
import type { EvalCondition } from './statements';
import type { ConditionFailure } from './types';

const show = (v: unknown) => JSON.stringify(v);

/** The policy values as strings, computed once per (cached) condition. */
const policyStrings = (c: EvalCondition): string[] => (c.strings ??= c.values.map((v) => (v === null ? 'null' : String(v))));

/** The memo key of a key's request values: absent, left open by the request, or the values. */
export function valuesKey(context: Context, lowerKey: string): string {
  const values = context.get(lowerKey);
  return values === undefined ? (isUnknown(context, lowerKey) ? OPEN : ABSENT) : values.length === 1 ? values[0]! : values.join('\u0000');
}
const ABSENT = '\u0001';
const OPEN = '\u0002';

/**
 * Whether the condition holds for the request context: `'maybe'` when it depends on a hole or on a key the
 * request leaves open. Without policy variables the answer depends only on the values of the condition's own
 * key, so it is memoized per value on the (cached) condition.
 */
export function holds(c: EvalCondition, context: Context, variables: boolean): Tri {
  const lower = (c.keyLower ??= c.key.toLowerCase());
  const usesVariables = variables && (c.hasVariables ??= policyStrings(c).some((v) => v.includes('${')));
  if (usesVariables) return compute(c, lower, context, variables);
  const memoKey = valuesKey(context, lower);
  const memo = (c.memo ??= new Map());
  const hit = memo.get(memoKey);
  if (hit !== undefined) return hit;
  const result = compute(c, lower, context, variables);
  memo.set(memoKey, result);
  return result;
}

/**
 * The policy values ready to compare: undefined for a value that cannot be resolved (an unresolved policy
 * variable, or a variable where the operator takes none), null for one that depends on a key the request
 * leaves open.
 */
function resolvedValues(c: EvalCondition, spec: OperatorSpec, context: Context, variables: boolean): (string | undefined | null)[] {
  const values = policyStrings(c);
  if (!variables) return values;
  return spec.variables ? values.map((v) => substitute(v, context)) : values.map((v) => (v.includes('${') ? undefined : v));
}

function compute(c: EvalCondition, lower: string, context: Context, variables: boolean): Tri {
  // A key or operator the file leaves open (`variable = var.key`, `test = var.test`) may be any: whether the condition holds is open too.
  if (hasHoles(lower) || hasHoles(c.operator)) return 'maybe';
  const op = parseOperator(c.operator);
  if (!op) return false;
  const actual = context.get(lower);
  const { spec, set } = op;
  if (actual === undefined && isUnknown(context, lower)) return 'maybe';
  const present = actual !== undefined && actual.length > 0;
  if (spec.family === 'Null') {
    return policyStrings(c).some((v) => (v.toLowerCase() === 'true' ? !present : v.toLowerCase() === 'false' ? present : false));
  }
  // A missing key is decided without comparing any value (so no variable is resolved).
  if (!present) return op.ifExists || set === 'ForAllValues' || (set === undefined && spec.negated);
  const resolved = resolvedValues(c, spec, context, variables);
  // AWS: an attempt to match an unresolved variable fails, so a negated operator cannot hold.
  if (spec.negated && resolved.includes(undefined)) return false;
  const policyHoles = (c.hasHoles ??= policyStrings(c).some(hasHoles));
  const matchesAny = (value: string): Tri => {
    // Without holes on either side (the usual case) the boolean test decides.
    const symbolic = policyHoles || hasHoles(value);
    let r: Tri = false;
    for (const p of resolved) {
      if (p === undefined) continue;
      r = triOr(r, p === null ? 'maybe' : symbolic || hasHoles(p) ? spec.tri(value, p) : spec.test(value, p));
      if (r === true) break;
    }
    return r;
  };
  const ok = (value: string): Tri => (spec.negated ? triNot(matchesAny(value)) : matchesAny(value));
  if (set === 'ForAllValues') return actual.reduce<Tri>((acc, v) => (acc === false ? false : triAnd(acc, ok(v))), true);
  if (set === 'ForAnyValue') return actual.reduce<Tri>((acc, v) => (acc === true ? true : triOr(acc, ok(v))), false);
  // A plain operator compares one value: a request with several values of a multivalued key never matches it.
  return actual.length > 1 ? false : ok(actual[0]!);
}

/** Why a condition that does not hold fails, for people. */
export function explain(c: EvalCondition, context: Context, variables = false): string {
  const op = parseOperator(c.operator);
  if (!op) return `\`${c.operator}\` is not a condition operator AWS knows, so the condition never holds`;
  const actual = context.get(c.key.toLowerCase());
  const present = actual !== undefined && actual.length > 0;
  const { spec, set } = op;
  if (spec.family === 'Null') return present ? `\`${c.key}\` is present in the request` : `\`${c.key}\` is not in the request`;
  if (!present) return `\`${c.key}\` is not in the request, so \`${c.operator}\` does not match`;
  const got = actual.length === 1 ? show(actual[0]) : show(actual);
  const unresolved = resolvedValues(c, spec, context, variables).flatMap((v, i) => (v === undefined ? [policyStrings(c)[i]!] : []));
  if (unresolved.length > 0 && (spec.negated || unresolved.length === c.values.length)) {
    return `${show(unresolved[0])} names a value this request does not have, and AWS fails any match against an unresolved policy variable`;
  }
  if (!set && actual.length > 1) {
    return `\`${c.key}\` has ${actual.length} values in the request (${got}), and a plain \`${c.operator}\` compares a single value, so it does not match (use \`ForAnyValue:\` or \`ForAllValues:\`)`;
  }
  const want = c.values.length === 1 ? show(c.values[0]) : `any of ${show(c.values)}`;
  if (set === 'ForAllValues') return `not every value of \`${c.key}\` (${got}) ${spec.negated ? 'avoids' : 'is among'} ${show(c.values)}`;
  if (set === 'ForAnyValue') return `no value of \`${c.key}\` (${got}) ${spec.negated ? 'avoids' : 'matches'} ${show(c.values)}`;
  return spec.negated ? `\`${c.key}\` is ${got}, which \`${c.operator}\` excludes` : `\`${c.key}\` is ${got}, which does not match ${want}`;
}

/** A failed condition whose reason is worked out only when someone reads it (most are never read). */
class Failure implements ConditionFailure {
  readonly operator: string;
  readonly key: string;
  readonly values: ConditionFailure['values'];
  readonly operatorNode: ConditionFailure['operatorNode'];
  readonly keyNode: ConditionFailure['keyNode'];
  private text?: string;
  constructor(private readonly condition: EvalCondition, private readonly context: Context, private readonly variables: boolean) {
    this.operator = condition.operator;
    this.key = condition.key;
    this.values = condition.values;
    this.operatorNode = condition.source?.operator.property.children?.[0];
    this.keyNode = condition.source?.key.property.children?.[0];
  }
  get reason(): string {
    return (this.text ??= explain(this.condition, this.context, this.variables));
  }
  toJSON() {
    return { operator: this.operator, key: this.key, values: this.values, reason: this.reason };
  }
}

export interface ConditionsOutcome {
  failures: ConditionFailure[];
  /** What the undecided conditions depend on: references (`${AWS::AccountId}`) and keys the request leaves open. */
  undecided: string[];
}

/** Every condition of a statement that fails, with the reason and where it is written, and what the undecided ones depend on. */
export function conditionsOutcome(conditions: EvalCondition[], context: Context, variables: boolean): ConditionsOutcome {
  let failures: ConditionFailure[] | undefined;
  let undecided: string[] | undefined;
  for (const c of conditions) {
    const h = holds(c, context, variables);
    if (h === true) continue;
    if (h === 'maybe') {
      (undecided ??= []).push(...dependsOn(c, context));
      continue;
    }
    // Without policy variables a failure depends only on the key's values: reuse it across requests.
    let failure: ConditionFailure;
    if (c.hasVariables && variables) failure = new Failure(c, context, variables);
    else {
      const k = valuesKey(context, c.keyLower!);
      const cache = (c.failures ??= new Map());
      failure = cache.get(k) ?? cache.set(k, new Failure(c, context, variables)).get(k)!;
    }
    (failures ??= []).push(failure);
  }
  return failures || undecided ? { failures: failures ?? NONE, undecided: undecided ? [...new Set(undecided)] : NO_KEYS } : NOTHING;
}

/** What an undecided condition depends on: the key when the request leaves it open, else the references in its values. */
function dependsOn(c: EvalCondition, context: Context): string[] {
  const lower = c.keyLower ?? c.key.toLowerCase();
  if (isUnknown(context, lower)) return (c.openKey ??= [c.key]);
  const refs = [c.operator, c.key, ...policyStrings(c), ...(context.get(lower) ?? [])].flatMap(references);
  const vars = policyStrings(c).flatMap((v) => [...v.matchAll(/\$\{\s*([^,}\s]+)/g)].map((m) => m[1]!)).filter((k) => isUnknown(context, k.toLowerCase()));
  return [...refs, ...vars];
}

const NONE: ConditionFailure[] = [];
const NO_KEYS: string[] = [];
const NOTHING: ConditionsOutcome = { failures: NONE, undecided: NO_KEYS };
