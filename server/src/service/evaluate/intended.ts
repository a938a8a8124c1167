/**
 * The policy as its author evidently meant it, for judgements downstream of a malformed principal or an
 * Effect in the wrong case (each its own finding): the Effect reads as meant; a malformed principal is either
 * read with the obvious correction (the HealthLake guide's `...:HealthLakeFullAccessRole` as
 * `role/HealthLakeFullAccessRole`), or, for judgements a guess must not
 * decide (lockout, the account-root statement), as an unknown principal, so they stay undecided rather than
 * piling a second finding on the first.
 */
import { derived } from '../derived';
import type { PolicyModel } from '../model';
import { hole } from '../symbolic';
import { formOf } from './principals';
import { evalPolicy, type EvalPolicy } from './statements';
import type { EvalPrincipal } from './principals';

export interface IntendedOptions {
  /**
   * Read every malformed principal as an unknown one; else use the obvious correction where there is one
   * (and a malformed principal without one matches nobody, as in AWS).
   */
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
        if (options.unknownWhenMalformed) return { type: e.type, value: hole('opaque', e.value) };
        return f.suggestion ? { type: e.type, value: f.suggestion } : e;
      }),
    };
  };
  let changed = false;
  const statements = base.statements.map((s) => {
    const principal = fix(s.principal);
    const notPrincipal = fix(s.notPrincipal);
    // `"Effect": "allow"` is its own finding; it evidently means Allow.
    const effect = /^(allow|deny)$/i.test(s.effect) ? `${s.effect[0]!.toUpperCase()}${s.effect.slice(1).toLowerCase()}` : s.effect;
    if (principal === s.principal && notPrincipal === s.notPrincipal && effect === s.effect) return s;
    changed = true;
    return { ...s, effect, principal, notPrincipal, actionMatches: undefined, outcomes: undefined, outcomeCount: 0 };
  });
  return changed ? { ...base, statements } : base;
}
