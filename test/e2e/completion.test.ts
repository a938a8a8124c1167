/** Completion inside an Action string offers KMS actions; an empty JSON file offers the key-policy snippet. */
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { closeUntitledEditors, completionsAt, labelOf, openUntitled, positionOf, waitFor } from './helpers';

const POLICY_WITH_ACTION = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "KeyUsers",
      "Effect": "Allow",
      "Principal": { "AWS": "arn:aws:iam::111122223333:role/HealthLakeAdmin" },
      "Action": ["kms:"],
      "Resource": "*"
    }
  ]
}
`;

suite('Completion', () => {
  teardown(closeUntitledEditors);

  test('inside an Action string, KMS actions are offered', async () => {
    const editor = await openUntitled(POLICY_WITH_ACTION);
    const position = positionOf(editor.document, '"kms:|"');
    const labels = await waitFor(async () => {
      const items = await completionsAt(editor.document.uri, position);
      const names = items.map(labelOf);
      return names.some((l) => /^(kms:)?CreateGrant$/.test(l)) ? names : undefined;
    }, 'KMS actions in the completion list');
    for (const action of ['Decrypt', 'DescribeKey', 'GenerateDataKey']) {
      assert.ok(labels.some((l) => l === action || l === `kms:${action}`), `kms:${action} is offered`);
    }
    assert.ok(!labels.some((l) => /^(healthlake|s3):/.test(l)), 'only kms actions after "kms:"');
  });

  test('an empty JSON file offers a HealthLake key policy snippet', async () => {
    const editor = await openUntitled('');
    const items = await waitFor(async () => {
      const snippets = (await completionsAt(editor.document.uri, new vscode.Position(0, 0)))
        .filter((i) => i.kind === vscode.CompletionItemKind.Snippet);
      return snippets.length > 0 ? snippets : undefined;
    }, 'snippet completions in an empty JSON file');
    const described = (i: vscode.CompletionItem) => `${labelOf(i)} ${i.detail ?? ''} ${typeof i.documentation === 'string' ? i.documentation : i.documentation?.value ?? ''}`;
    const keyPolicy = items.find((i) => /healthlake/i.test(described(i)) && /key policy/i.test(described(i)));
    assert.ok(keyPolicy, `a HealthLake key policy snippet; offered: ${items.map(labelOf).join(', ')}`);
  });
});
