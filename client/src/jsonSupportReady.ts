/**
 * VS Code drops every code action request in flight for a document when the set of code action providers
 * for it changes (a provider registers or goes away), so a user who presses Ctrl+. as soon as an hlkms
 * squiggle appears gets "No code actions available". The editor's own JSON support (the built-in
 * `vscode.json-language-features`, which offers "Sort JSON") starts with the first JSON document, like
 * hlkms, and registers its provider once its server is up: on a busy machine after hlkms' first diagnostics.
 * So a JSON document's diagnostics are asked for only once that extension has started (its activation
 * resolves after its language client has registered its providers). Not installed or failing: no wait.
 */
import * as vscode from 'vscode';
import type { Middleware } from 'vscode-languageclient/node';

const JSON_SUPPORT = 'vscode.json-language-features';
const JSON_LANGUAGES = new Set(['json', 'jsonc']);

let started: Promise<void> | undefined;

function jsonSupportStarted(): Promise<void> {
  const extension = vscode.extensions.getExtension(JSON_SUPPORT);
  if (!extension) return Promise.resolve();
  started ??= Promise.resolve(extension.activate()).then(() => undefined, () => undefined);
  return started;
}

const languageOf = (document: vscode.TextDocument | vscode.Uri): string | undefined =>
  (document instanceof vscode.Uri ? vscode.workspace.textDocuments.find((d) => d.uri.toString() === document.toString()) : document)?.languageId;

export const waitForJsonSupport: Middleware = {
  provideDiagnostics: async (document, previousResultId, token, next) => {
    if (JSON_LANGUAGES.has(languageOf(document) ?? '')) await jsonSupportStarted();
    return next(document, previousResultId, token);
  },
};
