/** Helpers for HealthLake tests: a key policy with a root statement plus statements, and a lint by rule. */
import { lint } from '../../support/service';
import type { Finding, ServiceSettings } from '../../../server/src/service/types';

export const ACCOUNT = '111122223333';
export const ROLE = `arn:aws:iam::${ACCOUNT}:role/HealthLakeAdmin`;
export const ROOT_STATEMENT = { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' };
export const FOUR = ['kms:DescribeKey', 'kms:CreateGrant', 'kms:GenerateDataKey', 'kms:Decrypt'];

/** A HealthLake statement for the role; `extra` overrides its parts. */
export const healthLakeStatement = (extra: Record<string, unknown> = {}) => ({
  Sid: 'Allow HealthLake to use the key for the admin role',
  Effect: 'Allow',
  Principal: { AWS: ROLE },
  Action: FOUR,
  Resource: '*',
  Condition: { StringEquals: { 'kms:ViaService': 'healthlake.us-east-2.amazonaws.com', 'kms:CallerAccount': ACCOUNT } },
  ...extra,
});

export const keyPolicy = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);

/** Findings of the HealthLake and key-safety rules only (grammar rules are another suite's business). */
export function findings(text: string, settings: Partial<ServiceSettings> = {}): Finding[] {
  return lint(text, undefined, settings).filter((f) => /^(healthlake-|lockout-|account-root-|public-)/.test(f.ruleId));
}

export const ids = (fs: Finding[]) => fs.map((f) => f.ruleId).sort();
