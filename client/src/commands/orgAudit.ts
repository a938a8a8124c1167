/**
 * Audit HealthLake Encryption in the Organization…: every account of the AWS Organization, each through the
 * role the setting `hlkms.aws.orgAudit.roleName` names (asked once when unset), in the Regions picked, shown in
 * the HealthLake view as Accounts > Regions > data stores > key. Cancel keeps what was audited.
 */
import * as vscode from 'vscode';
import { verdictCounts } from '../../../server/src/inspect/auditRender';
import { runOrgAudit } from '../../../server/src/inspect/orgAudit';
import type { OrgAuditResult } from '../../../server/src/inspect/orgTypes';
import { withAwsProgress } from '../aws/runInspection';
import { AUDIT_VIEW } from '../views/auditTree';
import { connectionOptions, describeConnection, orgAuditSettings } from '../aws/settings';
import { askRoleName, pickRegions, regionsOf, rememberRegions, textArg } from './auditPrompts';
import type { CommandDeps } from './deps';
import { requireTrust } from './inspectKey';

const TITLE = 'HealthLake KMS: Audit HealthLake Encryption in the Organization';
const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/** The view's one-line summary of an organization's audit. */
export function orgAuditMessage(result: OrgAuditResult): string {
  const { summary } = result;
  const { accounts } = summary;
  const notAudited = accounts.total - accounts.audited;
  const partial = result.cancelled ? 'Cancelled; audited so far: ' : result.stopped ? 'Stopped; audited so far: ' : '';
  return `${partial}${plural(summary.datastores, 'data store')} in ${accounts.audited} of ${plural(accounts.total, 'account')}: ${verdictCounts(summary.byVerdict)}`
    + `${notAudited ? `; ${plural(notAudited, 'account')} not audited` : ''}`;
}

/**
 * Registers the command; `show` puts a result in the HealthLake view. The command takes `{ regions, roleName,
 * externalId }` from a caller (Refresh, tests) and asks for what is missing.
 */
export function registerOrgAuditCommand<Shown>(context: vscode.ExtensionContext, deps: CommandDeps, command: string,
  show: (result: OrgAuditResult, message: string) => Promise<Shown>, cancelled: () => void): vscode.Disposable {
  /** The role and ExternalId of the last run (Refresh uses them again when the settings name none). */
  let last: { roleName: string; externalId: string | undefined } | undefined;

  const audit = async (roleName: string, externalId: string | undefined, regions: string[]): Promise<Shown | undefined> => {
    const options = connectionOptions();
    await rememberRegions(context, regions);
    deps.output.info(`Auditing HealthLake encryption in the organization (role ${roleName}${externalId ? ', with an ExternalId' : ''}) in ${regions.join(', ')} with ${describeConnection({ ...options, region: undefined })}`);
    let stopped: AbortSignal | undefined;
    const result = await vscode.window.withProgress({ location: { viewId: AUDIT_VIEW } }, () => withAwsProgress(`Auditing HealthLake encryption in the organization (${plural(regions.length, 'Region')})`, 'organizations:ListAccounts', (signal, report) =>
      runOrgAudit({
        roleName, externalId, regions, profile: options.profile, endpointUrl: options.endpointUrl, signal: (stopped = signal),
        onProgress: (p) => report(`${p.accountsDone} of ${plural(p.accountsTotal, 'account')}, ${plural(p.datastores, 'data store')}${p.errors ? `, ${plural(p.errors, 'error')}` : ''}: ${p.message}`),
      })));
    // Failed (the error was shown), or cancelled before any account was read: the view keeps what it showed.
    if (!result || (result.cancelled && !result.accounts.some((a) => a.audited))) {
      if (stopped?.aborted) cancelled();
      return undefined;
    }
    const message = orgAuditMessage(result);
    const shown = await show(result, message);
    for (const e of result.errors) deps.output.warn(`${e.account}${e.region ? ` ${e.region}` : ''}: ${e.message}`);
    for (const a of result.accounts) if (a.skipped) deps.output.info(`${a.name || a.id} (${a.id}, ${a.status}) not audited: ${a.skipped}`);
    deps.output.info(`Organization audit: ${message}`);
    // The caller's own credentials expired mid-run: say why once; what was audited stays in the view.
    if (result.stopped) void vscode.window.showWarningMessage(`HealthLake KMS: the organization audit stopped: ${result.stopped}`);
    return shown;
  };

  return vscode.commands.registerCommand(command, async (arg?: unknown) => {
    if (!requireTrust()) return undefined;
    const settings = orgAuditSettings();
    const roleName = textArg(arg, 'roleName') ?? settings.roleName ?? last?.roleName ?? await askRoleName(TITLE);
    if (!roleName) return undefined;
    const externalId = textArg(arg, 'externalId') ?? settings.externalId ?? (roleName === last?.roleName ? last.externalId : undefined);
    last = { roleName, externalId };
    const regions = regionsOf(arg) ?? await pickRegions(context, TITLE);
    return regions ? audit(roleName, externalId, regions) : undefined;
  });
}
