/** `hlkms audit --org`: every account of the organization, each audited as `hlkms audit` audits one. */
import { offersHealthLake } from '../inspect/auditRegions';
import { CheckpointError } from '../inspect/orgCheckpoint';
import { runOrgAudit } from '../inspect/orgAudit';
import { renderOrgAuditJson, renderOrgAuditMarkdown, renderOrgAuditText } from '../inspect/orgRender';
import { orgAuditExitCode } from '../inspect/orgSummary';
import { UsageError, type Io } from './io';
import { progressLine, type ProgressStream } from './progressLine';

export interface OrgAuditArgs {
  roleName: string;
  externalId?: string;
  ou?: string;
  accounts?: string[];
  excludeAccounts: string[];
  regions: string[];
  concurrency: number;
  profile?: string;
  since?: Date;
  format: 'text' | 'json' | 'markdown';
  checkpoint?: string;
  quiet: boolean;
}

const ACCOUNT = /^\d{12}$/;

/** `--accounts 111122223333,444455556666`; throws a usage error naming what is not an account id. */
export function parseAccounts(name: string, text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  const ids = [...new Set(text.split(',').map((s) => s.trim()).filter(Boolean))];
  const bad = ids.filter((id) => !ACCOUNT.test(id));
  if (!ids.length || bad.length) throw new UsageError(`--${name} needs a comma-separated list of 12-digit account ids${bad.length ? ` (not one: ${bad.map((b) => `'${b}'`).join(', ')})` : ''}`);
  return ids;
}

export async function auditOrgCommand(args: OrgAuditArgs, io: Io, stream: ProgressStream = process.stderr): Promise<number> {
  const leftOut = args.regions.filter((r) => !offersHealthLake(r));
  if (leftOut.length) io.err(`hlkms audit: HealthLake is not offered in ${leftOut.join(', ')} (as of this release): left out of every account.`);
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  const progress = progressLine(stream, args.quiet);
  try {
    const result = await runOrgAudit({
      roleName: args.roleName, externalId: args.externalId, ou: args.ou, accounts: args.accounts, excludeAccounts: args.excludeAccounts,
      regions: args.regions, concurrency: args.concurrency, profile: args.profile, since: args.since, signal: controller.signal,
      checkpoint: args.checkpoint, onProgress: progress.update,
    });
    progress.done();
    io.out(args.format === 'json' ? renderOrgAuditJson(result) : args.format === 'markdown' ? renderOrgAuditMarkdown(result) : renderOrgAuditText(result));
    if (result.cancelled) {
      io.err(`hlkms audit: cancelled; the report holds what was audited before${args.checkpoint ? `; run the same command to resume from ${args.checkpoint}` : ''}.`);
      return 130;
    }
    if (result.stopped) {
      io.err(`hlkms audit: stopped before every account was audited: ${result.stopped} Then run the same command${args.checkpoint ? ` to resume from ${args.checkpoint}` : ' (with --checkpoint FILE, a run can be resumed)'}.`);
    }
    return orgAuditExitCode(result);
  } catch (e) {
    progress.done();
    if (e instanceof CheckpointError) throw new UsageError(e.message);
    throw e;
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}
