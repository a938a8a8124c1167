/** Per data store verdicts (from its key's report) and the audit's summary. */
import type { AuditedDatastore, AuditSummary, Encryption, RegionError } from './auditTypes';
import type { KeyInspection, Problem, VerdictStatus } from './types';

export const statusOf = (problems: Problem[]): VerdictStatus =>
  problems.some((p) => p.severity === 'error') ? 'broken' : problems.some((p) => p.severity === 'warning') ? 'at-risk' : 'healthy';

const AWS_OWNED: Problem = {
  code: 'aws-owned-key', severity: 'info',
  message: 'Encrypted with an AWS owned key: there is no key policy or grant to check, and the key\'s use cannot be audited, restricted or revoked in this account. The encryption of a data store cannot change; a customer managed key needs a new data store.',
};

/**
 * A customer managed key's problems as they concern this data store. The key report also warns about other
 * data stores of the Region whose key KMS cannot find (`datastore-key-not-found`); those get their own
 * verdict, so they are left out here rather than counted against every key of the Region.
 */
export function keyVerdict(inspection: KeyInspection): { status: VerdictStatus; problems: Problem[] } {
  const problems = inspection.report.verdict.problems.filter((p) => p.code !== 'datastore-key-not-found');
  return { status: statusOf(problems), problems };
}

/** A key in another Region than its data store: HealthLake documents no such setup, so it is said, not judged. */
export function otherRegionVerdict(verdict: { status: VerdictStatus; problems: Problem[] }, keyRegion: string, region: string): { status: VerdictStatus; problems: Problem[] } {
  return {
    status: verdict.status,
    problems: [...verdict.problems, {
      code: 'key-other-region', severity: 'info',
      message: `The key is in ${keyRegion}, the data store in ${region}. AWS does not document HealthLake with a key of another Region, so this audit cannot confirm HealthLake can use it; the key report covers the key itself.`,
    }],
  };
}

export function awsOwnedVerdict(): { status: VerdictStatus; problems: Problem[] } {
  return { status: 'healthy', problems: [AWS_OWNED] };
}

export function keyNotFoundVerdict(kmsKeyId: string, region: string): { status: VerdictStatus; problems: Problem[] } {
  return {
    status: 'broken',
    problems: [{
      code: 'datastore-key-not-found', severity: 'error',
      message: `The data store names its key as '${kmsKeyId}', which KMS cannot find in ${region} (the key was deleted, or the alias removed). HealthLake cannot encrypt or decrypt its data. Restore the alias for the right key; a deleted key cannot be recovered.`,
    }],
  };
}

export function keyNotCheckedVerdict(kmsKeyId: string, reason: string): { status: VerdictStatus; problems: Problem[] } {
  return {
    status: 'at-risk',
    problems: [{
      code: 'key-not-checked', severity: 'warning',
      message: `Its key '${kmsKeyId}' could not be inspected, so the audit cannot say whether HealthLake can use it. ${reason}`,
    }],
  };
}

export function summarize(datastores: AuditedDatastore[], keys: Map<string, KeyInspection>, regions: string[], errors: RegionError[], deletedSkipped: number): AuditSummary {
  const failed = new Set(errors.map((e) => e.region));
  const byVerdict: Record<VerdictStatus, number> = { healthy: 0, 'at-risk': 0, broken: 0 };
  const byEncryption: Record<Encryption, number> = { AWS_OWNED_KMS_KEY: 0, CUSTOMER_MANAGED_KMS_KEY: 0 };
  const users = new Map<string, string[]>();
  for (const d of datastores) {
    byVerdict[d.verdict.status]++;
    byEncryption[d.encryption]++;
    if (d.keyArn) users.set(d.keyArn, [...(users.get(d.keyArn) ?? []), d.id]);
  }
  const entries = [...keys.entries()].map(([arn, inspection]) => ({ arn, inspection, datastores: users.get(arn) ?? [] }));
  return {
    regions: { audited: regions.filter((r) => !failed.has(r)), failed: regions.filter((r) => failed.has(r)) },
    datastores: datastores.length,
    byVerdict,
    byEncryption,
    keys: keys.size,
    sharedKeys: entries.filter((k) => k.datastores.length > 1).map(({ arn, datastores: ids }) => ({ arn, datastores: ids })),
    keysPendingDeletion: entries.filter((k) => /^Pending(Replica)?Deletion$/.test(k.inspection.report.key.state))
      .map(({ arn, inspection, datastores: ids }) => ({ arn, deletionDate: inspection.report.key.deletionDate, datastores: ids })),
    keysDisabled: entries.filter((k) => k.inspection.report.key.state === 'Disabled').map(({ arn, datastores: ids }) => ({ arn, datastores: ids })),
    grantMissing: entries.filter((k) => k.inspection.checked.grants && k.inspection.report.grants.healthlake.length === 0).flatMap((k) => k.datastores),
    deletedSkipped,
  };
}
