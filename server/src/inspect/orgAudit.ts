/**
 * `hlkms audit --org`: every account of an AWS Organization, each audited by `runAudit` (the one-account
 * audit) with that account's credentials, one (account, Region) pair at a time in one bounded pool. Faults
 * never abort the run: an account whose role cannot be assumed, a Region denied or not enabled, each becomes one
 * row of `errors`; cancellation returns what was audited, marked `cancelled`, and so does a run whose caller's
 * credentials expire (marked `stopped`, with the reason): a checkpoint resumes either.
 */
import { setMaxListeners } from 'node:events';
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import type { Catalog } from '../service/catalog';
import { fileCatalog } from '../node/catalogFiles';
import { RateLimits } from './adaptiveRate';
import { runAudit } from './audit';
import { offersHealthLake } from './auditRegions';
import { classify, explain, InspectError } from './errors';
import {
  assumedRole, callerIdentity, callerSts, enabledRegions, listMembers, roleArn, trustPolicy, type Caller, type OrgConnection,
} from './orgAccess';
import { openCheckpoint, pairKey, type Checkpoint, type CheckpointRun, type PairResult } from './orgCheckpoint';
import { buildResult, type PlannedAccount } from './orgSummary';
import type { OrgAuditProgress, OrgAuditResult, OrgError } from './orgTypes';
import type { KeyInspection } from './types';

export interface OrgAuditOptions {
  /** The role assumed in each account. */
  roleName: string;
  externalId?: string;
  /** Only the accounts of this organizational unit and the units under it. */
  ou?: string;
  /** Only these accounts. */
  accounts?: string[];
  excludeAccounts?: string[];
  regions: string[];
  /** (account, Region) pairs audited at once; default 8. */
  concurrency?: number;
  profile?: string;
  endpointUrl?: string;
  since?: Date;
  signal?: AbortSignal;
  catalog?: Catalog;
  /** A file recording each pair as it is audited; a run given the same file skips the pairs it holds. */
  checkpoint?: string;
  onProgress?: (progress: OrgAuditProgress) => void;
  /** Milliseconds between Organizations calls (default 250). */
  organizationsPaceMs?: number;
}

/** A pool of `limit` workers over a queue that tasks may extend; stops taking tasks once `stop()` is true. */
async function drain(queue: (() => Promise<void>)[], limit: number, stop: () => boolean): Promise<void> {
  let running = 0;
  let wake: (() => void) | undefined;
  const worker = async (): Promise<void> => {
    for (;;) {
      if (stop()) return;
      const task = queue.shift();
      if (!task) {
        if (running === 0) return wake?.();
        await new Promise<void>((resolve) => { const prev = wake; wake = () => { prev?.(); resolve(); }; });
        continue;
      }
      running++;
      try {
        await task();
      } finally {
        running--;
        const w = wake;
        wake = undefined;
        w?.();
      }
    }
  };
  // Every worker settles before the pool does (on cancellation too), so nothing runs after it returns.
  const settled = await Promise.allSettled(Array.from({ length: Math.max(1, limit) }, worker));
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
}

export async function runOrgAudit(options: OrgAuditOptions): Promise<OrgAuditResult> {
  const { signal, profile, endpointUrl, roleName } = options;
  if (signal) setMaxListeners(0, signal);
  const started = Date.now();
  const requested = options.regions;
  const healthLakeRegions = requested.filter(offersHealthLake);
  // One adaptive rate limit per quota (a service in a Region of an account), shared by every client of the run.
  const rates = new RateLimits(signal);
  const connection: OrgConnection = { profile, endpointUrl, region: healthLakeRegions[0] ?? requested[0] ?? 'us-east-1', rates };
  const catalog = options.catalog ?? fileCatalog();

  const run: CheckpointRun = {
    roleName, ou: options.ou ?? null, regions: requested, accounts: options.accounts ?? null,
    excludeAccounts: options.excludeAccounts ?? [], cloudTrail: options.since !== undefined,
  };
  const checkpoint: Checkpoint | undefined = options.checkpoint
    ? openCheckpoint(options.checkpoint, run, { startedAt: new Date(started).toISOString(), since: options.since?.toISOString() ?? null })
    : undefined;
  const startedAt = checkpoint?.startedAt ?? new Date(started).toISOString();
  const sinceText = checkpoint ? checkpoint.since : options.since?.toISOString() ?? null;
  const since = sinceText ? new Date(sinceText) : undefined;

  const sts = callerSts(connection);
  const pairs: PairResult[] = [...(checkpoint?.done.values() ?? [])];
  const accountErrors: OrgError[] = [];
  let planned: PlannedAccount[] = [];
  let cancelled = false;
  /** Why the run stopped by itself (the caller's credentials expired), or null. */
  let stopped: string | null = null;
  try {
    let caller: Caller;
    try {
      caller = await callerIdentity(sts, signal);
    } catch (e) {
      if (classify(e) === 'cancelled') throw e;
      throw new InspectError(explain(e, { action: 'sts:GetCallerIdentity', profile }), classify(e));
    }
    try {
      planned = plan(await listMembers(connection, caller.partition, { ou: options.ou, signal, paceMs: options.organizationsPaceMs }), options, healthLakeRegions);
    } catch (e) {
      if (classify(e) === 'cancelled') throw e;
      throw new InspectError(explain(e, { action: options.ou ? 'organizations:ListAccountsForParent' : 'organizations:ListAccounts', profile }), classify(e));
    }

    // Each key is read once across the organization; those a checkpoint holds are not read again.
    const inspections = new Map<string, Promise<KeyInspection | InspectError>>();
    for (const p of pairs) for (const k of p.keys) inspections.set(k.report.key.arn, Promise.resolve(k));

    const toAudit = planned.filter((a) => !a.skipped);
    const pending = new Map(toAudit.map((a) => [a.id, a.regions.length]));
    const accountDone = new Set<string>();
    let pairsDone = pairs.length;
    /** Pairs the checkpoint held: they took no time in this run. */
    const resumedPairs = pairs.length;
    let pairsTotal = toAudit.length * healthLakeRegions.length;
    const progress = (message: string) => {
      if (!options.onProgress) return;
      const elapsedMs = Date.now() - started;
      const fresh = pairsDone - resumedPairs;
      const left = pairsTotal - pairsDone;
      options.onProgress({
        accountsDone: accountDone.size, accountsTotal: toAudit.length, pairsDone, pairsTotal,
        datastores: pairs.reduce((n, p) => n + p.datastores.length, 0),
        errors: accountErrors.length + pairs.reduce((n, p) => n + p.errors.length, 0),
        elapsedMs, remainingMs: fresh > 0 ? Math.round((elapsedMs / fresh) * left) : null, message,
      });
    };
    const finishPair = (account: string) => {
      const left = (pending.get(account) ?? 1) - 1;
      pending.set(account, left);
      if (left <= 0) accountDone.add(account);
    };

    const auditPair = (account: PlannedAccount, region: string, credentials: AwsCredentialIdentityProvider | undefined) => async () => {
      progress(`Auditing ${account.name || account.id} in ${region}`);
      let result: PairResult;
      try {
        const principal = credentials ? `the role ${roleName}` : undefined;
        const audit = await runAudit({ regions: [region], profile, endpointUrl, credentials, since, signal, catalog, inspections, rates, rateScope: account.id, principal });
        result = { account: account.id, region, datastores: audit.datastores, keys: [...audit.keys.values()], errors: audit.errors, deletedSkipped: audit.summary.deletedSkipped };
      } catch (e) {
        if (classify(e) === 'cancelled') throw e;
        result = { account: account.id, region, datastores: [], keys: [], errors: [{ region, kind: classify(e), message: explain(e, { action: 'healthlake:ListFHIRDatastores', profile }) }], deletedSkipped: 0 };
      }
      pairs.push(result);
      checkpoint?.record(result);
      pairsDone++;
      finishPair(account.id);
      progress(`${account.name || account.id} in ${region} done`);
    };

    const queue: (() => Promise<void>)[] = [];
    const prepare = (account: PlannedAccount) => async () => {
      if (stopped) return;
      progress(`Assuming ${roleName} in ${account.name || account.id}`);
      const credentials = await accountCredentials(sts, caller, account, options, signal);
      if ('callerGone' in credentials) {
        stopped ??= credentials.callerGone;
        return;
      }
      if ('error' in credentials) {
        account.failed = true;
        accountErrors.push(credentials.error);
        pairsTotal -= account.regions.length;
        account.regions = [];
        accountDone.add(account.id);
        return;
      }
      if (credentials.note) account.notes.push(credentials.note);
      const enabled = await enabledRegions(connection, caller.partition, credentials.provider, signal);
      if ('error' in enabled && classify(enabled.error) === 'cancelled') throw enabled.error;
      const regions = 'error' in enabled ? account.regions : account.regions.filter((r) => enabled.has(r));
      if ('error' in enabled) {
        const principal = credentials.provider ? `the role ${roleName}` : undefined;
        account.notes.push(`Its enabled Regions could not be read, so every Region asked for was audited. ${explain(enabled.error, { action: 'account:ListRegions', profile, principal })}`);
      } else {
        for (const r of account.regions.filter((x) => !enabled.has(x))) {
          accountErrors.push({ account: account.id, region: r, kind: 'opt-in', message: `${r} is not enabled for this account (an opt-in Region): it holds no data store and was not audited.` });
        }
      }
      pairsTotal -= account.regions.length - regions.length;
      account.regions = regions;
      const todo = regions.filter((r) => !checkpoint?.done.has(pairKey(account.id, r)));
      pending.set(account.id, todo.length);
      if (!todo.length) accountDone.add(account.id);
      // The account's pairs go first: an account is finished before the next ones are opened.
      queue.unshift(...todo.map((r) => auditPair(account, r, credentials.provider)));
    };
    queue.push(...toAudit.map(prepare));
    try {
      await drain(queue, options.concurrency ?? 8, () => signal?.aborted === true || stopped !== null);
    } catch (e) {
      if (classify(e) !== 'cancelled') throw e;
    }
    cancelled = signal?.aborted === true;
    progress(cancelled ? 'Cancelled' : 'Done');
  } catch (e) {
    if (classify(e) !== 'cancelled') throw e;
    cancelled = true;
  } finally {
    sts.destroy();
    checkpoint?.flush();
  }
  return buildResult({ regions: requested, planned, pairs, accountErrors, startedAt, since: sinceText, cancelled, stopped });
}

/** Which accounts are audited, in which Regions, and why the others are not. */
function plan(members: { id: string; name: string; status: string }[], options: OrgAuditOptions, regions: string[]): PlannedAccount[] {
  const only = options.accounts ? new Set(options.accounts) : undefined;
  const excluded = new Set(options.excludeAccounts ?? []);
  const planned = members
    .filter((m) => !only || only.has(m.id))
    .map((m): PlannedAccount => {
      const skipped = excluded.has(m.id) ? 'excluded (--exclude-accounts)' : m.status !== 'ACTIVE' ? `not active (${m.status})` : null;
      return { ...m, regions: skipped ? [] : [...regions], skipped, failed: false, notes: [] };
    });
  for (const id of only ?? []) {
    if (!members.some((m) => m.id === id)) planned.push({ id, name: '', status: 'NOT_FOUND', regions: [], skipped: 'not an account of the organization (or of the organizational unit)', failed: false, notes: [] });
  }
  return planned.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

type AccountCredentials =
  | { provider: AwsCredentialIdentityProvider | undefined; note?: string }
  | { error: OrgError }
  | { callerGone: string };

/** The caller's own credentials are gone: no account can be reached any more. */
const CALLER_GONE = new Set(['sso-expired', 'expired-token', 'no-credentials']);

/**
 * A member account's credentials: the role, assumed once here so that an account whose role cannot be
 * assumed is one error (with the trust policy it needs when STS denied it). The caller's own account uses the
 * role when it can be assumed there too, and the caller's credentials otherwise. When the caller's credentials
 * expired, that is no fault of the account: `callerGone` says so.
 */
async function accountCredentials(sts: ReturnType<typeof callerSts>, caller: Caller, account: PlannedAccount, options: OrgAuditOptions, signal: AbortSignal | undefined): Promise<AccountCredentials> {
  const arn = roleArn(caller.partition, account.id, options.roleName);
  const provider = assumedRole(sts, { roleArn: arn, externalId: options.externalId }, signal);
  try {
    await provider();
    return { provider };
  } catch (e) {
    const kind = classify(e);
    if (kind === 'cancelled') throw e;
    if (CALLER_GONE.has(kind)) return { callerGone: explain(e, { action: 'sts:AssumeRole', profile: options.profile }) };
    if (account.id === caller.account && kind === 'denied') {
      return { provider: undefined, note: `Audited with the caller's own credentials (${caller.arn}): the role ${arn} could not be assumed in the caller's account.` };
    }
    if (kind !== 'denied') {
      return { error: { account: account.id, region: null, kind, message: `Could not assume the role ${arn}, so the account was not audited. ${explain(e, { action: 'sts:AssumeRole', profile: options.profile })}` } };
    }
    const reason = ((e as Error).message ?? String(e)).split('\n')[0]!.trim();
    return {
      error: {
        account: account.id, region: null, kind: 'assume-role',
        message: `Could not assume the role ${arn} (${(e as Error).name && (e as Error).name !== 'Error' ? `${(e as Error).name}: ` : ''}${reason}). The account was not audited. The role must exist in account ${account.id} and trust the caller (${caller.arn}) with this trust policy: ${trustPolicy(caller, options.externalId)}`,
      },
    };
  }
}
