/** The readable view of a policy diff: its markdown in VS Code's markdown preview, from a read-only virtual document. */
import * as vscode from 'vscode';

export const SUMMARY_SCHEME = 'hlkms-policy-diff';
const summaries = new Map<string, string>();
const changed = new vscode.EventEmitter<vscode.Uri>();

export const summaryProvider: vscode.TextDocumentContentProvider = {
  onDidChange: changed.event,
  provideTextDocumentContent: (uri) => summaries.get(uri.path) ?? '',
};

/** Shows `markdown` as a preview in the active editor group; the same name reuses (and refreshes) its document. */
export async function showSummary(name: string, markdown: string): Promise<vscode.Uri> {
  const uri = vscode.Uri.from({ scheme: SUMMARY_SCHEME, path: `/${name.replace(/[\\/:]/g, '_')}.md` });
  summaries.set(uri.path, markdown);
  changed.fire(uri);
  await vscode.commands.executeCommand('markdown.showPreview', uri);
  return uri;
}
