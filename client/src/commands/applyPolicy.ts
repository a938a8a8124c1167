/**
 * "Apply Key Policy to Key…": shows the diff against the live policy, runs the same checks as the editor
 * (lockout, HealthLake), refuses on errors unless the user confirms explicitly, then PutKeyPolicy. Never
 * with BypassPolicyLockoutSafetyCheck: KMS's own lockout check always stays on.
 */
import * as vscode from 'vscode';
import {
  createClients, describeKey, getKeyPolicy, isHealthLakePrincipal, lintKeyPolicy, listGrants, putKeyPolicy,
} from '../../../server/src/inspect/index';
import { fileCatalog } from '../../../server/src/node/catalogFiles';
import { connectionOptions } from '../aws/settings';
import { withAwsProgress } from '../aws/runInspection';
import { askForKey } from './inspectKeyPrompt';

export const LIVE_POLICY_SCHEME = 'hlkms-live-policy';
const livePolicies = new Map<string, string>();

/** Read-only documents holding live policies, for the diff's left side. */
export const livePolicyProvider: vscode.TextDocumentContentProvider = {
  provideTextDocumentContent: (uri) => livePolicies.get(uri.path) ?? '',
};

export async function applyKeyPolicy(context: vscode.ExtensionContext, target?: vscode.Uri, keyArg?: string): Promise<boolean> {
  const doc = target ? await vscode.workspace.openTextDocument(target) : vscode.window.activeTextEditor?.document;
  if (!doc || !['json', 'jsonc'].includes(doc.languageId)) {
    void vscode.window.showWarningMessage('Open the key policy (a JSON file) you want to apply, then run "Apply Key Policy to Key…" again.');
    return false;
  }
  const text = doc.getText();
  const key = keyArg ?? await askForKey(context, `Apply ${doc.isUntitled ? 'this policy' : vscode.workspace.asRelativePath(doc.uri)} to which key?`);
  if (!key) return false;
  const options = connectionOptions();
  const region = /^arn:[^:]+:kms:([a-z0-9-]+):/.exec(key)?.[1] ?? options.region;

  const live = await withAwsProgress(`Reading the live policy of ${key}`, 'kms:GetKeyPolicy', async (signal) => {
    const clients = createClients({ ...options, region });
    try {
      const meta = await describeKey(clients.kms, key, signal);
      const [policy, grants] = await Promise.all([getKeyPolicy(clients.kms, meta.KeyId!, signal), listGrants(clients.kms, meta.KeyId!, signal).catch(() => [])]);
      return { meta, policy, healthLake: grants.some((g) => isHealthLakePrincipal(g.GranteePrincipal)), region: await clients.region() };
    } finally {
      clients.destroy();
    }
  });
  if (!live) return false;
  const keyArn = live.meta.Arn!;
  if (live.policy.trim() === text.trim()) {
    void vscode.window.showInformationMessage(`The key ${key} already has this policy.`);
    return false;
  }

  const liveUri = vscode.Uri.from({ scheme: LIVE_POLICY_SCHEME, path: `/${keyArn.replace(/[:/]/g, '_')}.json` });
  livePolicies.set(liveUri.path, live.policy);
  await vscode.commands.executeCommand('vscode.diff', liveUri, doc.uri, `Live policy of ${key} ↔ ${doc.isUntitled ? 'new policy' : vscode.workspace.asRelativePath(doc.uri)}`, { preview: true });

  const lint = lintKeyPolicy(text, fileCatalog(), { healthLake: live.healthLake, region: live.region });
  // A lockout is blocking whatever its configured severity: nobody could change the key policy afterwards.
  const errors = lint.findings.filter((f) => f.severity === 'error' || f.code === 'lockout-put-key-policy');
  const warnings = lint.findings.filter((f) => f.severity === 'warning' && !errors.includes(f));
  let confirmed: string | undefined;
  if (errors.length) {
    const shown = errors.slice(0, 3).map((f) => `• Line ${f.range.start.line + 1}: ${f.message}`).join('\n');
    confirmed = await vscode.window.showWarningMessage(
      `This policy has ${errors.length} error${errors.length === 1 ? '' : 's'}. Applying it may lock everyone out of the key or stop HealthLake data stores from reading and writing their data.`,
      { modal: true, detail: `${shown}${errors.length > 3 ? `\n… and ${errors.length - 3} more` : ''}\n\nFix the errors first unless you are sure.` },
      'Apply Despite Errors',
    );
  } else {
    confirmed = await vscode.window.showInformationMessage(
      `Replace the key policy of ${key}?`,
      { modal: true, detail: `${keyArn}\n\nThe checks found no errors${live.healthLake ? ', including the HealthLake checks' : ''}`
        + `${warnings.length ? ` and ${warnings.length} warning${warnings.length === 1 ? '' : 's'} (see the Problems panel)` : ''}. KMS will still refuse a policy that would lock you out.` },
      'Apply',
    );
  }
  if (!confirmed) return false;

  const applied = await withAwsProgress(`Applying the key policy to ${key}`, 'kms:PutKeyPolicy', async (signal) => {
    const clients = createClients({ ...options, region });
    try {
      await putKeyPolicy(clients.kms, keyArn, text, signal);
      return true;
    } finally {
      clients.destroy();
    }
  });
  if (applied) void vscode.window.showInformationMessage(`The key policy of ${key} was replaced.`);
  return applied === true;
}
