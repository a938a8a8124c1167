/** Hovering an action explains it. */
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { hoverText, openSample, positionOf, waitFor } from './helpers';

suite('Hover', () => {
  test('hovering kms:CreateGrant explains grants', async () => {
    const editor = await openSample('bad/healthlake-guide-example.json');
    const position = positionOf(editor.document, '"kms:Create|Grant"');
    const text = await waitFor(async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, position);
      const t = hoverText(hovers ?? []);
      return /CreateGrant/.test(t) ? t : undefined;
    }, 'a hover on kms:CreateGrant');
    assert.match(text, /\bgrants?\b/i, 'the hover talks about grants, not only the action name');
    assert.match(text, /HealthLake/i, 'the hover says why HealthLake needs CreateGrant');
  });
});
