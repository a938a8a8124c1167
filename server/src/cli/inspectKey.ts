/** `hlkms inspect-key`: the key report for a live key, as text for a ticket or as JSON for scripts. */
import { InspectError, inspectKey, parseSince, renderJson, renderText } from '../inspect/index';
import { oneOf, parseArgs, UsageError, type Io } from './io';

const HELP = `Usage: hlkms inspect-key KEY [--region R] [--profile P] [--since 7d] [--format text|json]

Describes a live KMS key as Amazon HealthLake sees it: key state and type, HealthLake's grants, the data
stores that use the key, the key policy's findings, and HealthLake's recent KMS calls in CloudTrail.
KEY is a key id, key ARN, alias name (alias/...) or alias ARN.

  --region   AWS region (default: AWS_REGION or the profile's; a key ARN's own region wins)
  --profile  named profile of the shared AWS config files (default: AWS_PROFILE or default)
  --since    CloudTrail window, e.g. 30m, 12h, 7d (default 7d, at most 90d)
  --format   text (default) or json

Credentials and endpoints follow the AWS SDK's conventions (default credential chain,
AWS_ENDPOINT_URL_KMS, AWS_ENDPOINT_URL_HEALTHLAKE, AWS_ENDPOINT_URL_CLOUDTRAIL).

Exit code: 0 healthy, 1 at risk or broken, 2 could not inspect.`;

export async function inspectKeyCommand(args: string[], io: Io): Promise<number> {
  const { values, flags, positional } = parseArgs(args, { options: ['region', 'profile', 'since', 'format'], flags: ['help'] });
  if (flags.has('help')) {
    io.out(HELP);
    return 0;
  }
  const format = oneOf('format', values.format, ['text', 'json'] as const, 'text');
  if (positional.length !== 1) throw new UsageError('give exactly one key. Usage: hlkms inspect-key KEY [options]');
  const since = parseSince(values.since ?? '7d');
  if (!since) throw new UsageError(`--since must be a window like 30m, 12h or 7d, at most 90d (got '${values.since}')`);
  // The SDK warns on stderr about future Node versions; a CLI's stderr is for its own messages.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  try {
    const inspection = await inspectKey({ key: positional[0]!, region: values.region, profile: values.profile, since });
    io.out(format === 'json' ? renderJson(inspection.report) : renderText(inspection));
    return inspection.report.verdict.status === 'healthy' ? 0 : 1;
  } catch (e) {
    if (e instanceof InspectError) throw new UsageError(e.message);
    throw e;
  }
}
