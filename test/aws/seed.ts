/** Keys, grants, data stores and CloudTrail events for the inspector's tests, made through the real SDK. */
import {
  CreateAliasCommand, CreateGrantCommand, CreateKeyCommand, DisableKeyCommand, EnableKeyRotationCommand, KMSClient,
  PutKeyPolicyCommand, ScheduleKeyDeletionCommand, type GrantOperation,
} from '@aws-sdk/client-kms';
import { HEALTHLAKE_GRANT_OPERATIONS } from '../../server/src/inspect/types';
import { ACCOUNT, REGION, type StandInState } from './emulators';

export const HEALTHLAKE_PRINCIPAL = `healthlake.${REGION}.amazonaws.com`;

/** The account-root statement plus HealthLake's callers, scoped to HealthLake with kms:ViaService, for a key of `account`. */
export function healthLakeKeyPolicy(region = REGION, account = ACCOUNT): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'kms:*', Resource: '*' },
      {
        Sid: 'Allow HealthLake to use the key for the data store admins', Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${account}:role/HealthLakeAdmin` },
        Action: ['kms:DescribeKey', 'kms:CreateGrant', 'kms:GenerateDataKey', 'kms:Decrypt'], Resource: '*',
        Condition: { StringEquals: { 'kms:ViaService': `healthlake.${region}.amazonaws.com`, 'kms:CallerAccount': account } },
      },
    ],
  }, null, 2);
}

export interface SeedKey {
  alias?: string;
  rotation?: boolean;
  tags?: Record<string, string>;
  policy?: string;
  /** undefined: no HealthLake grant; otherwise its operations. */
  grantOperations?: readonly string[];
  grantConstraints?: Record<string, string>;
  otherGrants?: number;
  state?: 'Enabled' | 'Disabled' | 'PendingDeletion';
  keySpec?: 'SYMMETRIC_DEFAULT' | 'RSA_2048';
  /** The Region of the client's key (HealthLake's grantee and kms:ViaService follow it); default REGION. */
  region?: string;
}

export async function seedKey(kms: KMSClient, seed: SeedKey = {}): Promise<{ keyId: string; arn: string }> {
  const asymmetric = seed.keySpec && seed.keySpec !== 'SYMMETRIC_DEFAULT';
  const created = await kms.send(new CreateKeyCommand({
    Description: 'HealthLake data store key',
    ...(asymmetric ? { KeySpec: seed.keySpec, KeyUsage: 'SIGN_VERIFY' } : {}),
    Tags: Object.entries(seed.tags ?? {}).map(([TagKey, TagValue]) => ({ TagKey, TagValue })),
  }));
  const keyId = created.KeyMetadata!.KeyId!;
  const arn = created.KeyMetadata!.Arn!;
  const region = seed.region ?? REGION;
  const principal = `healthlake.${region}.amazonaws.com`;
  await kms.send(new PutKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default', Policy: seed.policy ?? healthLakeKeyPolicy(region) }));
  if (seed.alias) await kms.send(new CreateAliasCommand({ AliasName: seed.alias, TargetKeyId: keyId }));
  if (seed.rotation) await kms.send(new EnableKeyRotationCommand({ KeyId: keyId }));
  if (seed.grantOperations) {
    await kms.send(new CreateGrantCommand({
      KeyId: keyId, GranteePrincipal: principal, RetiringPrincipal: principal,
      Operations: [...seed.grantOperations] as GrantOperation[],
      ...(seed.grantConstraints ? { Constraints: { EncryptionContextSubset: seed.grantConstraints } } : {}),
    }));
  }
  for (let i = 0; i < (seed.otherGrants ?? 0); i++) {
    await kms.send(new CreateGrantCommand({ KeyId: keyId, GranteePrincipal: `arn:aws:iam::${ACCOUNT}:role/App${i}`, Operations: ['Decrypt'] }));
  }
  if (seed.state === 'Disabled') await kms.send(new DisableKeyCommand({ KeyId: keyId }));
  if (seed.state === 'PendingDeletion') await kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }));
  return { keyId, arn };
}

export const ALL_NINE = HEALTHLAKE_GRANT_OPERATIONS;

let counter = 0;
/** A data store in the stand-in that uses `kmsKeyId` (or an AWS owned key). */
export function addDatastore(state: StandInState, name: string, kmsKeyId?: string, status = 'ACTIVE', region?: string): string {
  const id = `${(++counter).toString(16).padStart(8, '0')}${'0'.repeat(24)}`;
  state.datastores.push({
    DatastoreId: id, DatastoreName: name, DatastoreStatus: status,
    CmkType: kmsKeyId ? 'CUSTOMER_MANAGED_KMS_KEY' : 'AWS_OWNED_KMS_KEY', ...(kmsKeyId ? { KmsKeyId: kmsKeyId } : {}),
    ...(region ? { region } : {}),
  });
  return id;
}

/** HealthLake's KMS calls on a key, newest first, one per hour before now. */
export function addHealthLakeEvents(state: StandInState, keyArn: string, names: string[], username = 'alice'): void {
  names.forEach((EventName, i) => state.events.push({
    EventName, EventTime: new Date(Date.now() - (i + 1) * 3_600_000), resources: [keyArn], username, byHealthLake: true,
  }));
}

export function kmsClient(endpoint: string, region = REGION): KMSClient {
  return new KMSClient({ region, endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
}
