/**
 * The server's Terraform trees: one per open `.tf` document, created when it is first analysed, edited from the
 * editor's incremental changes (the tree's text always equals the document's), and freed when it closes.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { closeHostDocument, hostDocumentChanges, syncHostDocument } from '../../server/src/lsp/documents';
import { prepareHosts, registerHost } from '../../server/src/service/hosts/api';
import { terraformHost, terraformTrees } from '../../server/src/service/hosts/terraform';

const TF = 'resource "aws_kms_key" "k" {\n  policy = jsonencode({\n    Version = "2012-10-17"\n  })\n}\n';

before(async () => {
  registerHost(terraformHost);
  await prepareHosts();
});

test('a .tf document gets one tree, edited by each incremental change, and freed on close', () => {
  const uri = 'file:///ws/trees/main.tf';
  let doc = TextDocument.create(uri, 'terraform', 1, TF);
  syncHostDocument(doc);
  const first = terraformTrees.get(uri);
  assert.equal(first?.text, TF);
  const changes = [
    { range: { start: { line: 2, character: 14 }, end: { line: 2, character: 26 } }, text: '"2008-10-17"' },
    { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# keys\n' },
  ];
  hostDocumentChanges(uri, changes);
  doc = TextDocument.update(doc, changes, 2);
  assert.equal(terraformTrees.get(uri)?.text, doc.getText(), 'the tree follows the changes');
  assert.equal(terraformTrees.get(uri)?.tree.rootNode.hasError, false);
  syncHostDocument(doc);
  assert.equal(terraformTrees.get(uri)?.tree, terraformTrees.get(uri)?.tree, 'in step: no reparse');
  const size = terraformTrees.size;
  closeHostDocument(uri);
  assert.equal(terraformTrees.get(uri), undefined);
  assert.equal(terraformTrees.size, size - 1);
});

test('other documents get no tree, and a change the trees missed is caught up before analysis', () => {
  syncHostDocument(TextDocument.create('file:///ws/trees/template.yaml', 'yaml', 1, 'a: 1\n'));
  assert.equal(terraformTrees.get('file:///ws/trees/template.yaml'), undefined);
  const uri = 'file:///ws/trees/late.tf';
  hostDocumentChanges(uri, [{ text: TF }]); // not open yet: ignored
  assert.equal(terraformTrees.get(uri), undefined);
  syncHostDocument(TextDocument.create(uri, 'plaintext', 3, TF));
  assert.equal(terraformTrees.get(uri)?.text, TF);
  closeHostDocument(uri);
});
