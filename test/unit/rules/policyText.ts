/** Policy texts for the rule tests: a key policy or an identity policy around given statements. */
export const ROOT = 'arn:aws:iam::111122223333:root';

/** A key policy statement that is fine on its own; override what a test is about. */
export const keyStatement = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'kms:*', Resource: '*', ...over,
});

export const identityStatement = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  Effect: 'Allow', Action: 'kms:Decrypt', Resource: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab', ...over,
});

export const policy = (...statements: Record<string, unknown>[]): string =>
  JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);

/** Drops keys whose value is `undefined` (to write a statement without an element). */
export const without = (st: Record<string, unknown>, ...keys: string[]): Record<string, unknown> =>
  Object.fromEntries(Object.entries(st).filter(([k]) => !keys.includes(k)));
