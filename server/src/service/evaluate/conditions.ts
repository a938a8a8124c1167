/**
 * One statement's Condition block: operators AND-ed, keys AND-ed, values OR-ed (NOR for negated operators),
 * `...IfExists`, `ForAnyValue:` / `ForAllValues:`, `Null`, and the missing-key rules of AWS's documentation.
 */
import { substitute, type Context } from './context';
import { parseOperator } from './operators';
import type { EvalCondition } from './statements';
import type { ConditionFailure } from './types';

const show = (v: unknown) => JSON.stringify(v);

/** Why the condition fails, or undefined when it holds. */
export function checkCondition(c: EvalCondition, context: Context, variables: boolean): string | undefined {
  const op = parseOperator(c.operator);
  if (!op) return `\`${c.operator}\` is not a condition operator AWS knows, so the condition never holds`;
  const actual = context.get(c.key.toLowerCase());
  const policyValues = c.values.map((v) => (v === null ? 'null' : String(v)));
  const present = actual !== undefined && actual.length > 0;
  const { spec, set } = op;

  if (spec.family === 'Null') {
    const holds = policyValues.some((v) => (v.toLowerCase() === 'true' ? !present : v.toLowerCase() === 'false' ? present : false));
    return holds ? undefined : present ? `\`${c.key}\` is present in the request` : `\`${c.key}\` is not in the request`;
  }
  if (!present) {
    if (op.ifExists) return undefined;
    if (set === 'ForAllValues') return undefined; // vacuously true for an empty set
    if (set === undefined && spec.negated) return undefined;
    return `\`${c.key}\` is not in the request, so \`${c.operator}\` does not match`;
  }
  const resolved = spec.variables && variables ? policyValues.map((v) => substitute(v, context)) : policyValues;
  const matchesAny = (value: string) => resolved.some((p) => p !== undefined && spec.test(value, p));
  const ok = (value: string) => (spec.negated ? !matchesAny(value) : matchesAny(value));
  let holds: boolean;
  if (set === 'ForAllValues') holds = actual.every(ok);
  else if (set === 'ForAnyValue') holds = actual.some(ok);
  else holds = spec.negated ? !actual.some(matchesAny) : actual.some(matchesAny);
  if (holds) return undefined;
  const got = actual.length === 1 ? show(actual[0]) : show(actual);
  const want = c.values.length === 1 ? show(c.values[0]) : `any of ${show(c.values)}`;
  if (set === 'ForAllValues') return `not every value of \`${c.key}\` (${got}) ${spec.negated ? 'avoids' : 'is among'} ${show(c.values)}`;
  if (set === 'ForAnyValue') return `no value of \`${c.key}\` (${got}) ${spec.negated ? 'avoids' : 'matches'} ${show(c.values)}`;
  return spec.negated ? `\`${c.key}\` is ${got}, which \`${c.operator}\` excludes` : `\`${c.key}\` is ${got}, which does not match ${want}`;
}

/** Every condition of a statement that fails, with the reason and where it is written. */
export function failedConditions(conditions: EvalCondition[], context: Context, variables: boolean): ConditionFailure[] {
  const failures: ConditionFailure[] = [];
  for (const c of conditions) {
    const reason = checkCondition(c, context, variables);
    if (reason === undefined) continue;
    failures.push({
      operator: c.operator, key: c.key, values: c.values, reason,
      operatorNode: c.source?.operator.property.children?.[0], keyNode: c.source?.key.property.children?.[0],
    });
  }
  return failures;
}
