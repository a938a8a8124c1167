/** Plain data of the policy evaluator: a request, the decision, and why. */
import type { Node } from '../model';

/** A context value: single-valued keys take one, multivalued keys (e.g. kms:GrantOperations) an array. */
export type ContextValue = string | number | boolean;

export interface EvalRequest {
  /** The caller: an IAM ARN (role, user, assumed-role session, root), a 12-digit account id, or a service principal. */
  principal: string;
  /** `service:Action`, e.g. `kms:Decrypt`. */
  action: string;
  /** The resource ARN; absent means "this resource" (a key policy's `"*"`). */
  resource?: string;
  /** Condition context keys (case-insensitive) and their values. */
  context?: Record<string, ContextValue | ContextValue[] | undefined>;
  /**
   * Keys (in lower case) the request leaves open: not in `context`, yet not known to be absent either (the
   * real caller's tags, organization, network). Conditions on them, and variables naming them, are undecided.
   */
  unknownKeys?: (lowerKey: string) => boolean;
}

export type Decision = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';

/**
 * How an Allow came about: `direct` when a statement names the caller (or everyone), `account-delegation` when
 * the only match is an account principal (`root` / a bare account id): the key policy then delegates the
 * decision to that account's IAM policies, which must allow the request too.
 */
export type AllowedVia = 'direct' | 'account-delegation';

/** One condition (operator + key) that did not hold, and why. */
export interface ConditionFailure {
  operator: string;
  key: string;
  values: (string | number | boolean | null)[];
  reason: string;
  /** The nodes in the policy text, when the statement came from a document. */
  operatorNode?: Node;
  keyNode?: Node;
}

export interface StatementOutcome {
  index: number;
  effect: string;
  /** `none` when the statement names other principals. */
  principal: 'direct' | 'account-delegation' | 'none';
  action: boolean;
  resource: boolean;
  failedConditions: ConditionFailure[];
  /** Principal, action, resource and every condition match. */
  applies: boolean;
  /**
   * Set when the statement may apply: nothing rules it out, but whether it applies depends on these
   * references (`${AWS::AccountId}`, as people read them) or keys the request leaves open.
   */
  undecided?: string[];
}

export interface EvaluationResult {
  decision: Decision;
  /** Set when the decision is Allow. */
  allowedVia?: AllowedVia;
  /** The statements that decided: the matching Denies, or the matching Allows. */
  decidingStatements: number[];
  /** Per statement whose principal, action and resource matched but whose conditions did not. */
  failedConditions: { statement: number; failures: ConditionFailure[] }[];
  /** Every statement's outcome, in policy order. */
  statements: StatementOutcome[];
  /**
   * Set when statements that may apply could change the decision: the decisions still possible, those
   * statements, and what they depend on. `decision` is then what the certain statements alone decide.
   */
  undecided?: { possible: Decision[]; statements: number[]; dependsOn: string[] };
}
