/**
 * The policy evaluator, after AWS's documented evaluation logic for one policy: an explicit Deny wins, then
 * any Allow, else the request is implicitly denied. An Allow that only comes through an account principal
 * is reported as a delegation to that account's IAM policies.
 */
import type { PolicyModel } from '../model';
import { wildcardRegExp } from '../catalog';
import { failedConditions } from './conditions';
import { contextOf, substitute, type Context } from './context';
import { exemptedBy, matchPrincipal, parseCaller, type Caller, type PrincipalMatch } from './principals';
import { evalPolicy, type EvalPolicy, type EvalStatement } from './statements';
import { candidates, principalIndex } from './principalIndex';
import type { EvalRequest, EvaluationResult, StatementOutcome } from './types';
import { wildcardMatch } from './wildcard';

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
  return requests.map((request) => {
    const context = contextOf(request);
    const statements = index.none.slice();
    const outcomes: StatementOutcome[] = [];
    for (const [i, m] of matched) outcomes.push((statements[i] = outcome(p.statements[i]!, m, request, context, p.variables)));
    return decide(statements, outcomes);
  });
}

/** The decision from the outcomes of the statements that name the caller (the others never apply). */
function decide(statements: StatementOutcome[], outcomes: StatementOutcome[]): EvaluationResult {
  const denies = outcomes.filter((s) => s.applies && s.effect === 'Deny');
  if (denies.length > 0) return { decision: 'ExplicitDeny', decidingStatements: denies.map((s) => s.index), failedConditions: [], statements };
  const allows = outcomes.filter((s) => s.applies && s.effect === 'Allow');
  if (allows.length > 0) {
    return {
      decision: 'Allow',
      allowedVia: allows.some((s) => s.principal === 'direct') ? 'direct' : 'account-delegation',
      decidingStatements: allows.map((s) => s.index),
      failedConditions: [],
      statements,
    };
  }
  const failed = outcomes
    .filter((s) => s.action && s.resource && s.failedConditions.length > 0)
    .map((s) => ({ statement: s.index, failures: s.failedConditions }));
  return { decision: 'ImplicitDeny', decidingStatements: [], failedConditions: failed, statements };
}

/** One statement (whose principal matched) against the request. */
function outcome(s: EvalStatement, principal: PrincipalMatch, request: EvalRequest, context: Context, variables: boolean): StatementOutcome {
  const action = statementAction(s, request.action);
  const resource = action && resourceMatch(s, request.resource, context, variables);
  const failures = action && resource ? failedConditions(s.conditions, context, variables) : NO_FAILURES;
  return {
    index: s.index, effect: s.effect, principal, action, resource, failedConditions: failures,
    applies: (s.effect === 'Allow' || s.effect === 'Deny') && action && resource && failures.length === 0,
  };
}

const NO_FAILURES: StatementOutcome['failedConditions'] = [];

/** Whether Action / NotAction covers the action; memoized on the (cached) statement. */
function statementAction(s: EvalStatement, action: string): boolean {
  const key = action.toLowerCase();
  const memo = (s.actionMatches ??= new Map());
  let hit = memo.get(key);
  if (hit === undefined) {
    hit = s.action ? s.action.some((a) => actionMatch(a, action)) : s.notAction ? !s.notAction.some((a) => actionMatch(a, action)) : false;
    memo.set(key, hit);
  }
  return hit;
}

/** Identity policies name no principal: their statements apply to whoever holds them. */
function principalOf(s: EvalStatement, caller: Caller): PrincipalMatch {
  if (s.principal) return matchPrincipal(s.principal, caller);
  if (s.notPrincipal) return exemptedBy(s.notPrincipal, caller) ? 'none' : 'direct';
  return 'direct';
}

/** Action names are case-insensitive; `*` and `?` are wildcards. */
export function actionMatch(pattern: string, action: string): boolean {
  if (pattern === '*') return true;
  return /[*?]/.test(pattern) ? wildcardRegExp(pattern).test(action) : pattern.toLowerCase() === action.toLowerCase();
}

function resourceMatch(s: EvalStatement, resource: string | undefined, context: Context, variables: boolean): boolean {
  const matches = (pattern: string) => {
    if (pattern === '*' || resource === undefined) return true;
    const p = variables ? substitute(pattern, context) : pattern;
    return p !== undefined && wildcardMatch(p, resource);
  };
  if (s.resource) return s.resource.some(matches);
  if (s.notResource) return resource === undefined || !s.notResource.some(matches);
  return false;
}
