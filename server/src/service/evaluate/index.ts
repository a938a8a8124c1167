/** The policy evaluator: `evaluate(policy, request)` and the types it speaks. */
export { evaluate, evaluateEach, actionMatch } from './evaluate';
export { evalPolicy, typedEvalPolicy, fromStatement, type EvalPolicy, type EvalStatement, type EvalCondition } from './statements';
export type { EvalPrincipal } from './principals';
export { parseCaller, matchPrincipal, type Caller } from './principals';
export type { EvalRequest, EvaluationResult, Decision, AllowedVia, ConditionFailure, StatementOutcome, ContextValue } from './types';
