/** "Open Live Key Policy": the key's policy as an unsaved JSON document, linted like any other policy. */
import * as vscode from 'vscode';
import { createClients, describeKey, getKeyPolicy } from '../../../server/src/inspect/index';
import { connectionOptions } from '../aws/settings';
import { withAwsProgress } from '../aws/runInspection';

/** Untitled policy documents by key ARN, so "open at line" reuses the one already open. */
const documents = new Map<string, vscode.TextDocument>();

export async function showPolicyDocument(keyArn: string, policy: string, at?: { line: number; character: number }): Promise<vscode.TextEditor> {
  let doc = documents.get(keyArn);
  if (!doc || doc.isClosed) {
    // The text exactly as KMS returns it, so the report's line numbers point into it.
    doc = await vscode.workspace.openTextDocument({ language: 'json', content: policy });
    documents.set(keyArn, doc);
  }
  const editor = await vscode.window.showTextDocument(doc, { preview: false, viewColumn: vscode.ViewColumn.Beside });
  if (at && doc.getText() === policy) {
    const position = new vscode.Position(at.line, at.character);
    editor.selection = new vscode.Selection(position, position);
    editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }
  return editor;
}

/** Reads the live policy of `key` (id, ARN, alias) and opens it. */
export async function openLivePolicy(key: string): Promise<vscode.TextEditor | undefined> {
  const options = connectionOptions();
  const arnRegion = /^arn:[^:]+:kms:([a-z0-9-]+):/.exec(key)?.[1];
  const fetched = await withAwsProgress(`Reading the key policy of ${key}`, 'kms:GetKeyPolicy', async (signal) => {
    const clients = createClients({ ...options, region: arnRegion ?? options.region });
    try {
      const meta = await describeKey(clients.kms, key, signal);
      return { arn: meta.Arn!, policy: await getKeyPolicy(clients.kms, meta.KeyId!, signal) };
    } finally {
      clients.destroy();
    }
  });
  return fetched ? showPolicyDocument(fetched.arn, fetched.policy) : undefined;
}
