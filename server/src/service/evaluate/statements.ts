/** The evaluator's view of a policy: plain statements, from a located model (cached) or written by hand. */
import { derived } from '../derived';
import { isWholeHole } from '../symbolic';
import { formatOfKind } from '../arnTypes';
import type { Catalog } from '../catalog';
import type { HoleFormats } from '../rules/resourceFormats';
import type { EvalPrincipal } from './principals';
import type { Tri } from './symbols';
import type { ConditionFailure, StatementOutcome } from './types';
import type { ConditionKeyEntry, ConditionOperatorEntry, PolicyModel, PrincipalBlock, ScalarValue, Statement } from '../model';

export interface EvalCondition {
  operator: string;
  key: string;
  values: ScalarValue[];
  source?: { operator: ConditionOperatorEntry; key: ConditionKeyEntry };
  /** Memoized by the evaluator: the key in lower case and the values as strings. */
  keyLower?: string;
  strings?: string[];
  hasVariables?: boolean;
  /** Whether a policy value has holes (symbolic.ts), and the key as what an undecided result depends on. */
  hasHoles?: boolean;
  openKey?: string[];
  /** Results by the request's values of the key (for conditions without policy variables). */
  memo?: Map<string, Tri>;
  failures?: Map<string, ConditionFailure>;
}

export interface EvalStatement {
  index: number;
  sid?: string;
  effect: string;
  principal?: EvalPrincipal;
  notPrincipal?: EvalPrincipal;
  action?: string[];
  notAction?: string[];
  resource?: string[];
  notResource?: string[];
  conditions: EvalCondition[];
  /** The statement in the document, when there is one. */
  source?: Statement;
  /** Action match results by lower-case action, filled in by the evaluator. */
  actionMatches?: Map<string, Tri>;
  /** Filled in by the evaluator: whether any Resource or condition value holds a policy variable, and outcomes by what they depend on. */
  hasVariables?: boolean;
  outcomes?: OutcomeMemo;
  outcomeCount?: number;
}

/** Outcomes by principal match, action, resource, then each condition's request values (evaluate.ts). */
export type OutcomeMemo = Map<string, OutcomeMemo | StatementOutcome>;

export interface EvalPolicy {
  /** Policy variables (`${aws:username}`) are substituted only in version 2012-10-17. */
  variables: boolean;
  statements: EvalStatement[];
  /** The ARN format of a typed reference's hole kind (arnTypes.ts): such a Resource matches only resources of its type. */
  resourceFormats?: HoleFormats;
}

const EVAL_POLICY = Symbol('evalPolicy');

/** The model's statements as the evaluator reads them; computed once per model. */
export function evalPolicy(model: PolicyModel): EvalPolicy {
  return derived(model, EVAL_POLICY, () => ({ variables: model.version?.value === '2012-10-17', statements: statementsOf(model) }));
}

/**
 * A role trust policy statement, or one that may be: it only allows `sts:` actions (AssumeRole, TagSession, ...)
 * or actions a template fills in (`actions = [var.assume_role_action]`). It names no Resource: the resource is the
 * role the policy belongs to.
 */
export const isTrustStatement = (st: Statement): boolean =>
  (st.action?.items.length ?? 0) > 0 && st.action!.items.every((a) => /^sts:/i.test(a.value) || isWholeHole(a.value));

/** In a trust policy, a statement without Resource or NotResource applies to its role: evaluated as `"Resource": "*"`. */
const statementsOf = (model: PolicyModel): EvalStatement[] => model.statements.map((st) => {
  const e = fromStatement(st);
  const trust = model.kind === 'resource-policy' && !st.resource && !st.notResource && (model.trustPolicy || isTrustStatement(st));
  return trust ? { ...e, resource: ['*'] } : e;
});

const TYPED_POLICY = Symbol('typedEvalPolicy');

/**
 * The same, where a reference whose type is known (`${aws_s3_bucket.b.arn}`) matches only resources of that type;
 * its statements are its own, so their memos never mix with the untyped view's.
 */
export function typedEvalPolicy(model: PolicyModel, catalog: Catalog): EvalPolicy {
  return derived(model, TYPED_POLICY, () => ({ ...evalPolicy(model), statements: statementsOf(model), resourceFormats: formatOfKind(catalog) }));
}

function principal(block: PrincipalBlock | undefined): EvalPrincipal | undefined {
  if (!block) return undefined;
  return {
    wildcard: block.wildcard !== undefined,
    entries: block.entries.flatMap((e) => e.values.items.map((v) => ({ type: e.type, value: v.value }))),
  };
}

export function fromStatement(st: Statement): EvalStatement {
  const list = (l: { items: { value: string }[] } | undefined) => l?.items.map((i) => i.value);
  return {
    index: st.index,
    sid: st.sid?.value,
    effect: st.effect?.value ?? '',
    principal: principal(st.principal),
    notPrincipal: principal(st.notPrincipal),
    action: list(st.action),
    notAction: list(st.notAction),
    resource: list(st.resource),
    notResource: list(st.notResource),
    conditions: (st.condition?.operators ?? []).flatMap((op) => op.keys.map((key) => ({
      operator: op.operator, key: key.key, values: key.values.map((v) => v.value), source: { operator: op, key },
    }))),
    source: st,
  };
}
