/** Plain data of a policy diff: who gains or loses which KMS action and HealthLake capability, and the safety verdicts. */
import type { Catalog } from '../catalog';
import type { Decision } from '../evaluate/index';
import type { HealthLakeOperation } from '../healthlake/facts';

/** How KMS actions are grouped for people (JSON lists every action by name). */
export type ActionGroup = 'administration' | 'cryptographic use' | 'grants';

import type { Capability } from '../healthlake/capability';
export type { Capability };

export interface DiffPrincipal {
  /** What JSON shows: an IAM ARN (an account as its root ARN), a service principal, or `*` for anyone. */
  id: string;
  /** For people: `role/FhirReader (111122223333)`, `account 111122223333`, `anyone (any AWS account)`. */
  label: string;
  kind: 'anyone' | 'account' | 'role' | 'user' | 'session' | 'service';
  account?: string;
  /**
   * For "anyone" scoped by what the caller's request carries (its organization, a principal tag, the VPC
   * endpoint): the key and value, e.g. aws:PrincipalOrgID o-a1b2c3d4e5. Such callers are not "the public".
   */
  carries?: { key: string; value: string };
}

export interface ActionChange {
  principal: string;
  action: string;
  before: Decision;
  after: Decision;
}

export interface CapabilityRow {
  principal: string;
  capability: HealthLakeOperation;
  before: Capability;
  after: Capability;
}

/** A condition that now decides, or no longer decides, an access: in words. */
export interface ConditionChange {
  /** The principals it concerns (ids), when several share the change. */
  principals: string[];
  /** The KMS actions or HealthLake capabilities it concerns, e.g. `kms:Decrypt` or `HealthLake read`. */
  subjects: string[];
  /** `now requires kms:ViaService healthlake.us-east-1.amazonaws.com`, `now denied by statement "X"` */
  words: string;
}

export interface PolicyDiff {
  principals: DiffPrincipal[];
  /** Only the (principal, action) pairs whose decision changed. */
  changes: ActionChange[];
  /** Every principal's three capabilities, changed or not (IAM principals and anyone; services have none). */
  healthlake: CapabilityRow[];
  public: { before: boolean; after: boolean };
  lockout: { before: boolean; after: boolean };
  conditions: ConditionChange[];
  /** The Region HealthLake's requests were simulated in. */
  region: string;
}

export interface DiffOptions {
  /** The IAM reference data: every KMS action is compared. */
  catalog: Catalog;
  /** Region of the HealthLake data stores when neither policy names one (default us-east-1). */
  region?: string;
}
