/** Helpers for evaluator tests: a policy from statements, and a one-line evaluation. */
import { buildModel } from '../../../server/src/service/model';
import { evaluate, type EvalRequest, type EvaluationResult } from '../../../server/src/service/evaluate/index';

export const ROLE = 'arn:aws:iam::111122223333:role/Analyst';
export const ACCOUNT = '111122223333';

export function policy(statements: object[], version = '2012-10-17'): string {
  return JSON.stringify({ Version: version, Statement: statements }, null, 2);
}

export function run(statements: object[] | string, request: Partial<EvalRequest>): EvaluationResult {
  const text = typeof statements === 'string' ? statements : policy(statements);
  return evaluate(buildModel(text), { principal: ROLE, action: 'kms:Decrypt', ...request });
}

export const decide = (statements: object[] | string, request: Partial<EvalRequest>) => run(statements, request).decision;

/** An Allow of `action` to the Analyst role with one condition. */
export const allowWhen = (condition: object, action = 'kms:Decrypt') =>
  [{ Effect: 'Allow', Principal: { AWS: ROLE }, Action: action, Resource: '*', Condition: condition }];
