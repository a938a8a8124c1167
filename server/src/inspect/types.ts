/** The key report: plain data, the same for the CLI (text / JSON) and the VS Code key report view. */
import type { JsonFinding } from '../service/jsonFindings';

export type VerdictStatus = 'healthy' | 'at-risk' | 'broken';
export type ProblemSeverity = 'error' | 'warning' | 'info';

export interface Problem {
  /** Stable, kebab-case, for machines. */
  code: string;
  severity: ProblemSeverity;
  /** What is wrong, what it does to which data stores, what to do. */
  message: string;
}

export interface KeyFacts {
  arn: string;
  keyId: string;
  state: string;
  keySpec: string | null;
  keyUsage: string | null;
  keyManager: string | null;
  multiRegion: boolean;
  /** ISO 8601, when the key is pending deletion. */
  deletionDate: string | null;
  /** null when it could not be read (see notes). */
  rotationEnabled: boolean | null;
  aliases: string[];
  tags: Record<string, string>;
}

export interface HealthLakeGrant {
  grantId: string;
  granteePrincipal: string;
  retiringPrincipal: string | null;
  operations: string[];
  missingOperations: string[];
  /** The grant's constraints (encryption context), or null when it has none. */
  constraints: Record<string, unknown> | null;
}

export interface DependentDatastore {
  id: string;
  name: string;
  status: string;
  cmkType: string;
  /** As the data store names it (a key id, key ARN, alias name or alias ARN). */
  kmsKeyId: string;
}

export interface HealthLakeEvent {
  /** ISO 8601. */
  time: string;
  eventName: string;
  invokedBy: string;
  username: string;
}

/** The documented JSON shape of `hlkms inspect-key --format json`. */
export interface KeyReport {
  key: KeyFacts;
  grants: { healthlake: HealthLakeGrant[]; otherCount: number };
  datastores: DependentDatastore[];
  policy: { findings: JsonFinding[] };
  events: HealthLakeEvent[];
  notes: string[];
  verdict: { status: VerdictStatus; problems: Problem[] };
}

/** What the inspection returns: the report plus what front ends need to show more (never in the JSON). */
export interface KeyInspection {
  report: KeyReport;
  /** The live key policy text, when it could be read (for "open the policy at the line"). */
  policyText?: string;
  region: string;
  /** Which parts could be read (an unread part shows as "not checked", never as empty). */
  checked: { grants: boolean; datastores: boolean; events: boolean };
  /** When the CloudTrail lookup started (ISO 8601). */
  since: string;
}

/** The nine operations HealthLake's grant carries (KMS guide; HealthLake guide). */
export const HEALTHLAKE_GRANT_OPERATIONS = [
  'CreateGrant', 'Decrypt', 'DescribeKey', 'Encrypt', 'GenerateDataKey',
  'GenerateDataKeyWithoutPlaintext', 'ReEncryptFrom', 'ReEncryptTo', 'RetireGrant',
] as const;

/** HealthLake's grantee principal is regional (`healthlake.<region>.amazonaws.com`). */
export const isHealthLakePrincipal = (p: string | undefined): boolean => !!p && /^healthlake\.([a-z0-9-]+\.)?amazonaws\.com(\.cn)?$/.test(p);
