/** "Compare Policy with Git HEAD" in a real editor: the open policy, edited and unsaved, against its committed version. */
import * as assert from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, waitFor } from './helpers';

const ROOT = { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' };
const PUBLIC = { Sid: 'Decrypt for everyone', Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*' };
const policy = (...statements: object[]) => `${JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2)}\n`;

suite('Compare Policy with Git HEAD', () => {
  let repo = '';
  suiteSetup(() => {
    repo = fs.mkdtempSync(path.join(os.tmpdir(), 'hlkms-e2e-git-'));
    const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' };
    fs.writeFileSync(path.join(repo, 'key.json'), policy(ROOT));
    for (const args of [['init', '-q'], ['add', '.'], ['commit', '-q', '-m', 'base']]) execFileSync('git', args, { cwd: repo, env });
  });
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(repo, { recursive: true, force: true });
  });

  test('an unsaved edit that makes the key public is summarized in a markdown preview', async () => {
    await activateExtension();
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(repo, 'key.json')));
    const editor = await vscode.window.showTextDocument(doc, { preview: false });
    await editor.edit((e) => e.replace(new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), policy(ROOT, PUBLIC)));
    const markdown = await vscode.commands.executeCommand<string | undefined>('hlkms.comparePolicyWithHead', doc.uri);
    assert.ok(markdown, 'the command returns the summary');
    assert.match(markdown, /^## key\.json: the open version against git HEAD$/m);
    assert.match(markdown, /\*\*⚠ Public: any AWS account can now use this key\.\*\*/);
    assert.match(markdown, /^\| anyone \(any AWS account\) \| cryptographic use: kms:Decrypt \| – \|$/m);
    const previews = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs)
      .filter((t) => t.input instanceof vscode.TabInputWebview && /markdown\.preview/.test(t.input.viewType));
    await waitFor(() => previews().length > 0, 'a markdown preview tab');
  });
});
