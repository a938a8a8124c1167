/** `hlkms audit`: every HealthLake data store of the account, in each Region, and the health of its key. */
import { auditExitCode, runAudit } from '../inspect/audit';
import { parseRegions } from '../inspect/auditRegions';
import { renderAuditJson, renderAuditMarkdown, renderAuditText } from '../inspect/auditRender';
import { classify } from '../inspect/errors';
import { parseSince } from '../inspect/since';
import { oneOf, parseArgs, UsageError, type Io } from './io';

const HELP = `Usage: hlkms audit [--regions R1,R2,...|all] [--profile P] [--since 7d] [--format text|json|markdown]
       hlkms audit --org --role-name NAME [--external-id ID] [--ou OU_ID] [--accounts ID,...]
                   [--exclude-accounts ID,...] [--checkpoint FILE] [--quiet] [options above]

Audits the encryption of every Amazon HealthLake data store in the account: in each Region, every data
store and its encryption (AWS owned key or customer managed key), and for each customer managed key the
key report of \`hlkms inspect-key\` (state, type, rotation, aliases, key policy findings, HealthLake's grant),
made once per key however many data stores share it. Each data store gets a verdict: healthy, at risk or broken.

  --regions      comma-separated Regions, or 'all' for every Region where HealthLake is offered
                 (default: AWS_REGION or the profile's Region)
  --profile      named profile of the shared AWS config files (default: AWS_PROFILE or default)
  --since        also list HealthLake's KMS calls in CloudTrail in this window, e.g. 12h, 7d (at most 90d)
  --format       text (default), json, or markdown (an artefact for a ticket or a compliance review)
  --concurrency  Regions audited at once (default 4; with --org, (account, Region) pairs, default 8)

A Region that cannot be read (access denied, unreachable, opt-in Region not enabled) is reported and the
audit goes on. Ctrl-C stops it cleanly.

Every account of an AWS Organization (--org, run with the management account's or a delegated
administrator's credentials): the accounts from Organizations (or those of the organizational unit --ou),
each audited through the role --role-name, assumed with STS (session name hlkms-audit, --external-id when
the role's trust policy asks for one). Only ACTIVE accounts are audited; the others are listed as skipped.
The caller's own account is audited through the role when it can be assumed there, else with the caller's
credentials. In each account, the Regions audited are those asked for where HealthLake is offered and that
the account has enabled.
  --org               audit every account of the organization
  --role-name         the role to assume in each account (required with --org)
  --external-id       the ExternalId the role's trust policy requires
  --ou                only the accounts of this organizational unit (ou-...) and the units under it
  --accounts          only these accounts (comma-separated ids)
  --exclude-accounts  leave these accounts out (comma-separated ids)
  --checkpoint        record progress in FILE as the audit goes; run the same command with the same FILE
                      to resume: the pairs already audited are not read again, and the report is the same
  --quiet             no progress line on stderr (there is none when stderr is not a terminal)
An account whose role cannot be assumed gets one error naming the role and the trust policy it needs, and
the audit goes on; so does it past a Region denied by a service control policy or not enabled.

Exit code: 0 no data store broken, 1 at least one broken (with --org: or an account could not be audited),
2 nothing could be read (or bad arguments), 130 cancelled (with --org, the report of what was audited is
still printed).`;

export async function auditCommand(args: string[], io: Io): Promise<number> {
  const { values, flags, positional } = parseArgs(args, {
    options: ['regions', 'profile', 'since', 'format', 'concurrency', 'role-name', 'external-id', 'ou', 'accounts', 'exclude-accounts', 'checkpoint'],
    flags: ['help', 'org', 'quiet'],
  });
  if (flags.has('help')) {
    io.out(HELP);
    return 0;
  }
  if (positional.length) throw new UsageError(`unexpected argument '${positional[0]}'. Usage: hlkms audit [options]`);
  const format = oneOf('format', values.format, ['text', 'json', 'markdown'] as const, 'text');
  const since = values.since === undefined ? undefined : parseSince(values.since);
  if (values.since !== undefined && !since) throw new UsageError(`--since must be a window like 30m, 12h or 7d, at most 90d (got '${values.since}')`);
  const org = flags.has('org');
  const orgOnly = ['role-name', 'external-id', 'ou', 'accounts', 'exclude-accounts', 'checkpoint'].filter((o) => values[o] !== undefined);
  if (!org && orgOnly.length) throw new UsageError(`--${orgOnly[0]} is an option of --org (hlkms audit --org --role-name NAME ...)`);
  if (org && !values['role-name']?.trim()) throw new UsageError('--org needs --role-name NAME: the role hlkms assumes in each account');
  if (org && values['role-name'] && !/^[\w+=,.@/-]{1,64}$/.test(values['role-name'])) throw new UsageError(`--role-name must be an IAM role name (got '${values['role-name']}')`);
  if (org && values.ou !== undefined && !/^(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32})$/.test(values.ou)) throw new UsageError(`--ou must be an organizational unit id (ou-...) or a root id (r-...) (got '${values.ou}')`);
  const concurrency = values.concurrency === undefined ? (org ? 8 : 4) : Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 32) throw new UsageError(`--concurrency must be a whole number from 1 to 32 (got '${values.concurrency}')`);
  let regions: string[];
  try {
    const fallback = values.regions ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
    regions = fallback ? parseRegions(fallback) : await profileRegion(values.profile);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  // The SDK warns on stderr about future Node versions; a CLI's stderr is for its own messages.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

  if (org) {
    const { auditOrgCommand, parseAccounts } = await import('./auditOrg');
    return auditOrgCommand({
      roleName: values['role-name']!, externalId: values['external-id'], ou: values.ou,
      accounts: parseAccounts('accounts', values.accounts), excludeAccounts: parseAccounts('exclude-accounts', values['exclude-accounts']) ?? [],
      regions, concurrency, profile: values.profile, since, format, checkpoint: values.checkpoint, quiet: flags.has('quiet'),
    }, io);
  }

  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  try {
    const result = await runAudit({ regions, profile: values.profile, since, signal: controller.signal, regionConcurrency: concurrency });
    io.out(format === 'json' ? renderAuditJson(result) : format === 'markdown' ? renderAuditMarkdown(result) : renderAuditText(result));
    return auditExitCode(result);
  } catch (e) {
    if (classify(e) === 'cancelled') {
      io.err('hlkms audit: cancelled; nothing was written.');
      return 130;
    }
    throw e;
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}

/** The profile's Region (the SDK's own resolution), when neither --regions nor AWS_REGION says. */
async function profileRegion(profile: string | undefined): Promise<string[]> {
  const { createClients } = await import('../inspect/clients');
  const clients = createClients({ profile });
  try {
    return [await clients.region()];
  } catch {
    throw new Error('no Region given: pass --regions (a list, or all), or set AWS_REGION or a region in the profile');
  } finally {
    clients.destroy();
  }
}
