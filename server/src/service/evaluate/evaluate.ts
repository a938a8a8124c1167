/**
 * The policy evaluator, after AWS's documented evaluation logic for one policy: an explicit Deny wins, then
 * any Allow, else the request is implicitly denied. An Allow that only comes through an account principal
 * is reported as a delegation to that account's IAM policies.
 */
import type { PolicyModel } from '../model';
import { wildcardRegExp } from '../catalog';
import { hasHoles } from '../symbolic';
import { conditionsOutcome, valuesKey } from './conditions';
import { contextOf, substitute, type Context } from './context';
import { exemptedBy, matchPrincipal, parseCaller, type Caller, type PrincipalMatch } from './principals';
import { evalPolicy, type EvalPolicy, type EvalStatement, type OutcomeMemo } from './statements';
import { candidates, principalIndex } from './principalIndex';
import { references, triMatch, triNot, triOr, type Tri } from './symbols';
import type { Decision, EvalRequest, EvaluationResult, StatementOutcome } from './types';
import { wildcardMatch } from './wildcard';
import { canMatch } from '../rules/resourceFormats';

/** Evaluates a request against a policy (a located model, or plain statements). */
export function evaluate(policy: PolicyModel | EvalPolicy, request: EvalRequest): EvaluationResult {
  return evaluateEach(policy, request.principal, [request])[0]!;
}

/**
 * Evaluates several requests of one principal (e.g. HealthLake's four calls): the caller is parsed and the
 * statements naming it are found once.
 */
export function evaluateEach(policy: PolicyModel | EvalPolicy, principal: string, requests: EvalRequest[]): EvaluationResult[] {
  const p = 'statements' in policy && 'variables' in policy ? policy : evalPolicy(policy);
  const caller = parseCaller(principal);
  const index = principalIndex(p);
  const matched: [number, PrincipalMatch][] = [];
  for (const i of candidates(index, caller)) {
    const m = principalOf(p.statements[i]!, caller);
    if (m !== 'none') matched.push([i, m]);
  }
  // Requests of one principal often share their context object (HealthLake's calls do): read each once.
  const contexts = new Map<object | undefined, Context>();
  return requests.map((request) => {
    let context = contexts.get(request.context);
    if (!context) contexts.set(request.context, (context = contextOf(request)));
    const statements = index.none.slice();
    const outcomes: StatementOutcome[] = [];
    for (const [i, m] of matched) {
      const s = p.statements[i]!;
      outcomes.push((statements[i] = index.shared[i] ? outcomeOf(s, m, request, context, p) : outcome(s, m, request, context, p)));
    }
    return decide(statements, outcomes);
  });
}

/**
 * The decision from the outcomes of the statements that name the caller (the others never apply). Statements
 * that may apply (their match depends on a hole or a key the request leaves open) decide nothing by
 * themselves: `decision` is what the certain statements decide, and `undecided` says what else is possible.
 */
function decide(statements: StatementOutcome[], outcomes: StatementOutcome[]): EvaluationResult {
  let denies: number[] | undefined;
  let allows: number[] | undefined;
  let maybeDeny = false;
  let maybeAllow = false;
  let maybe: StatementOutcome[] | undefined;
  let direct = false;
  for (const s of outcomes) {
    if (s.undecided) {
      (maybe ??= []).push(s);
      if (s.effect === 'Deny') maybeDeny = true;
      else if (s.effect === 'Allow') maybeAllow = true;
      else maybeDeny = maybeAllow = true;
      continue;
    }
    if (!s.applies) continue;
    if (s.effect === 'Deny') (denies ??= []).push(s.index);
    else if (s.effect === 'Allow' && !denies) {
      (allows ??= []).push(s.index);
      direct ||= s.principal === 'direct';
    }
  }
  if (denies) return { decision: 'ExplicitDeny', decidingStatements: denies, failedConditions: [], statements };
  const undecided = maybe && (maybeDeny || (maybeAllow && !allows)) ? new Undecided(maybe, maybeDeny, maybeAllow, !!allows) : undefined;
  if (allows) {
    return { decision: 'Allow', allowedVia: direct ? 'direct' : 'account-delegation', decidingStatements: allows, failedConditions: [], statements, ...(undecided && { undecided }) };
  }
  const failed: EvaluationResult['failedConditions'] = [];
  for (const s of outcomes) if (s.action && s.resource && s.failedConditions.length > 0) failed.push({ statement: s.index, failures: s.failedConditions });
  return { decision: 'ImplicitDeny', decidingStatements: [], failedConditions: failed, statements, ...(undecided && { undecided }) };
}

/**
 * The decisions still possible when statements that may apply could change it, and what they depend on. Most
 * results are read for their decision alone: the lists are worked out when someone reads them.
 */
class Undecided {
  readonly possible: Decision[];
  private list?: number[];
  private deps?: string[];
  constructor(private readonly maybe: StatementOutcome[], maybeDeny: boolean, maybeAllow: boolean, allows: boolean) {
    this.possible = [];
    if (maybeDeny) this.possible.push('ExplicitDeny');
    if (allows || maybeAllow) this.possible.push('Allow');
    if (!allows) this.possible.push('ImplicitDeny');
  }
  get statements(): number[] {
    return (this.list ??= this.maybe.map((s) => s.index));
  }
  get dependsOn(): string[] {
    return (this.deps ??= [...new Set(this.maybe.flatMap((s) => s.undecided!))]);
  }
  toJSON() {
    return { possible: this.possible, statements: this.statements, dependsOn: this.dependsOn };
  }
}

/**
 * A statement's outcome, remembered on the (cached) statement. Without policy variables it depends only on
 * how the principal matched, the action, the resource and the request's values of the keys its conditions
 * read: HealthLake's requests for many principals differ in a few principal keys that most statements (e.g.
 * Denies for everyone) never read, so those statements are evaluated once rather than once per principal.
 * The memo is a tree with one level per input, so a hit looks up existing strings and allocates nothing.
 * Outcomes are shared between results and never mutated.
 */
function outcomeOf(s: EvalStatement, principal: PrincipalMatch, request: EvalRequest, context: Context, policy: EvalPolicy): StatementOutcome {
  if (policy.variables && usesVariables(s)) return outcome(s, principal, request, context, policy);
  if ((s.outcomeCount ?? 0) >= MAX_OUTCOMES) {
    s.outcomes = undefined;
    s.outcomeCount = 0;
  }
  // Levels: principal match, action, resource, then each condition's request values; the last holds outcomes.
  let level = branch(branch((s.outcomes ??= new Map()), principal), request.action);
  let key = request.resource ?? ABSENT;
  for (const c of s.conditions) {
    level = branch(level, key);
    key = valuesKey(context, (c.keyLower ??= c.key.toLowerCase()));
  }
  let hit = level.get(key) as StatementOutcome | undefined;
  if (!hit) {
    hit = outcome(s, principal, request, context, policy);
    level.set(key, hit);
    s.outcomeCount = (s.outcomeCount ?? 0) + 1;
  }
  return hit;
}

/** The memo's next level for `key`. */
function branch(level: OutcomeMemo, key: string): OutcomeMemo {
  let next = level.get(key) as OutcomeMemo | undefined;
  if (!next) level.set(key, (next = new Map()));
  return next;
}

/** Enough for every principal and call of a large policy; a bound so a long-lived statement cannot grow without end. */
const MAX_OUTCOMES = 512;
/** The memo key of an absent resource or context key (as the conditions' own memo writes it). */
const ABSENT = '\u0001';

/** Whether a Resource, NotResource or condition value holds a policy variable (`${...}`). */
function usesVariables(s: EvalStatement): boolean {
  const has = (values: readonly unknown[] | undefined) => values?.some((v) => typeof v === 'string' && v.includes('${')) ?? false;
  return (s.hasVariables ??= has(s.resource) || has(s.notResource) || s.conditions.some((c) => has(c.values)));
}

/** One statement (whose principal matched, or may match) against the request. */
function outcome(s: EvalStatement, principal: PrincipalMatch, request: EvalRequest, context: Context, policy: EvalPolicy): StatementOutcome {
  const { variables } = policy;
  const action = statementAction(s, request.action);
  const resource = action !== false ? resourceMatch(s, request.resource, context, policy) : false;
  const conditions = action !== false && resource !== false ? conditionsOutcome(s.conditions, context, variables) : undefined;
  const failures = conditions?.failures ?? NO_FAILURES;
  // An Effect the file leaves open (a variable) may be either: the statement may apply, as an Allow or a Deny.
  const symbolicEffect = hasHoles(s.effect);
  const valid = s.effect === 'Allow' || s.effect === 'Deny' || symbolicEffect;
  const certain = !symbolicEffect && principal !== 'maybe' && action === true && resource === true && failures.length === 0 && (conditions?.undecided.length ?? 0) === 0;
  const base: StatementOutcome = {
    index: s.index, effect: s.effect, principal: principal === 'maybe' ? 'none' : principal, action: action === true, resource: resource === true,
    failedConditions: failures, applies: valid && certain,
  };
  if (!valid || certain || action === false || resource === false || failures.length > 0) return base;
  // Usually only conditions are open: their list is already deduplicated.
  if (principal !== 'maybe' && action === true && resource === true && !symbolicEffect) {
    base.undecided = conditions!.undecided;
    return base;
  }
  const refs = [
    ...(principal === 'maybe' ? [...(s.principal?.entries ?? []), ...(s.notPrincipal?.entries ?? [])].flatMap((e) => references(e.value)) : []),
    ...(action === 'maybe' ? [...(s.action ?? []), ...(s.notAction ?? []), request.action].flatMap(references) : []),
    ...(resource === 'maybe' ? [...(s.resource ?? []), ...(s.notResource ?? []), request.resource ?? ''].flatMap(references) : []),
    ...(conditions?.undecided ?? []),
    ...(symbolicEffect ? references(s.effect) : []),
  ];
  base.undecided = [...new Set(refs)];
  return base;
}

const NO_FAILURES: StatementOutcome['failedConditions'] = [];

/** Whether Action / NotAction covers the action; memoized on the (cached) statement. */
function statementAction(s: EvalStatement, action: string): Tri {
  const key = action.toLowerCase();
  const memo = (s.actionMatches ??= new Map());
  let hit = memo.get(key);
  if (hit === undefined) {
    const any = (list: string[]) => list.reduce<Tri>((acc, a) => (acc === true ? true : triOr(acc, triAction(a, action))), false);
    hit = s.action ? any(s.action) : s.notAction ? triNot(any(s.notAction)) : false;
    memo.set(key, hit);
  }
  return hit;
}

/** Identity policies name no principal: their statements apply to whoever holds them. */
function principalOf(s: EvalStatement, caller: Caller): PrincipalMatch {
  if (s.principal) return matchPrincipal(s.principal, caller);
  if (s.notPrincipal) {
    const exempt = exemptedBy(s.notPrincipal, caller);
    return exempt === true ? 'none' : exempt === 'maybe' ? 'maybe' : 'direct';
  }
  return 'direct';
}

/** Action names are case-insensitive; `*` and `?` are wildcards. */
export function actionMatch(pattern: string, action: string): boolean {
  if (pattern === '*') return true;
  return /[*?]/.test(pattern) ? wildcardRegExp(pattern).test(action) : pattern.toLowerCase() === action.toLowerCase();
}

const triAction = (pattern: string, action: string): Tri =>
  (hasHoles(pattern) || hasHoles(action) ? triMatch(pattern, action, true, true) : actionMatch(pattern, action));

/**
 * Resource / NotResource. A value whose policy variable cannot be resolved matches nothing, and a NotResource
 * holding one does not hold: AWS fails every attempt to match an unresolved variable. A typed reference
 * (`${aws_s3_bucket.b.arn}/*`) never matches a resource outside its type's ARN format.
 */
function resourceMatch(s: EvalStatement, resource: string | undefined, context: Context, { variables, resourceFormats }: EvalPolicy): Tri {
  const matches = (pattern: string): Tri | undefined => {
    if (pattern === '*' || resource === undefined) return true;
    const p = variables ? substitute(pattern, context) : pattern;
    if (p === undefined) return undefined;
    if (p === null) return 'maybe';
    if (!hasHoles(p) && !hasHoles(resource)) return wildcardMatch(p, resource);
    if (resourceFormats && hasHoles(p) && !hasHoles(resource) && !canMatch(p, resource, resourceFormats)) return false;
    return triMatch(p, resource, true);
  };
  if (s.resource) return s.resource.reduce<Tri>((acc, r) => (acc === true ? true : triOr(acc, matches(r) ?? false)), false);
  if (s.notResource) {
    if (resource === undefined) return true;
    let any: Tri = false;
    for (const r of s.notResource) {
      const m = matches(r);
      if (m === undefined) return false;
      any = triOr(any, m);
    }
    return triNot(any);
  }
  return false;
}
