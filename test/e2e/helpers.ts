/** Helpers for the editor tests: open samples, poll with a deadline, find our diagnostics, ask for screenshots. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'hlkms.hlkms';

import { waitFor } from '../support/poll';
export { waitFor };

export async function activateExtension(): Promise<vscode.Extension<unknown>> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`The extension ${EXTENSION_ID} is not loaded in this editor`);
  await ext.activate();
  return ext;
}

export function sampleUri(relative: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('The editor tests need the sample workspace open');
  return vscode.Uri.joinPath(folder.uri, ...relative.split('/'));
}

export async function openSample(relative: string): Promise<vscode.TextEditor> {
  await activateExtension();
  const doc = await vscode.workspace.openTextDocument(sampleUri(relative));
  return vscode.window.showTextDocument(doc, { preview: false });
}

let untitledCount = 0;

/**
 * An unsaved JSON document with this text, shown in an editor (edits to it touch no file). Each gets its
 * own name, so it never reuses a just-closed untitled document.
 */
export async function openUntitled(content: string): Promise<vscode.TextEditor> {
  await activateExtension();
  const uri = vscode.Uri.parse(`untitled:hlkms-e2e-${process.pid}-${++untitledCount}.json`);
  const doc = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  if (doc.languageId !== 'json') await vscode.languages.setTextDocumentLanguage(doc, 'json');
  if (content) await editor.edit((e) => e.insert(new vscode.Position(0, 0), content));
  if (editor.document.getText() !== content) throw new Error(`The untitled document ${uri.toString()} did not get its text`);
  return editor;
}

export function sampleText(relative: string): string {
  return fs.readFileSync(sampleUri(relative).fsPath, 'utf8');
}

/** Diagnostics from this extension's server (not the built-in JSON checks). */
export function policyDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source !== undefined && /hlkms|healthlake/i.test(d.source));
}

export function codeOf(d: vscode.Diagnostic): string {
  const code = typeof d.code === 'object' ? d.code.value : d.code;
  return String(code ?? '');
}

/** The position just after the first occurrence of `marker` (or at its `|` if it contains one). */
export function positionOf(doc: vscode.TextDocument, marker: string): vscode.Position {
  const bar = marker.indexOf('|');
  const needle = marker.replace('|', '');
  const at = doc.getText().indexOf(needle);
  if (at < 0) throw new Error(`"${needle}" is not in ${doc.uri.toString()}`);
  return doc.positionAt(at + (bar < 0 ? needle.length : bar));
}

export function hoverText(hovers: vscode.Hover[]): string {
  return hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : c.value)).join('\n');
}

export function labelOf(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

/** Completion items from providers, without the word-based suggestions (kind Text) of other open files. */
export async function completionsAt(uri: vscode.Uri, position: vscode.Position): Promise<vscode.CompletionItem[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, position);
  return (list?.items ?? []).filter((i) => i.kind !== vscode.CompletionItemKind.Text);
}

/**
 * Asks the test launcher for a screenshot of the whole editor, saved as test-results/<name>.png.
 * `selector` is an element the launcher waits for first. Returns false when no launcher can take one
 * (e.g. under @vscode/test-electron).
 */
export async function screenshot(name: string, selector?: string): Promise<boolean> {
  const dir = process.env.HLKMS_E2E_RESULTS;
  if (!dir || !process.env.HLKMS_E2E_SCREENSHOTS) return false;
  const done = path.join(dir, `${name}.screenshot-done`);
  // Written whole, then renamed into place: the launcher polls the folder and must never read half a request.
  const request = path.join(dir, `${name}.screenshot-request`);
  fs.writeFileSync(`${request}.partial`, JSON.stringify({ name, selector }));
  fs.renameSync(`${request}.partial`, request);
  const result = await waitFor(() => fs.existsSync(done) && fs.readFileSync(done, 'utf8'), `the screenshot ${name}`);
  if (result !== 'ok') throw new Error(`The screenshot ${name} failed: ${result}`);
  return true;
}

/** Reverts and closes unsaved editors a test opened, so no "save changes?" prompt blocks the next one. */
export async function closeUntitledEditors(): Promise<void> {
  for (let i = 0; i < 20; i++) {
    const active = vscode.window.activeTextEditor;
    if (!active || active.document.uri.scheme !== 'untitled') break;
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
}

/** A policy with a JSON syntax error (a missing comma): any working server reports it. */
export const BROKEN_POLICY = `{
  "Version": "2012-10-17",
  "Statement": [
    { "Effect": "Allow", "Action": "kms:Decrypt" "Resource": "*" }
  ]
}
`;
