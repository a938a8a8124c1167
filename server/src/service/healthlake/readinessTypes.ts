/** What the HealthLake readiness of a key policy says: the simulated principals and each problem found. */
import type { ConditionFailure, EvaluationResult } from '../evaluate/index';
import type { Statement } from '../model';
import type { HealthLakeKmsAction } from './facts';
import type { NamedPrincipal } from './intent';
import type { RegionChoice } from './regions';

export type ProblemKind =
  | 'missing-action' | 'via-service' | 'caller-account' | 'grant-operations' | 'grant-constraint'
  | 'encryption-context' | 'other-condition' | 'explicit-deny';

export interface ReadinessProblem {
  kind: ProblemKind;
  /** The statement responsible (for an explicit deny: the Deny statement). */
  statement: Statement;
  principals: NamedPrincipal[];
  /** The HealthLake requests it blocks. */
  actions: HealthLakeKmsAction[];
  /** The condition that failed (for condition problems). */
  failure?: ConditionFailure;
  /** The requests are still allowed through the account principal, so only the caller's IAM policy decides. */
  delegated: boolean;
}

export interface SimulatedPrincipal extends NamedPrincipal {
  results: Map<HealthLakeKmsAction, EvaluationResult>;
  /**
   * Requests whose outcome depends on keys whose values only the real caller's request carries
   * (aws:PrincipalOrgID, aws:PrincipalTag/..., kms:ResourceAliases, ...) or on references the file leaves open
   * (`${AWS::AccountId}`, `${var.creator_role_arn}`): the simulation cannot know them, so these are neither
   * reported nor counted as failing. What they depend on, per request.
   */
  undecided: Map<HealthLakeKmsAction, string[]>;
}

export interface Readiness {
  region: RegionChoice;
  principals: SimulatedPrincipal[];
  problems: ReadinessProblem[];
}
