/**
 * The HealthLake verdict for one key policy statement (for hover): for each principal the statement names,
 * whether HealthLake can create a data store, write and read on that principal's behalf, and why not.
 */
import type { PolicyModel } from '../model';
import type { ServiceSettings } from '../types';

export interface PrincipalVerdict {
  /** The principal as written (or as it would be once corrected, e.g. with `role/` inserted). */
  principal: string;
  create: boolean;
  write: boolean;
  read: boolean;
  /** Why an operation fails, or what else it depends on (e.g. the caller's IAM policy). */
  reasons: string[];
}

export interface StatementVerdict {
  principals: PrincipalVerdict[];
  /** A short markdown summary for a hover. */
  markdown: string;
}

export interface VerdictContext {
  settings: ServiceSettings;
}

/** Undefined when the policy is not a key policy meant for HealthLake or the statement names no principal. */
export function statementVerdict(model: PolicyModel, statementIndex: number, context: VerdictContext): StatementVerdict | undefined {
  void model;
  void statementIndex;
  void context;
  return undefined;
}
