/**
 * "Apply Key Policy to Key…": shows what the change gives and takes away (evaluated, above the text diff
 * against the live policy), runs the same checks as the editor (lockout, HealthLake), names every risk in the
 * modal confirmation and asks for an explicit confirmation, then PutKeyPolicy. Never with
 * BypassPolicyLockoutSafetyCheck: KMS's own lockout check always stays on.
 */
import * as vscode from 'vscode';
import {
  createClients, describeKey, getKeyPolicy, isHealthLakePrincipal, lintKeyPolicy, listGrants, putKeyPolicy,
} from '../../../server/src/inspect/index';
import { fileCatalog } from '../../../server/src/node/catalogFiles';
import { confirmationText } from '../../../server/src/service/diff/confirmation';
import { diffFile, UnreadablePolicy } from '../../../server/src/service/diff/file';
import { keyPolicyReader } from '../../../server/src/service/diff/read';
import { createLanguageService } from '../../../server/src/service/languageService';
import { formatMarkdown } from '../../../server/src/service/diff/render';
import type { PolicyDiff } from '../../../server/src/service/diff/types';
import { connectionOptions } from '../aws/settings';
import { withAwsProgress } from '../aws/runInspection';
import { askForKey } from './inspectKeyPrompt';
import { showSummary } from './comparePolicyView';

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

  const catalog = fileCatalog();
  const { diff, markdown } = semanticDiff(live.policy, text, key, live.region);
  // The summary on top, the text diff in a new group below it.
  if (markdown) {
    await showSummary(`Apply to ${keyArn}`, markdown);
    await vscode.commands.executeCommand('workbench.action.newGroupBelow');
  }
  const liveUri = vscode.Uri.from({ scheme: LIVE_POLICY_SCHEME, path: `/${keyArn.replace(/[:/]/g, '_')}.json` });
  livePolicies.set(liveUri.path, live.policy);
  await vscode.commands.executeCommand('vscode.diff', liveUri, doc.uri, `Live policy of ${key} ↔ ${doc.isUntitled ? 'new policy' : vscode.workspace.asRelativePath(doc.uri)}`, { preview: true });

  const lint = lintKeyPolicy(text, catalog, { healthLake: live.healthLake, region: live.region });
  // A lockout is blocking whatever its configured severity: nobody could change the key policy afterwards.
  const errors = lint.findings.filter((f) => f.severity === 'error' || f.code === 'lockout-put-key-policy');
  const warnings = lint.findings.filter((f) => f.severity === 'warning' && !errors.includes(f));
  const dialog = confirmationText({
    key, keyArn, diff, healthLake: live.healthLake, warnings: warnings.length,
    blocking: errors.map((f) => ({ line: f.range.start.line + 1, message: f.message })),
  }, catalog);
  const show = dialog.risky ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  const confirmed = await show(dialog.message, { modal: true, detail: dialog.detail }, dialog.button);
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

/** The live policy against the new text, evaluated; undefined when the new text cannot be compared (the checks say why). */
function semanticDiff(livePolicy: string, text: string, key: string, region: string | undefined): { diff?: PolicyDiff; markdown?: string } {
  const catalog = fileCatalog();
  try {
    // Both versions are plain JSON key policies, whatever the open document's name.
    const read = keyPolicyReader(createLanguageService({ catalog }), ['json']);
    const file = diffFile(`policy for ${key}`, livePolicy, text, { catalog, region, read });
    const policy = file?.policies[0];
    if (!file || !policy) return {};
    const markdown = formatMarkdown([file], catalog).replace(/^## hlkms diff: .*$/m, `## What applying this policy to ${key} gives and takes away`);
    return { diff: policy.diff, markdown };
  } catch (e) {
    if (e instanceof UnreadablePolicy) return {};
    throw e;
  }
}
