/**
 * "Compare Policy with Git HEAD": what the open key policy, as edited, gives and takes away against its version
 * at HEAD (a new file against an empty policy), shown as the same summary `hlkms diff` prints for a pull request.
 * It runs git, so it needs a trusted workspace.
 */
import * as vscode from 'vscode';
import { fileCatalog } from '../../../server/src/node/catalogFiles';
import { diffFile, UnreadablePolicy } from '../../../server/src/service/diff/file';
import { keyPolicyReader } from '../../../server/src/service/diff/read';
import { createLanguageService } from '../../../server/src/service/languageService';
import { formatMarkdown } from '../../../server/src/service/diff/render';
import { headVersion } from './comparePolicyGit';
import { showSummary, SUMMARY_SCHEME, summaryProvider } from './comparePolicyView';

export const COMPARE_COMMAND = 'hlkms.comparePolicyWithHead';

/** Returns the summary's markdown (editor tests read it), or undefined when there is nothing to compare. */
export async function comparePolicyWithHead(target?: vscode.Uri): Promise<string | undefined> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('Compare Policy with Git HEAD runs git, which HealthLake KMS does only in trusted workspaces.');
    return undefined;
  }
  const doc = target ? await vscode.workspace.openTextDocument(target) : vscode.window.activeTextEditor?.document;
  if (!doc || doc.uri.scheme !== 'file') {
    void vscode.window.showWarningMessage('Open a key policy file (saved in a git repository), then run "Compare Policy with Git HEAD" again.');
    return undefined;
  }
  const head = await headVersion(doc.uri.fsPath);
  if (!head.ok) {
    void vscode.window.showWarningMessage(`Cannot compare with git HEAD: ${head.reason}.`);
    return undefined;
  }
  const region = vscode.workspace.getConfiguration('hlkms', doc.uri).get<string>('defaultRegion') || undefined;
  const catalog = fileCatalog();
  let markdown: string;
  try {
    const read = keyPolicyReader(createLanguageService({ catalog, settings: { defaultRegion: region } }));
    const file = diffFile(head.path, head.text, doc.getText(), { catalog, region, read });
    if (!file || file.policies.length === 0) {
      void vscode.window.showInformationMessage(`${head.path} is ${file?.note ?? 'not a KMS key policy'}: there is nothing to compare.`);
      return undefined;
    }
    markdown = formatMarkdown([file], catalog).replace(/^## hlkms diff: .*$/m, `## ${head.path}: the open version against git HEAD`);
  } catch (e) {
    if (!(e instanceof UnreadablePolicy)) throw e;
    void vscode.window.showWarningMessage(`Cannot compare with git HEAD: ${e.message}. Fix the JSON first (see the Problems panel).`);
    return undefined;
  }
  await showSummary(`${head.path} against HEAD`, markdown);
  return markdown;
}

export function registerCompareCommands(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(SUMMARY_SCHEME, summaryProvider),
    vscode.commands.registerCommand(COMPARE_COMMAND, (uri?: vscode.Uri) => comparePolicyWithHead(uri instanceof vscode.Uri ? uri : undefined)),
  );
}
