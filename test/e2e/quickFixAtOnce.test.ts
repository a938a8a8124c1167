/**
 * A user who opens a file and presses Ctrl+. as soon as the squiggle appears gets the quick fixes: asked the
 * moment the kms:ViaService diagnostic shows, on freshly opened documents of every kind hlkms reads (a JSON
 * key policy, CloudFormation YAML and JSON, templated JSON, Terraform), the fixes are there every time.
 */
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, codeOf, policyDiagnostics, sampleText, waitFor } from './helpers';

const guide = () => sampleText('bad/healthlake-guide-example.json');
const indent = (text: string, by: string) => text.trimEnd().split('\n').join(`\n${by}`);

/** The guide's example key policy in each kind of file, with its global kms:ViaService name. */
const KINDS: { name: string; file: string; text: () => string }[] = [
  { name: 'JSON key policy', file: 'key-policy.json', text: guide },
  { name: 'CloudFormation YAML', file: 'template.yaml', text: () => sampleText('bad/cloudformation/healthlake-guide-example.yaml') },
  {
    name: 'CloudFormation JSON',
    file: 'template.json',
    text: () => `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "DataStoreKey": {
      "Type": "AWS::KMS::Key",
      "Properties": {
        "KeyPolicy": ${indent(guide(), '        ')}
      }
    }
  }
}
`,
  },
  { name: 'templated JSON', file: 'key-policy.json.tpl', text: () => guide().replaceAll('111122223333', '${account_id}') },
  { name: 'Terraform', file: 'main.tf', text: () => sampleText('bad/terraform/main.tf') },
];

suite('Quick fixes at once', () => {
  let dir = '';
  suiteSetup(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hlkms-e2e-at-once-')); });
  suiteTeardown(async () => {
    // Reverted first, so no "save changes?" prompt for the untitled ones blocks the next suite.
    for (let i = 0; i < 30 && vscode.window.activeTextEditor; i++) await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('the kms:ViaService fixes are offered the moment its diagnostic appears, on ten freshly opened documents', async () => {
    await activateExtension();
    const misses: string[] = [];
    for (let round = 0; round < 2; round++) {
      for (const kind of KINDS) {
        // A new document each time, one the server has never seen: first unsaved ones typed into (run alone, the
        // first is the window's first JSON document, when the editor's own JSON support is still starting), then
        // files on disk.
        const file = path.join(dir, `${round}`, kind.file);
        let editor: vscode.TextEditor;
        if (round === 0) {
          editor = await vscode.window.showTextDocument(vscode.Uri.parse(`untitled:${file}`), { preview: false });
          await editor.edit((e) => e.insert(new vscode.Position(0, 0), kind.text()));
        } else {
          fs.mkdirSync(path.dirname(file), { recursive: true });
          fs.writeFileSync(file, kind.text());
          editor = await vscode.window.showTextDocument(vscode.Uri.file(file), { preview: false });
        }
        const doc = editor.document;
        const via = await waitFor(() => policyDiagnostics(doc.uri).find((d) => codeOf(d) === 'healthlake-via-service'),
          `the kms:ViaService diagnostic in the ${kind.name}`, 20_000, 1);
        // At once, as Ctrl+. does: no waiting between the squiggle and the request.
        const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
          'vscode.executeCodeActionProvider', doc.uri, via.range, vscode.CodeActionKind.QuickFix.value);
        const fixes = actions.filter((a) => (a.edit?.get(doc.uri) ?? []).some((e) => e.range.intersection(via.range)));
        if (fixes.length < 2 || !fixes.some((a) => a.isPreferred)) {
          misses.push(`${kind.name} (${round}): ${actions.length ? actions.map((a) => a.title).join(' | ') : 'no code action'}`);
        }
      }
    }
    assert.deepStrictEqual(misses, [], 'both kms:ViaService fixes, the preferred one among them, on every document');
  });
});
