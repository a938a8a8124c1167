/**
 * The HealthLake encryption audit in VS Code: Audit HealthLake Encryption… (one account, choose Regions),
 * Audit HealthLake Encryption in the Organization… (orgAudit.ts), Refresh, Copy Audit as Markdown, and the
 * HealthLake view showing the last audit (Regions > data stores > key, or Accounts > Regions > …). Selecting a
 * key opens its key report. Like every AWS command, they run only in trusted workspaces.
 */
import * as vscode from 'vscode';
import { runAudit } from '../../../server/src/inspect/audit';
import { renderAuditMarkdown, verdictCounts } from '../../../server/src/inspect/auditRender';
import type { AuditResult } from '../../../server/src/inspect/auditTypes';
import { renderOrgAuditMarkdown } from '../../../server/src/inspect/orgRender';
import type { OrgAuditResult } from '../../../server/src/inspect/orgTypes';
import { withAwsProgress } from '../aws/runInspection';
import { connectionOptions, describeConnection } from '../aws/settings';
import { AUDIT_VIEW, AuditTreeProvider, OPEN_KEY_REPORT, type AuditNode, type ShownAudit } from '../views/auditTree';
import { KeyReportPanel } from '../views/keyReportPanel';
import { lastRegions, pickRegions, regionsOf, rememberRegions } from './auditPrompts';
import type { CommandDeps } from './deps';
import { INSPECT_COMMANDS, requireTrust } from './inspectKey';
import { showPolicyDocument } from './openLivePolicy';
import { registerOrgAuditCommand } from './orgAudit';

export const AUDIT_COMMANDS = {
  run: 'hlkms.audit.run',
  runOrganization: 'hlkms.audit.runOrganization',
  refresh: 'hlkms.audit.refresh',
  copyMarkdown: 'hlkms.audit.copyMarkdown',
  openKeyReport: OPEN_KEY_REPORT,
} as const;

/** What the audit commands return: the result and the view showing it (editor tests read its items). */
export interface AuditRun<Result = AuditResult> {
  result: Result;
  tree: AuditTreeProvider;
  view: vscode.TreeView<AuditNode>;
}
export type OrgAuditRun = AuditRun<OrgAuditResult>;

const HAS_RESULT = 'hlkms.audit.hasResult';
const TITLE = 'HealthLake KMS: Audit HealthLake Encryption';
const time = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

export function registerAuditCommands(context: vscode.ExtensionContext, deps: CommandDeps): void {
  const provider = new AuditTreeProvider();
  const view = vscode.window.createTreeView(AUDIT_VIEW, { treeDataProvider: provider, showCollapseAll: true });

  const show = async (shown: ShownAudit, message: string): Promise<void> => {
    provider.set(shown);
    await vscode.commands.executeCommand('setContext', HAS_RESULT, true);
    view.message = message;
    view.description = time(shown.result.finishedAt);
  };
  const cancelled = () => {
    view.message = provider.shown ? `Audit cancelled; showing the audit of ${time(provider.shown.result.finishedAt)}.` : 'Audit cancelled.';
  };

  /** Runs the audit of one account in these Regions and shows it. */
  const audit = async (regions: string[]): Promise<AuditRun | undefined> => {
    const options = connectionOptions();
    await rememberRegions(context, regions);
    deps.output.info(`Auditing HealthLake encryption in ${regions.join(', ')} with ${describeConnection({ ...options, region: undefined })}`);
    const previous = view.message;
    view.message = `Auditing ${regions.length} Region${regions.length === 1 ? '' : 's'}…`;
    const result = await vscode.window.withProgress({ location: { viewId: AUDIT_VIEW } }, () =>
      withAwsProgress(`Auditing HealthLake encryption in ${regions.length} Region${regions.length === 1 ? '' : 's'}`, 'healthlake:ListFHIRDatastores', (signal, report) =>
        runAudit({
          regions, profile: options.profile, endpointUrl: options.endpointUrl, signal,
          onProgress: (p) => report(`${p.regionsDone} of ${p.regionsTotal} Regions: ${p.message}`),
        })));
    if (!result) {
      if (provider.shown || previous) cancelled();
      else view.message = undefined;
      return undefined;
    }
    const { summary } = result;
    const message = `${summary.datastores} data store${summary.datastores === 1 ? '' : 's'}: ${verdictCounts(summary.byVerdict)}${result.errors.length ? `; ${result.errors.length} Region${result.errors.length === 1 ? '' : 's'} not audited` : ''}`;
    await show({ scope: 'account', result }, message);
    for (const e of result.errors) deps.output.warn(`${e.region}: ${e.message}`);
    deps.output.info(`Audit: ${message}`);
    return { result, tree: provider, view };
  };

  /** A key of an organization's audit: its report as the audit read it (the caller's credentials cannot read it again). */
  const storedKeyReport = (arn: string): KeyReportPanel | undefined => {
    const inspection = provider.shown?.scope === 'organization' ? provider.shown.result.keys.get(arn) : undefined;
    return inspection && KeyReportPanel.show(inspection, {
      openPolicy: async (i, at) => {
        if (i.policyText !== undefined) await showPolicyDocument(i.report.key.arn, i.policyText, at);
        else void vscode.window.showInformationMessage('The audit could not read this key\'s policy (see the report\'s notes).');
      },
      refresh: async () => {
        void vscode.window.showInformationMessage('This key was read through the organization audit\'s role in its account: Refresh Audit reads it again.');
        return undefined;
      },
    });
  };

  context.subscriptions.push(
    view,
    vscode.commands.registerCommand(AUDIT_COMMANDS.run, async (arg?: unknown) => {
      if (!requireTrust()) return undefined;
      const regions = regionsOf(arg) ?? await pickRegions(context, TITLE);
      return regions ? audit(regions) : undefined;
    }),
    registerOrgAuditCommand(context, deps, AUDIT_COMMANDS.runOrganization, async (result, message): Promise<OrgAuditRun> => {
      await show({ scope: 'organization', result }, message);
      return { result, tree: provider, view };
    }, cancelled),
    vscode.commands.registerCommand(AUDIT_COMMANDS.refresh, async (arg?: unknown) => {
      if (!requireTrust()) return undefined;
      const shown = provider.shown;
      const regions = regionsOf(arg) ?? shown?.result.regions ?? lastRegions(context) ?? await pickRegions(context, TITLE);
      if (!regions) return undefined;
      return shown?.scope === 'organization' ? vscode.commands.executeCommand(AUDIT_COMMANDS.runOrganization, { regions }) : audit(regions);
    }),
    vscode.commands.registerCommand(AUDIT_COMMANDS.copyMarkdown, async () => {
      const shown = provider.shown;
      if (!shown) {
        void vscode.window.showInformationMessage('Run the HealthLake audit first (HealthLake KMS: Audit HealthLake Encryption…).');
        return undefined;
      }
      const markdown = shown.scope === 'organization' ? renderOrgAuditMarkdown(shown.result) : renderAuditMarkdown(shown.result);
      await vscode.env.clipboard.writeText(markdown);
      void vscode.window.showInformationMessage('The HealthLake audit was copied as Markdown.');
      return markdown;
    }),
    // One account: the key report of Inspect Key… (fresh, with HealthLake's recent calls), for the key's ARN.
    vscode.commands.registerCommand(AUDIT_COMMANDS.openKeyReport, (arn?: unknown) => typeof arn !== 'string' ? undefined
      : storedKeyReport(arn) ?? vscode.commands.executeCommand(INSPECT_COMMANDS.inspectKey, arn)),
  );
}
