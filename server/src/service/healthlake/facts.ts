/** What HealthLake asks of a customer managed key: its four KMS calls, its grant, its service names. */

/** The operations of the grant HealthLake creates for each data store (no constraints). */
export const GRANT_OPERATIONS = [
  'CreateGrant', 'Decrypt', 'DescribeKey', 'Encrypt', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext',
  'ReEncryptFrom', 'ReEncryptTo', 'RetireGrant',
] as const;

/** The KMS calls HealthLake makes on the calling principal's behalf. */
export const HEALTHLAKE_KMS_ACTIONS = ['kms:DescribeKey', 'kms:CreateGrant', 'kms:GenerateDataKey', 'kms:Decrypt'] as const;
export type HealthLakeKmsAction = (typeof HEALTHLAKE_KMS_ACTIONS)[number];

/** What a person does with a data store: create it, write to it, read (and search) it. */
export type HealthLakeOperation = 'create' | 'write' | 'read';
export const OPERATIONS: readonly HealthLakeOperation[] = ['create', 'write', 'read'];

/** Which operations need which KMS call (DescribeKey validates the key for every operation). */
export const OPERATIONS_OF: Record<HealthLakeKmsAction, HealthLakeOperation[]> = {
  'kms:DescribeKey': ['create', 'write', 'read'],
  'kms:CreateGrant': ['create'],
  'kms:GenerateDataKey': ['write'],
  'kms:Decrypt': ['read'],
};

export const OPERATION_WORDS: Record<HealthLakeOperation, string> = {
  create: 'create data stores',
  write: 'write',
  read: 'read',
};

/** The operations that fail when these KMS calls are denied. */
export function failingOperations(actions: readonly string[]): HealthLakeOperation[] {
  const ops = new Set(actions.flatMap((a) => OPERATIONS_OF[a as HealthLakeKmsAction] ?? []));
  return OPERATIONS.filter((o) => ops.has(o));
}

/** "create data stores, write or read or search" as verbs joined by `conjunction`. */
export function operationsPhrase(ops: readonly HealthLakeOperation[], conjunction = 'or'): string {
  const words = ops.map((o) => OPERATION_WORDS[o]);
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} ${conjunction} ${words[words.length - 1]}`;
}

/** The global service name: right for trust policies, iam:PassedToService and CloudTrail, never for kms:ViaService. */
export const HEALTHLAKE_SERVICE = 'healthlake.amazonaws.com';
/** kms:ViaService for HealthLake is regional. */
export const viaServiceFor = (region: string): string => `healthlake.${region}.amazonaws.com`;
/** A sound multi-Region kms:ViaService pattern (StringLike). */
export const VIA_SERVICE_PATTERN = 'healthlake.*.amazonaws.com';

/** `healthlake.<region>.amazonaws.com` (or `.com.cn`): the region, else undefined. */
export function viaServiceRegion(value: string): string | undefined {
  return /^healthlake\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?$/i.exec(value)?.[1]?.toLowerCase();
}

export const mentionsHealthLake = (text: string): boolean => /healthlake/i.test(text);
