/** The preferred quick fix for the guide example's kms:ViaService value applies and its diagnostic goes away. */
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { closeUntitledEditors, codeOf, openUntitled, policyDiagnostics, sampleText, screenshot, waitFor } from './helpers';

suite('Quick fixes', () => {
  teardown(closeUntitledEditors);

  test('the preferred kms:ViaService fix makes the value regional and clears its diagnostic', async () => {
    const editor = await openUntitled(sampleText('bad/healthlake-guide-example.json'));
    const doc = editor.document;
    const onViaService = (d: vscode.Diagnostic) => doc.getText(d.range).includes('healthlake.amazonaws.com');
    const diagnostic = await waitFor(() => policyDiagnostics(doc.uri).find(onViaService), 'the kms:ViaService diagnostic');
    const code = codeOf(diagnostic);

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider', doc.uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
    // The API command does not carry an action's diagnostics back: match by where its edit lands.
    const editsHere = (a: vscode.CodeAction) => (a.edit?.get(doc.uri) ?? []).some((e) => e.range.intersection(diagnostic.range));
    const preferred = actions.find((a) => a.isPreferred && editsHere(a));
    const offered = actions.map((a) => `${a.title}${a.isPreferred ? ' (preferred)' : ''}`);
    assert.ok(preferred, `a preferred quick fix for the ${code} diagnostic; offered: ${offered.join(' | ')}`);
    assert.ok(preferred.edit || preferred.command, 'the quick fix does something');

    // What a user sees: the lightbulb menu on the value, with the preferred fix first.
    editor.selection = new vscode.Selection(diagnostic.range.start, diagnostic.range.start);
    editor.revealRange(diagnostic.range, vscode.TextEditorRevealType.InCenter);
    await vscode.commands.executeCommand('editor.action.quickFix');
    await screenshot('editor-quick-fix', '.action-widget');
    await vscode.commands.executeCommand('hideCodeActionWidget');

    if (preferred.edit) assert.ok(await vscode.workspace.applyEdit(preferred.edit), 'the edit applies');
    if (preferred.command) await vscode.commands.executeCommand(preferred.command.command, ...(preferred.command.arguments ?? []));

    const text = doc.getText();
    assert.doesNotMatch(text, /"kms:ViaService":\s*"healthlake\.amazonaws\.com"/, 'the global name is gone');
    assert.match(text, /healthlake\.(\*|[a-z]{2}(-[a-z]+)+-\d)\.amazonaws\.com/, 'a regional HealthLake name is in its place');
    await waitFor(() => !policyDiagnostics(doc.uri).some((d) => codeOf(d) === code && /ViaService/i.test(d.message)),
      'the kms:ViaService diagnostic to go away');
  });
});
