/**
 * One statement's Condition block: operators AND-ed, keys AND-ed, values OR-ed (NOR for negated operators),
 * `...IfExists`, `ForAnyValue:` / `ForAllValues:`, `Null`, and the missing-key rules of AWS's documentation.
 */
import { substitute, type Context } from './context';
import { parseOperator } from './operators';
import type { EvalCondition } from './statements';
import type { ConditionFailure } from './types';

const show = (v: unknown) => JSON.stringify(v);

/** The policy values as strings, computed once per (cached) condition. */
const policyStrings = (c: EvalCondition): string[] => (c.strings ??= c.values.map((v) => (v === null ? 'null' : String(v))));

/**
 * Whether the condition holds for the request context. Without policy variables the answer depends only on
 * the values of the condition's own key, so it is memoized per value on the (cached) condition.
 */
export function holds(c: EvalCondition, context: Context, variables: boolean): boolean {
  const actual = context.get((c.keyLower ??= c.key.toLowerCase()));
  const memoKey = actual === undefined ? '\u0001' : actual.join('\u0000');
  const memo = (c.memo ??= new Map());
  const usesVariables = variables && (c.hasVariables ??= policyStrings(c).some((v) => v.includes('${')));
  if (!usesVariables) {
    const hit = memo.get(memoKey);
    if (hit !== undefined) return hit;
  }
  const result = compute(c, actual, context, variables);
  if (!usesVariables) memo.set(memoKey, result);
  return result;
}

function compute(c: EvalCondition, actual: string[] | undefined, context: Context, variables: boolean): boolean {
  const op = parseOperator(c.operator);
  if (!op) return false;
  const policyValues = policyStrings(c);
  const present = actual !== undefined && actual.length > 0;
  const { spec, set } = op;
  if (spec.family === 'Null') {
    return policyValues.some((v) => (v.toLowerCase() === 'true' ? !present : v.toLowerCase() === 'false' ? present : false));
  }
  if (!present) return op.ifExists || set === 'ForAllValues' || (set === undefined && spec.negated);
  const resolved = spec.variables && variables ? policyValues.map((v) => substitute(v, context)) : policyValues;
  const matchesAny = (value: string) => resolved.some((p) => p !== undefined && spec.test(value, p));
  const ok = (value: string) => (spec.negated ? !matchesAny(value) : matchesAny(value));
  if (set === 'ForAllValues') return actual.every(ok);
  if (set === 'ForAnyValue') return actual.some(ok);
  return spec.negated ? !actual.some(matchesAny) : actual.some(matchesAny);
}

/** Why a condition that does not hold fails, for people. */
export function explain(c: EvalCondition, context: Context): string {
  const op = parseOperator(c.operator);
  if (!op) return `\`${c.operator}\` is not a condition operator AWS knows, so the condition never holds`;
  const actual = context.get(c.key.toLowerCase());
  const present = actual !== undefined && actual.length > 0;
  const { spec, set } = op;
  if (spec.family === 'Null') return present ? `\`${c.key}\` is present in the request` : `\`${c.key}\` is not in the request`;
  if (!present) return `\`${c.key}\` is not in the request, so \`${c.operator}\` does not match`;
  const got = actual.length === 1 ? show(actual[0]) : show(actual);
  const want = c.values.length === 1 ? show(c.values[0]) : `any of ${show(c.values)}`;
  if (set === 'ForAllValues') return `not every value of \`${c.key}\` (${got}) ${spec.negated ? 'avoids' : 'is among'} ${show(c.values)}`;
  if (set === 'ForAnyValue') return `no value of \`${c.key}\` (${got}) ${spec.negated ? 'avoids' : 'matches'} ${show(c.values)}`;
  return spec.negated ? `\`${c.key}\` is ${got}, which \`${c.operator}\` excludes` : `\`${c.key}\` is ${got}, which does not match ${want}`;
}

/** Why the condition fails, or undefined when it holds. */
export function checkCondition(c: EvalCondition, context: Context, variables: boolean): string | undefined {
  return holds(c, context, variables) ? undefined : explain(c, context);
}

/** A failed condition whose reason is worked out only when someone reads it (most are never read). */
class Failure implements ConditionFailure {
  readonly operator: string;
  readonly key: string;
  readonly values: ConditionFailure['values'];
  readonly operatorNode: ConditionFailure['operatorNode'];
  readonly keyNode: ConditionFailure['keyNode'];
  private text?: string;
  constructor(private readonly condition: EvalCondition, private readonly context: Context) {
    this.operator = condition.operator;
    this.key = condition.key;
    this.values = condition.values;
    this.operatorNode = condition.source?.operator.property.children?.[0];
    this.keyNode = condition.source?.key.property.children?.[0];
  }
  get reason(): string {
    return (this.text ??= explain(this.condition, this.context));
  }
  toJSON() {
    return { operator: this.operator, key: this.key, values: this.values, reason: this.reason };
  }
}

/** Every condition of a statement that fails, with the reason and where it is written. */
export function failedConditions(conditions: EvalCondition[], context: Context, variables: boolean): ConditionFailure[] {
  let failures: ConditionFailure[] | undefined;
  for (const c of conditions) {
    if (holds(c, context, variables)) continue;
    // Without policy variables a failure depends only on the key's values: reuse it across requests.
    let failure: ConditionFailure;
    if (c.hasVariables && variables) failure = new Failure(c, context);
    else {
      const values = context.get(c.keyLower!);
      const k = values === undefined ? '\u0001' : values.join('\u0000');
      const cache = (c.failures ??= new Map());
      failure = cache.get(k) ?? cache.set(k, new Failure(c, context)).get(k)!;
    }
    (failures ??= []).push(failure);
  }
  return failures ?? NONE;
}

const NONE: ConditionFailure[] = [];
