/**
 * HealthLake readiness remembered across edits. The simulation reads only what a key policy says (its kind, its
 * content as the evaluator reads it, and whether each Sid names HealthLake), never where it is written: an edit that
 * changes none of that (typing in a Sid, whitespace) gives the same readiness. It is taken from the last policy with
 * the same content, its statements and condition nodes moved to the new model (whose statements match one for one).
 */
import type { PolicyModel, Statement } from '../model';
import type { ConditionFailure } from '../evaluate/index';
import { ContentMemo, contentKey } from '../evaluate/contentKey';
import type { ServiceSettings } from '../types';
import { mentionsHealthLake } from './facts';
import type { Readiness, ReadinessProblem } from './readinessTypes';

/**
 * Policies remembered, least recently used out: a document's next edit finds its own, and a template's few
 * changed policies leave the others' in place.
 */
const memo = new ContentMemo<{ settings: ServiceSettings; readiness: Readiness }>(4);

/** Everything the simulation reads of a key policy: its kind, content and which Sids name HealthLake. */
export const readinessKey = (model: PolicyModel): string =>
  `${model.kind}\0${model.statements.map((st) => (st.sid !== undefined && mentionsHealthLake(st.sid.value) ? 1 : 0)).join('')}\0${contentKey(model)}`;

/** The readiness of `model`: the remembered one for the same content and settings, moved to it, or `compute()`'s. */
export function rememberedReadiness(model: PolicyModel, settings: ServiceSettings, compute: () => Readiness): Readiness {
  const moveHere = (r: { settings: ServiceSettings; readiness: Readiness }) => {
    const readiness = r.settings === settings ? moved(r.readiness, model) : undefined;
    return readiness && { settings, readiness };
  };
  return memo.get(readinessKey(model), () => ({ settings, readiness: compute() }), moveHere).readiness;
}

/**
 * A readiness computed on a policy of the same content, pointing at `model`'s statements and nodes; undefined
 * when a failed condition is not found where it was (then it is computed again).
 */
function moved(readiness: Readiness, model: PolicyModel): Readiness | undefined {
  const problems: ReadinessProblem[] = [];
  for (const p of readiness.problems) {
    const statement = model.statements[p.statement.index]!;
    const failure = p.failure && movedFailure(p.failure, p.statement, statement);
    if (p.failure && !failure) return undefined;
    problems.push({ ...p, statement, ...(failure && { failure }) });
  }
  return { ...readiness, problems };
}

/** The same failure at the matching condition of `to` (operators and keys in the same order as in `from`). */
function movedFailure(f: ConditionFailure, from: Statement, to: Statement): ConditionFailure | undefined {
  const ops = from.condition?.operators ?? [];
  for (let i = 0; i < ops.length; i++) {
    const j = ops[i]!.keys.findIndex((k) => k.property.children?.[0] === f.keyNode);
    if (j < 0) continue;
    const op = to.condition!.operators[i]!;
    const key = op.keys[j]!;
    return {
      operator: f.operator, key: f.key, values: f.values,
      get reason() { return f.reason; },
      operatorNode: op.property.children?.[0], keyNode: key.property.children?.[0],
      toJSON: () => ({ operator: f.operator, key: f.key, values: f.values, reason: f.reason }),
    } as ConditionFailure;
  }
  return undefined;
}
