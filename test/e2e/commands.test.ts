/** The commands a user runs from the palette are there and work. */
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { activateExtension, BROKEN_POLICY, closeUntitledEditors, openUntitled, policyDiagnostics, waitFor } from './helpers';

suite('Commands', () => {
  teardown(closeUntitledEditors);

  test('the extension registers its server commands', async () => {
    await activateExtension();
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['hlkms.restartServer', 'hlkms.showOutput']) {
      assert.ok(commands.includes(id), `${id} is registered`);
    }
  });

  test('a command to inspect a live key is registered', async () => {
    await activateExtension();
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('hlkms.inspectKey'), 'hlkms.inspectKey is registered');
  });

  test('after "Restart Language Server" policies are checked again', async () => {
    const editor = await openUntitled(BROKEN_POLICY);
    await waitFor(() => policyDiagnostics(editor.document.uri).length > 0, 'diagnostics before the restart');
    await vscode.commands.executeCommand('hlkms.restartServer');
    // Stopping the old client clears its diagnostics; the new server must report the error again.
    assert.deepEqual(policyDiagnostics(editor.document.uri).map((d) => d.message), [], 'old diagnostics are cleared');
    await editor.edit((e) => e.insert(new vscode.Position(0, 0), ' '));
    await waitFor(() => policyDiagnostics(editor.document.uri).length > 0, 'diagnostics from the restarted server');
  });
});
