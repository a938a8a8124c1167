/**
 * Policies in infrastructure code in a real VS Code, with no other extension installed: the guide's example as a
 * CloudFormation YAML template and as a Terraform file (Terraform to VS Code through this extension alone).
 * Diagnostics on the right lines, the preferred kms:ViaService fix changes one line only, hover works.
 */
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { codeOf, completionsAt, hoverText, labelOf, openSample, policyDiagnostics, positionOf, waitFor } from './helpers';

/** The 0-based line of the first line containing `needle`. */
const lineOf = (doc: vscode.TextDocument, needle: string) => positionOf(doc, needle).line;

async function revertAndClose(): Promise<void> {
  for (let i = 0; i < 5 && vscode.window.activeTextEditor; i++) await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
}

const CASES = [
  { name: 'a CloudFormation YAML template', path: 'bad/cloudformation/healthlake-guide-example.yaml', via: 'kms:ViaService: healthlake.amazonaws.com' },
  { name: 'a Terraform file', path: 'bad/terraform/main.tf', via: '"kms:ViaService"    = "healthlake.amazonaws.com"' },
];

suite('Policies in infrastructure code', () => {
  teardown(revertAndClose);

  for (const c of CASES) {
    test(`${c.name}: diagnostics on the principal and kms:ViaService lines, none on the account root`, async () => {
      const editor = await openSample(c.path);
      const doc = editor.document;
      const diagnostics = await waitFor(() => {
        const ds = policyDiagnostics(doc.uri);
        return ds.some((d) => codeOf(d) === 'healthlake-via-service') && ds.some((d) => codeOf(d) === 'principal-format') ? ds : undefined;
      }, `hlkms diagnostics in ${c.path}`);
      assert.ok(diagnostics.every((d) => d.source === 'hlkms'), 'our own diagnostic source');
      const line = (code: string) => diagnostics.find((d) => codeOf(d) === code)!.range.start.line;
      assert.strictEqual(line('principal-format'), lineOf(doc, ':HealthLakeFullAccessRole'));
      assert.strictEqual(line('healthlake-via-service'), lineOf(doc, c.via));
      assert.ok(!diagnostics.some((d) => d.range.start.line === lineOf(doc, ':root')), 'nothing on the account-root line');
    });

    test(`${c.name}: the preferred kms:ViaService fix changes one line only`, async () => {
      const editor = await openSample(c.path);
      const doc = editor.document;
      const via = await waitFor(() => policyDiagnostics(doc.uri).find((d) => codeOf(d) === 'healthlake-via-service'), 'the kms:ViaService diagnostic');
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider', doc.uri, via.range, vscode.CodeActionKind.QuickFix.value);
      const preferred = actions.find((a) => a.isPreferred && (a.edit?.get(doc.uri) ?? []).some((e) => e.range.intersection(via.range)));
      assert.ok(preferred?.edit, `a preferred fix; offered: ${actions.map((a) => a.title).join(' | ')}`);
      const before = doc.getText().split('\n');
      assert.ok(await vscode.workspace.applyEdit(preferred.edit), 'the edit applies');
      const after = doc.getText().split('\n');
      assert.strictEqual(after.length, before.length, 'no line added or removed');
      const changed = before.flatMap((l, i) => (after[i] === l ? [] : [i]));
      assert.deepStrictEqual(changed, [via.range.start.line]);
      assert.match(after[via.range.start.line]!, /healthlake\.(\$\{[^}]+\}|\*|[a-z]{2}(-[a-z]+)+-\d)\.amazonaws\.com/);
      await waitFor(() => !policyDiagnostics(doc.uri).some((d) => codeOf(d) === 'healthlake-via-service'), 'the kms:ViaService diagnostic to go away');
    });

    test(`${c.name}: hover on an action explains it`, async () => {
      const editor = await openSample(c.path);
      const doc = editor.document;
      await waitFor(() => policyDiagnostics(doc.uri).length > 0, `diagnostics in ${c.path}`);
      const hovers = await waitFor(async () => {
        const hs = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, positionOf(doc, 'kms:Create|Grant'));
        return /grant/i.test(hoverText(hs ?? [])) ? hs : undefined;
      }, 'a hover on kms:CreateGrant');
      assert.match(hoverText(hovers), /CreateGrant/);
    });
  }

  test('a .tf file is Terraform without any other extension, and offers the HealthLake snippets', async () => {
    const editor = await openSample('bad/terraform/main.tf');
    const doc = editor.document;
    assert.strictEqual(doc.languageId, 'terraform');
    const end = new vscode.Position(doc.lineCount - 1, 0);
    const snippets = await waitFor(async () => {
      const items = (await completionsAt(doc.uri, end)).filter((i) => i.kind === vscode.CompletionItemKind.Snippet);
      return items.length > 0 ? items : undefined;
    }, 'snippet completions in a .tf file');
    const described = (i: vscode.CompletionItem) => `${labelOf(i)} ${i.detail ?? ''} ${typeof i.documentation === 'string' ? i.documentation : i.documentation?.value ?? ''}`;
    assert.ok(snippets.some((i) => /hlkms-tf-key-datastore|HealthLake key with its data store/.test(described(i))),
      `the HealthLake key snippet; offered: ${snippets.map(labelOf).join(', ')}`);
  });

  test('a Kubernetes manifest gets no hlkms diagnostics', async () => {
    const editor = await openSample('other/deployment.yaml');
    // Wait until the server has answered for a template opened after it, so silence is an answer, not a delay.
    const template = await openSample('bad/cloudformation/healthlake-guide-example.yaml');
    await waitFor(() => policyDiagnostics(template.document.uri).length > 0, 'diagnostics in the template');
    assert.deepStrictEqual(policyDiagnostics(editor.document.uri), []);
  });
});
