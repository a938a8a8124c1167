/** The organization audit's result from its pairs' results: accounts, their summaries, the organization's summary, the exit code. */
import type { Encryption, RegionError } from './auditTypes';
import { summarize } from './auditVerdict';
import type { PairResult } from './orgCheckpoint';
import type { OrgAccount, OrgAuditResult, OrgDatastore, OrgError, OrgSummary } from './orgTypes';
import type { KeyInspection, VerdictStatus } from './types';

/** An account as the run planned it: audited in `regions`, or not at all (`skipped` says why). */
export interface PlannedAccount {
  id: string;
  name: string;
  status: string;
  regions: string[];
  skipped: string | null;
  /** True when its credentials could not be had (its error is in `errors`): the account failed. */
  failed: boolean;
  notes: string[];
}

const verdicts = (): Record<VerdictStatus, number> => ({ healthy: 0, 'at-risk': 0, broken: 0 });
const encryptions = (): Record<Encryption, number> => ({ AWS_OWNED_KMS_KEY: 0, CUSTOMER_MANAGED_KMS_KEY: 0 });

export function orgError(account: string, e: RegionError): OrgError {
  return { account, region: e.region, kind: e.kind, message: e.message };
}

/**
 * The errors of an account's pairs: one per Region, except when every Region failed the same way (the role
 * lacks a permission, say): then one error for the account, naming the Regions, not the same message per Region.
 */
function accountPairErrors(account: string, done: PairResult[]): OrgError[] {
  const all = done.flatMap((p) => p.errors);
  const same = (m: string, region: string) => m.split(region).join('<Region>');
  const first = all[0];
  if (done.length > 1 && all.length === done.length && first
    && all.every((e) => e.kind === first.kind && same(e.message, e.region) === same(first.message, first.region))) {
    return [{ account, region: null, kind: first.kind, message: `In every Region audited (${all.map((e) => e.region).join(', ')}): ${same(first.message, first.region).split('<Region>').join('each Region')}` }];
  }
  return all.map((e) => orgError(account, e));
}

export function buildResult(input: {
  regions: string[]; planned: PlannedAccount[]; pairs: PairResult[]; accountErrors: OrgError[];
  startedAt: string; since: string | null; cancelled: boolean; stopped: string | null;
}): OrgAuditResult {
  const { regions, planned, pairs } = input;
  const regionOrder = new Map(regions.map((r, i) => [r, i]));
  const accountOrder = new Map(planned.map((a, i) => [a.id, i]));
  const byAccount = new Map<string, PairResult[]>();
  for (const p of pairs) byAccount.set(p.account, [...(byAccount.get(p.account) ?? []), p]);

  const keys = new Map<string, KeyInspection>();
  const datastores: OrgDatastore[] = [];
  const errors: OrgError[] = [...input.accountErrors];
  /** Accounts not audited because of an error (their role, or every Region failed). */
  const failed = new Set<string>();
  const accounts: OrgAccount[] = planned.map((a) => {
    const done = (byAccount.get(a.id) ?? []).sort((x, y) => regionOrder.get(x.region)! - regionOrder.get(y.region)!);
    const read = done.filter((p) => !p.errors.length);
    const accountKeys = new Map<string, KeyInspection>();
    for (const p of done) for (const k of p.keys) accountKeys.set(k.report.key.arn, k);
    const stores = done.flatMap((p) => p.datastores);
    for (const k of accountKeys.values()) keys.set(k.report.key.arn, k);
    datastores.push(...stores.map((d) => ({ ...d, account: a.id })));
    errors.push(...accountPairErrors(a.id, done));
    const audited = read.length > 0;
    const notReached = (input.cancelled || input.stopped !== null) && !a.skipped && !a.failed && done.length < a.regions.length;
    let skipped = a.skipped;
    // An account the run stopped before (the caller's credentials expired) was not audited because of an error.
    if (!audited && !a.skipped && (a.failed || (done.length > 0 && !notReached) || (notReached && !input.cancelled))) failed.add(a.id);
    if (!skipped && !audited) {
      skipped = a.failed ? 'its role could not be assumed' : notReached ? (input.cancelled ? 'not reached: the audit was cancelled' : `not reached: the audit stopped (${input.stopped})`)
        : done.length ? 'no Region could be read' : 'no Region to audit';
    }
    const auditedRegions = a.regions.filter((r) => done.some((p) => p.region === r));
    return {
      id: a.id, name: a.name, status: a.status, audited, skipped, regions: a.regions, notes: a.notes,
      summary: audited
        ? summarize(stores, accountKeys, auditedRegions, done.flatMap((p) => p.errors), done.reduce((n, p) => n + p.deletedSkipped, 0))
        : null,
    };
  });
  datastores.sort((x, y) => accountOrder.get(x.account)! - accountOrder.get(y.account)! || regionOrder.get(x.region)! - regionOrder.get(y.region)!
    || x.name.localeCompare(y.name) || x.id.localeCompare(y.id));
  errors.sort((x, y) => accountOrder.get(x.account)! - accountOrder.get(y.account)!
    || (x.region === null ? -1 : regionOrder.get(x.region) ?? -1) - (y.region === null ? -1 : regionOrder.get(y.region) ?? -1));
  const sortedKeys = new Map([...keys.entries()].sort(([x], [y]) => x.localeCompare(y)));
  return {
    regions, accounts, datastores, keys: sortedKeys, errors,
    summary: orgSummary(accounts, failed, datastores, sortedKeys.size),
    startedAt: input.startedAt, finishedAt: new Date().toISOString(), since: input.since, cancelled: input.cancelled, stopped: input.stopped,
  };
}

function orgSummary(accounts: OrgAccount[], failed: Set<string>, datastores: OrgDatastore[], keys: number): OrgSummary {
  const byVerdict = verdicts();
  const byEncryption = encryptions();
  for (const d of datastores) {
    byVerdict[d.verdict.status]++;
    byEncryption[d.encryption]++;
  }
  const notAudited = accounts.filter((a) => !a.audited);
  return {
    accounts: { total: accounts.length, audited: accounts.filter((a) => a.audited).length, skipped: notAudited.length - failed.size, failed: failed.size },
    datastores: datastores.length, byVerdict, byEncryption,
    perAccount: accounts.filter((a) => a.audited).map((a) => ({ account: a.id, byVerdict: a.summary!.byVerdict, byEncryption: a.summary!.byEncryption })),
    notAudited: notAudited.map((a) => ({ account: a.id, reason: a.skipped ?? '' })),
    keys,
  };
}

/** 2: nothing could be read; 1: a data store is broken or an account could not be audited; 0 otherwise. */
export function orgAuditExitCode(result: OrgAuditResult): number {
  if (!result.accounts.some((a) => a.audited)) return 2;
  return result.summary.accounts.failed > 0 || result.datastores.some((d) => d.verdict.status === 'broken') ? 1 : 0;
}
