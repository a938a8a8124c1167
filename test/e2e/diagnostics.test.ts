/** The HealthLake guide's example key policy: its two mistakes show up as diagnostics in the editor. */
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { BROKEN_POLICY, closeUntitledEditors, openSample, openUntitled, policyDiagnostics, screenshot, waitFor } from './helpers';

const GUIDE_EXAMPLE = 'bad/healthlake-guide-example.json';

suite('Diagnostics', () => {
  teardown(closeUntitledEditors);

  test('a JSON syntax error in a policy is reported where it is', async () => {
    const editor = await openUntitled(BROKEN_POLICY);
    const [d] = await waitFor(() => {
      const ds = policyDiagnostics(editor.document.uri);
      return ds.length > 0 ? ds : undefined;
    }, 'a syntax diagnostic');
    assert.equal(d!.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(d!.range.start.line, 3, 'on the line with the missing comma');
    assert.match(d!.message, /comma/i);
  });

  test('the HealthLake guide example gets diagnostics on its ViaService value and its malformed principal', async () => {
    const editor = await openSample(GUIDE_EXAMPLE);
    const doc = editor.document;
    const textAt = (d: vscode.Diagnostic) => doc.getText(d.range);
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    // Above the Problems panel, show the statement with both mistakes: the principal and the ViaService value.
    const statement = doc.getText().indexOf('"Sid": "Allow access');
    editor.revealRange(new vscode.Range(doc.positionAt(statement), doc.positionAt(statement)), vscode.TextEditorRevealType.AtTop);
    // The screenshot is taken however the wait ends: it shows what the user sees either way.
    const diagnostics = await waitFor(() => {
      const ds = policyDiagnostics(doc.uri);
      const via = ds.some((d) => textAt(d).includes('healthlake.amazonaws.com'));
      const principal = ds.some((d) => textAt(d).includes(':HealthLakeFullAccessRole'));
      return via && principal ? ds : undefined;
    }, 'diagnostics on "healthlake.amazonaws.com" and on the principal without role/')
      .finally(() => screenshot('editor-diagnostics', '.markers-panel'));

    for (const d of diagnostics) {
      assert.ok(d.message.length > 20, `a diagnostic says what is wrong: "${d.message}"`);
      assert.ok(!d.range.isEmpty, `diagnostic "${d.message}" points at text`);
    }
    const via = diagnostics.find((d) => textAt(d).includes('healthlake.amazonaws.com'))!;
    assert.match(via.message, /healthlake\.|region/i, 'the ViaService diagnostic explains the regional service name');
    assert.ok(via.severity <= vscode.DiagnosticSeverity.Warning, 'a statement that silently allows nothing is at least a warning');
  });

  test('a clean HealthLake key policy gets no error', async () => {
    const editor = await openSample('good/healthlake-key-policy.json');
    // The guide example in another editor gets its diagnostics; by then this one has been checked too.
    const guide = await openSample(GUIDE_EXAMPLE);
    await waitFor(() => policyDiagnostics(guide.document.uri).length > 0, 'diagnostics on the guide example');
    const errors = policyDiagnostics(editor.document.uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
    assert.deepEqual(errors.map((d) => d.message), []);
  });

  test('JSON that is not a policy gets no policy diagnostics', async () => {
    const editor = await openSample('other/app-settings.json');
    const guide = await openSample(GUIDE_EXAMPLE);
    await waitFor(() => policyDiagnostics(guide.document.uri).length > 0, 'diagnostics on the guide example');
    assert.deepEqual(policyDiagnostics(editor.document.uri).map((d) => d.message), []);
  });
});
