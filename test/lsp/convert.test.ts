/** Findings as LSP diagnostics: exact ranges, rule id and link, related places, tags; fixes stay on the server. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, DiagnosticTag } from 'vscode-languageserver';
import { toDiagnostic } from '../../server/src/lsp/convert';
import { ruleDocsUrl } from '../../server/src/service/docs';
import { plainText } from '../../server/src/lsp/completion';

const text = '{\n  "Statement": [\n    {"Sid": "A"},\n    {"Sid": "A"}\n  ]\n}';
const doc = TextDocument.create('file:///p.json', 'json', 3, text);

test('a finding becomes a diagnostic with everything an editor shows', () => {
  const second = text.lastIndexOf('"A"');
  const first = text.indexOf('"A"');
  const d = toDiagnostic(doc, {
    ruleId: 'duplicate-sid', severity: 'warning', message: 'Two statements share this Sid.', offset: second, length: 3,
    data: { fixes: [{ title: 'Rename', edits: [{ offset: second + 1, length: 1, content: 'B' }], preferred: true }] },
    related: [{ offset: first, length: 3, message: 'The first statement with this Sid' }],
    tags: ['unnecessary'],
  });
  assert.deepEqual(d.range, { start: { line: 3, character: 12 }, end: { line: 3, character: 15 } });
  assert.equal(d.severity, DiagnosticSeverity.Warning);
  assert.equal(d.source, 'hlkms');
  assert.equal(d.code, 'duplicate-sid');
  assert.equal(d.codeDescription?.href, ruleDocsUrl('duplicate-sid'));
  assert.deepEqual(d.relatedInformation, [{ location: { uri: 'file:///p.json', range: { start: { line: 2, character: 12 }, end: { line: 2, character: 15 } } }, message: 'The first statement with this Sid' }]);
  assert.deepEqual(d.tags, [DiagnosticTag.Unnecessary]);
  // Fixes reach the editor as code actions, built from the current analysis: a diagnostic carries no edits.
  assert.equal('data' in d, false);
});

test('a finding without extras has no empty extras', () => {
  const d = toDiagnostic(doc, { ruleId: 'x', severity: 'hint', message: 'm', offset: 0, length: 1 });
  assert.equal(d.severity, DiagnosticSeverity.Hint);
  assert.equal('relatedInformation' in d, false);
  assert.equal('tags' in d, false);
  assert.equal('data' in d, false);
});

test('snippet text becomes plain text for clients without snippets', () => {
  assert.equal(plainText('"Effect": "${1|Allow,Deny|}", "R": "${2:*}", "A": "$3"$0 \\$x'), '"Effect": "Allow", "R": "*", "A": "" $x');
});
