/**
 * The policy as its author evidently meant it, for judgements downstream of a malformed principal: a value
 * with an obvious correction (the HealthLake guide's `...:HealthLakeFullAccessRole`) is read as corrected, and
 * (optionally) one without stands for an unknown principal, so a check that depends on it stays undecided
 * rather than piling a second finding on the principal's own.
 */
import { derived } from '../derived';
import type { PolicyModel } from '../model';
import { hole } from '../symbolic';
import { formOf } from './principals';
import { evalPolicy, type EvalPolicy, type EvalPrincipal } from './statements';

export interface IntendedOptions {
  /** Read a malformed principal without a correction as an unknown one (else it matches nobody, as in AWS). */
  unknownWhenMalformed: boolean;
}

const KEEP = Symbol('intendedKeep');
const UNKNOWN = Symbol('intendedUnknown');

/** The model's policy with malformed principals read as meant; computed once per model and option. */
export function intendedPolicy(model: PolicyModel, options: IntendedOptions = { unknownWhenMalformed: true }): EvalPolicy {
  return derived(model, options.unknownWhenMalformed ? UNKNOWN : KEEP, () => intendedOf(evalPolicy(model), options));
}

/** The same for a policy without a document (a variant of a template, a policy built by hand). */
export function intendedOf(base: EvalPolicy, options: IntendedOptions = { unknownWhenMalformed: true }): EvalPolicy {
  const fix = (p: EvalPrincipal | undefined): EvalPrincipal | undefined => {
    if (!p || !p.entries.some((e) => e.type === 'AWS' && formOf(e).form === 'invalid')) return p;
    return {
      ...p,
      entries: p.entries.map((e) => {
        const f = formOf(e);
        if (e.type !== 'AWS' || f.form !== 'invalid') return e;
        if (f.suggestion) return { type: e.type, value: f.suggestion };
        return options.unknownWhenMalformed ? { type: e.type, value: hole('opaque', e.value) } : e;
      }),
    };
  };
  let changed = false;
  const statements = base.statements.map((s) => {
    const principal = fix(s.principal);
    const notPrincipal = fix(s.notPrincipal);
    if (principal === s.principal && notPrincipal === s.notPrincipal) return s;
    changed = true;
    return { ...s, principal, notPrincipal, actionMatches: undefined, outcomes: undefined, outcomeCount: 0 };
  });
  return changed ? { ...base, statements } : base;
}
