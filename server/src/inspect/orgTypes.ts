/**
 * The organization audit (`hlkms audit --org`): plain data, the same for the CLI (text, JSON, Markdown) and
 * the VS Code HealthLake view. Each account is audited as `hlkms audit` audits one; these types add the
 * account to what that audit reports.
 */
import type { ErrorKind } from './errors';
import type { AuditedDatastore, AuditSummary, Encryption } from './auditTypes';
import type { KeyInspection, VerdictStatus } from './types';

/** Organizations' account status (ACTIVE, SUSPENDED, PENDING_CLOSURE, …). */
export type AccountStatus = string;

export interface OrgAccount {
  id: string;
  name: string;
  status: AccountStatus;
  /** True when at least one Region of the account was read. */
  audited: boolean;
  /** Why the account was not audited (not ACTIVE, excluded, role not assumable); null when it was. */
  skipped: string | null;
  /** The Regions audited in this account (requested ∩ HealthLake's ∩ the account's enabled ones). */
  regions: string[];
  /** What a reader should know about how the account was audited (its enabled Regions could not be read, say). */
  notes: string[];
  /** The account's own summary, as `hlkms audit` gives it; null when nothing was read. */
  summary: AuditSummary | null;
}

export interface OrgDatastore extends AuditedDatastore {
  account: string;
}

export interface OrgError {
  account: string;
  /** null: the error concerns the whole account (its role could not be assumed, say). */
  region: string | null;
  kind: ErrorKind | 'opt-in' | 'assume-role' | 'scp';
  /** What happened and what to do (names the role, the permission, the trust policy it needs). */
  message: string;
}

export interface OrgSummary {
  accounts: { total: number; audited: number; skipped: number; failed: number };
  datastores: number;
  byVerdict: Record<VerdictStatus, number>;
  byEncryption: Record<Encryption, number>;
  /** Per audited account: its data stores by verdict and by encryption. */
  perAccount: { account: string; byVerdict: Record<VerdictStatus, number>; byEncryption: Record<Encryption, number> }[];
  /** Accounts not audited, and why. */
  notAudited: { account: string; reason: string }[];
  /** Distinct customer managed keys inspected across the organization. */
  keys: number;
}

export interface OrgAuditResult {
  /** The Regions asked for, in order. */
  regions: string[];
  accounts: OrgAccount[];
  datastores: OrgDatastore[];
  /** Each customer managed key's report, once per key ARN across the organization. */
  keys: Map<string, KeyInspection>;
  errors: OrgError[];
  summary: OrgSummary;
  startedAt: string;
  finishedAt: string;
  since: string | null;
  /** True when the run was cancelled: the result holds what was audited before. */
  cancelled: boolean;
  /**
   * Why the run stopped by itself before every account was audited (the caller's credentials expired), or
   * null; the accounts not reached are not audited, and the result holds what was audited before.
   */
  stopped: string | null;
}

export interface OrgAuditProgress {
  accountsDone: number;
  accountsTotal: number;
  /** (account, Region) pairs. */
  pairsDone: number;
  pairsTotal: number;
  datastores: number;
  errors: number;
  elapsedMs: number;
  /** null until it can be estimated. */
  remainingMs: number | null;
  message: string;
}
