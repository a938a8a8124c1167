/** The extension under test is the one the run asked for: the repository, or an unpacked .vsix on its own. */
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateExtension } from './helpers';

suite('Packaging', () => {
  test('the extension runs from the folder under test, with no node_modules beside it when packaged', async () => {
    await activateExtension();
    const extension = vscode.extensions.getExtension('hlkms.hlkms');
    assert.ok(extension, 'the extension is installed');
    const expected = process.env.HLKMS_E2E_EXTENSION;
    if (!expected) return; // the repository itself, node_modules and all
    assert.strictEqual(fs.realpathSync(extension.extensionPath), fs.realpathSync(expected));
    assert.ok(!fs.existsSync(path.join(extension.extensionPath, 'node_modules')), 'the package carries no node_modules');
    assert.ok(fs.existsSync(path.join(extension.extensionPath, 'dist', 'catalog', 'index.json')), 'the IAM reference data is packaged');
  });
});
