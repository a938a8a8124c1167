/**
 * The HealthLake encryption audit in VS Code: Audit HealthLake Encryption… (choose Regions), Refresh, Copy
 * Audit as Markdown, and the HealthLake view (Regions > data stores > key). Selecting a key opens the key
 * report of Inspect Key…. Like every AWS command, it runs only in trusted workspaces.
 */
import * as vscode from 'vscode';
import { runAudit } from '../../../server/src/inspect/audit';
import { HEALTHLAKE_REGIONS } from '../../../server/src/inspect/auditRegions';
import { renderAuditMarkdown, verdictCounts } from '../../../server/src/inspect/auditRender';
import type { AuditResult } from '../../../server/src/inspect/auditTypes';
import { withAwsProgress } from '../aws/runInspection';
import { connectionOptions, describeConnection } from '../aws/settings';
import { AUDIT_VIEW, AuditTreeProvider, OPEN_KEY_REPORT, type AuditNode } from '../views/auditTree';
import type { CommandDeps } from './deps';
import { INSPECT_COMMANDS, requireTrust } from './inspectKey';

export const AUDIT_COMMANDS = {
  run: 'hlkms.audit.run',
  refresh: 'hlkms.audit.refresh',
  copyMarkdown: 'hlkms.audit.copyMarkdown',
  openKeyReport: OPEN_KEY_REPORT,
} as const;

/** What Audit and Refresh return: the result and the view showing it (editor tests read its items). */
export interface AuditRun {
  result: AuditResult;
  tree: AuditTreeProvider;
  view: vscode.TreeView<AuditNode>;
}

const REGIONS_STATE = 'hlkms.audit.regions';
const HAS_RESULT = 'hlkms.audit.hasResult';

/** `{ regions }` from a caller (tests, other commands), or nothing. */
const regionsOf = (arg: unknown): string[] | undefined => {
  const regions = arg && typeof arg === 'object' ? (arg as { regions?: unknown }).regions : undefined;
  return Array.isArray(regions) && regions.every((r) => typeof r === 'string') && regions.length ? regions as string[] : undefined;
};

async function pickRegions(context: vscode.ExtensionContext): Promise<string[] | undefined> {
  const last = context.globalState.get<string[]>(REGIONS_STATE) ?? [connectionOptions().region ?? 'us-east-1'];
  const all = [...new Set([...HEALTHLAKE_REGIONS, ...last])];
  const picked = await vscode.window.showQuickPick(all.map((region) => ({
    label: region, picked: last.includes(region),
    description: (HEALTHLAKE_REGIONS as readonly string[]).includes(region) ? undefined : 'HealthLake is not offered here',
  })), { title: 'HealthLake KMS: Audit HealthLake Encryption', placeHolder: 'Regions to audit', canPickMany: true, ignoreFocusOut: true });
  return picked?.length ? picked.map((p) => p.label) : undefined;
}

export function registerAuditCommands(context: vscode.ExtensionContext, deps: CommandDeps): void {
  const provider = new AuditTreeProvider();
  const view = vscode.window.createTreeView(AUDIT_VIEW, { treeDataProvider: provider, showCollapseAll: true });

  /** Runs the audit in these Regions and shows it; returns the result (editor tests read it). */
  const audit = async (regions: string[]): Promise<AuditRun | undefined> => {
    const options = connectionOptions();
    await context.globalState.update(REGIONS_STATE, regions);
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
      view.message = provider.result ? `Audit cancelled; showing the audit of ${provider.result.finishedAt.slice(0, 16).replace('T', ' ')} UTC.` : previous && 'Audit cancelled.';
      return undefined;
    }
    provider.set(result);
    await vscode.commands.executeCommand('setContext', HAS_RESULT, true);
    const { summary } = result;
    view.message = `${summary.datastores} data store${summary.datastores === 1 ? '' : 's'}: ${verdictCounts(summary.byVerdict)}${result.errors.length ? `; ${result.errors.length} Region${result.errors.length === 1 ? '' : 's'} not audited` : ''}`;
    view.description = result.finishedAt.slice(0, 16).replace('T', ' ') + ' UTC';
    for (const e of result.errors) deps.output.warn(`${e.region}: ${e.message}`);
    deps.output.info(`Audit: ${view.message}`);
    return { result, tree: provider, view };
  };

  context.subscriptions.push(
    view,
    vscode.commands.registerCommand(AUDIT_COMMANDS.run, async (arg?: unknown) => {
      if (!requireTrust()) return undefined;
      const regions = regionsOf(arg) ?? await pickRegions(context);
      return regions ? audit(regions) : undefined;
    }),
    vscode.commands.registerCommand(AUDIT_COMMANDS.refresh, async (arg?: unknown) => {
      if (!requireTrust()) return undefined;
      const regions = regionsOf(arg) ?? provider.result?.regions ?? context.globalState.get<string[]>(REGIONS_STATE) ?? await pickRegions(context);
      return regions ? audit(regions) : undefined;
    }),
    vscode.commands.registerCommand(AUDIT_COMMANDS.copyMarkdown, async () => {
      if (!provider.result) {
        void vscode.window.showInformationMessage('Run the HealthLake audit first (HealthLake KMS: Audit HealthLake Encryption…).');
        return undefined;
      }
      const markdown = renderAuditMarkdown(provider.result);
      await vscode.env.clipboard.writeText(markdown);
      void vscode.window.showInformationMessage('The HealthLake audit was copied as Markdown.');
      return markdown;
    }),
    // The existing key report (fresh, with HealthLake's recent calls), for the key's ARN.
    vscode.commands.registerCommand(AUDIT_COMMANDS.openKeyReport, (arn?: unknown) =>
      typeof arn === 'string' ? vscode.commands.executeCommand(INSPECT_COMMANDS.inspectKey, arn) : undefined),
  );
}
