/** The audit: plain data, the same for `hlkms audit` (text, JSON, Markdown) and the VS Code HealthLake view. */
import type { ErrorKind } from './errors';
import type { KeyInspection, Problem, VerdictStatus } from './types';

export type Encryption = 'AWS_OWNED_KMS_KEY' | 'CUSTOMER_MANAGED_KMS_KEY';

export interface AuditedDatastore {
  id: string;
  name: string;
  region: string;
  status: string;
  encryption: Encryption;
  /** As the data store names its key (key id, key ARN, alias name or alias ARN); null for an AWS owned key. */
  kmsKeyId: string | null;
  /** The key ARN it resolved to, when KMS found the key; the key's inspection is `keys.get(keyArn)`. */
  keyArn: string | null;
  verdict: { status: VerdictStatus; problems: Problem[] };
}

export interface RegionError {
  region: string;
  /** What happened and what to do (names the missing permission on access denied). */
  message: string;
  /** 'scp': a service control policy of the organization denies the call. */
  kind: ErrorKind | 'opt-in' | 'scp';
}

export interface AuditSummary {
  regions: { audited: string[]; failed: string[] };
  datastores: number;
  byVerdict: Record<VerdictStatus, number>;
  byEncryption: Record<Encryption, number>;
  /** Distinct customer managed keys inspected. */
  keys: number;
  sharedKeys: { arn: string; datastores: string[] }[];
  keysPendingDeletion: { arn: string; deletionDate: string | null; datastores: string[] }[];
  keysDisabled: { arn: string; datastores: string[] }[];
  /** Data stores (ids) whose key has no HealthLake grant. */
  grantMissing: string[];
  /** DELETED data stores ListFHIRDatastores still returns; not audited. */
  deletedSkipped: number;
}

export interface AuditResult {
  /** The Regions asked for, in order. */
  regions: string[];
  datastores: AuditedDatastore[];
  /** Each customer managed key's report, once per key ARN (in the order first met). */
  keys: Map<string, KeyInspection>;
  errors: RegionError[];
  summary: AuditSummary;
  /** ISO 8601. */
  startedAt: string;
  finishedAt: string;
  /** Start of the CloudTrail window, when one was asked for. */
  since: string | null;
  /** The account, from the data stores' ARNs (null when no data store was listed). */
  account: string | null;
}

export interface AuditProgress {
  regionsDone: number;
  regionsTotal: number;
  message: string;
}
