/** Helpers for diff tests: key policies written as objects, diffed through the file-level function the CLI uses. */
import { fileCatalog } from '../../server/src/node/catalogFiles';
import { buildModel } from '../../server/src/service/model';
import { diffPolicies } from '../../server/src/service/diff/diff';
import { hasChanges, isRisky, risks } from '../../server/src/service/diff/summary';
import type { PolicyDiff } from '../../server/src/service/diff/types';

export const catalog = fileCatalog();
export const ACCOUNT = '111122223333';
export const ROOT = `arn:aws:iam::${ACCOUNT}:root`;
export const READER = `arn:aws:iam::${ACCOUNT}:role/FhirReader`;
export const ADMIN = `arn:aws:iam::${ACCOUNT}:role/KeyAdmin`;
export const VIA = 'healthlake.us-east-1.amazonaws.com';
export const FOUR = ['kms:DescribeKey', 'kms:CreateGrant', 'kms:GenerateDataKey', 'kms:Decrypt'];

export const rootStatement = { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'kms:*', Resource: '*' };
export const healthLake = (principal: string, actions = FOUR, extra: object = {}) => ({
  Sid: 'HealthLake', Effect: 'Allow', Principal: { AWS: principal }, Action: actions, Resource: '*',
  Condition: { StringEquals: { 'kms:ViaService': VIA, 'kms:CallerAccount': ACCOUNT } }, ...extra,
});
export const policy = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);

export function diff(before: string, after: string): PolicyDiff {
  return diffPolicies(buildModel(before), buildModel(after), { catalog });
}

export const exitCode = (d: PolicyDiff) => (isRisky(risks(d)) ? 1 : 0);
export { hasChanges, risks };

/** `principal action before→after` lines, for readable assertions. */
export const changeLines = (d: PolicyDiff) => d.changes.map((c) => `${c.principal} ${c.action} ${c.before}→${c.after}`);
export const capabilityOf = (d: PolicyDiff, principal: string, capability: string) => {
  const r = d.healthlake.find((x) => x.principal === principal && x.capability === capability);
  return r ? `${r.before}→${r.after}` : undefined;
};
