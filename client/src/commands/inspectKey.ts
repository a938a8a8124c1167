/**
 * The live-key commands: Inspect Key… (key report webview), Open Live Key Policy, Apply Key Policy to
 * Key…, Select AWS Profile…, and the "Inspect key" code lens on KMS ARNs. They call AWS, so they run only
 * in trusted workspaces.
 */
import * as vscode from 'vscode';
import { inspectKey, type KeyInspection } from '../../../server/src/inspect/index';
import { pickProfile } from '../aws/profilePicker';
import { rememberKey } from '../aws/recentKeys';
import { withAwsProgress } from '../aws/runInspection';
import { connectionOptions, describeConnection } from '../aws/settings';
import { KeyReportPanel, type KeyReportActions } from '../views/keyReportPanel';
import { applyKeyPolicy, LIVE_POLICY_SCHEME, livePolicyProvider } from './applyPolicy';
import type { CommandDeps } from './deps';
import { CODE_LENS_SELECTOR, InspectKeyCodeLensProvider } from './inspectCodeLens';
import { askForKey } from './inspectKeyPrompt';
import { openLivePolicy, showPolicyDocument } from './openLivePolicy';

export const INSPECT_COMMANDS = {
  inspectKey: 'hlkms.inspectKey',
  openLivePolicy: 'hlkms.openLivePolicy',
  applyKeyPolicy: 'hlkms.applyKeyPolicy',
  selectAwsProfile: 'hlkms.selectAwsProfile',
} as const;

/** A key given by a code lens or another command, or `{ key }`. */
type KeyArg = string | { key?: string } | undefined;
const keyOf = (arg: unknown): string | undefined =>
  typeof arg === 'string' ? arg : arg && typeof arg === 'object' && typeof (arg as { key?: unknown }).key === 'string' ? (arg as { key: string }).key : undefined;

export function requireTrust(): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window.showWarningMessage('HealthLake KMS calls AWS only in trusted workspaces. Trust this workspace to inspect keys.', 'Manage Workspace Trust')
    .then((choice) => { if (choice) void vscode.commands.executeCommand('workbench.trust.manage'); });
  return false;
}

async function runInspection(key: string, deps: CommandDeps): Promise<KeyInspection | undefined> {
  const options = connectionOptions();
  deps.output.info(`Inspecting ${key} with ${describeConnection(options)}`);
  const inspection = await withAwsProgress(`Inspecting KMS key ${key}`, 'kms:DescribeKey', (signal, report) =>
    inspectKey({ key, ...options, signal, onProgress: report }));
  if (inspection) {
    deps.output.info(`${inspection.report.key.arn}: ${inspection.report.verdict.status}${inspection.report.notes.map((n) => `\n  ${n}`).join('')}`);
  }
  return inspection;
}

export function registerInspectCommands(context: vscode.ExtensionContext, deps: CommandDeps): void {
  const actions: KeyReportActions = {
    openPolicy: async (inspection, at) => {
      if (inspection.policyText !== undefined) await showPolicyDocument(inspection.report.key.arn, inspection.policyText, at);
      else await openLivePolicy(inspection.report.key.arn);
    },
    refresh: (inspection) => runInspection(inspection.report.key.arn, deps),
  };

  /** Returns the report view (editor tests read what it rendered). */
  const inspect = async (arg?: KeyArg): Promise<KeyReportPanel | undefined> => {
    if (!requireTrust()) return undefined;
    const key = keyOf(arg) ?? await askForKey(context, 'HealthLake KMS: Inspect Key');
    if (!key) return undefined;
    const inspection = await runInspection(key, deps);
    if (!inspection) return undefined;
    await rememberKey(context, { key, arn: inspection.report.key.arn, status: inspection.report.verdict.status });
    return KeyReportPanel.show(inspection, actions);
  };

  context.subscriptions.push(
    vscode.commands.registerCommand(INSPECT_COMMANDS.inspectKey, inspect),
    vscode.commands.registerCommand(INSPECT_COMMANDS.openLivePolicy, async (arg?: KeyArg) => {
      if (!requireTrust()) return undefined;
      const key = keyOf(arg) ?? await askForKey(context, 'HealthLake KMS: Open Live Key Policy');
      return key ? openLivePolicy(key) : undefined;
    }),
    vscode.commands.registerCommand(INSPECT_COMMANDS.applyKeyPolicy, async (uri?: vscode.Uri) => {
      if (!requireTrust()) return false;
      return applyKeyPolicy(context, uri instanceof vscode.Uri ? uri : undefined);
    }),
    vscode.commands.registerCommand(INSPECT_COMMANDS.selectAwsProfile, () => pickProfile()),
    vscode.workspace.registerTextDocumentContentProvider(LIVE_POLICY_SCHEME, livePolicyProvider),
    vscode.languages.registerCodeLensProvider(CODE_LENS_SELECTOR, new InspectKeyCodeLensProvider(INSPECT_COMMANDS.inspectKey)),
  );
}
