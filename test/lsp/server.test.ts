/** The built server over stdio with a real LSP client: what any editor sees. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CodeActionRequest, CompletionRequest, DocumentSymbolRequest, HoverRequest, type CodeAction, type CompletionItem,
  type Diagnostic, type DocumentSymbol, type Hover, type MarkupContent, type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LintTextRequest, ServerInfoRequest } from '../../server/src/protocol';
import { execFileSync } from 'node:child_process';
import { SERVER, TestClient } from './client';
import { waitFor } from '../support/poll';

const ROOT = 'arn:aws:iam::111122223333:root';
const withComment = `{
  // keys for the FHIR data store
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Enable IAM policies",
      "Effect": "Allow",
      "Principal": {"AWS": "${ROOT}"},
      "Action": "kms:*",
      "Resource": "*",
    }
  ]
}`;
const clean = withComment.replace('  // keys for the FHIR data store\n', '').replace('"Resource": "*",', '"Resource": "*"');

const at = (text: string, needle: string, delta = 0) => TextDocument.create('x', 'json', 1, text).positionAt(text.indexOf(needle) + delta);
const apply = (text: string, edits: TextEdit[]) => TextDocument.applyEdits(TextDocument.create('x', 'json', 1, text), edits);
const spanText = (text: string, d: Diagnostic) => {
  const doc = TextDocument.create('x', 'json', 1, text);
  return text.slice(doc.offsetAt(d.range.start), doc.offsetAt(d.range.end));
};
async function fullItems(client: TestClient, uri: string): Promise<Diagnostic[]> {
  const report = await client.pull(uri);
  assert.equal(report.kind, 'full');
  return report.kind === 'full' ? report.items : [];
}

describe('language server, pull diagnostics', () => {
  let client: TestClient;
  before(async () => { client = await TestClient.start({ pull: true }); });
  after(async () => { await client.stop(); });

  test('initialize announces pull diagnostics, fixes, completion triggers, hover and symbols', () => {
    const caps = client.initializeResult.capabilities;
    assert.ok(caps.diagnosticProvider);
    assert.deepEqual(caps.completionProvider?.triggerCharacters, ['"', ':']);
    const kinds = typeof caps.codeActionProvider === 'object' ? caps.codeActionProvider.codeActionKinds : [];
    assert.ok(kinds?.includes('source.fixAll.hlkms') && kinds.includes('quickfix') && kinds.includes('refactor.rewrite'));
    assert.ok(caps.hoverProvider && caps.documentSymbolProvider);
    assert.equal(client.initializeResult.serverInfo?.name, 'hlkms-language-server');
  });

  test('diagnostics carry source, rule id, documentation link and exact range; their fixes come as code actions', async () => {
    const uri = 'file:///ws/key-policy.json';
    await client.open(uri, withComment);
    const items = await fullItems(client, uri);
    const comment = items.find((d) => spanText(withComment, d) === '// keys for the FHIR data store');
    assert.ok(comment, JSON.stringify(items));
    assert.equal(comment.source, 'hlkms');
    assert.equal(comment.code, 'json-syntax');
    assert.match(comment.codeDescription?.href ?? '', /^https:\/\/.+#json-syntax$/);
    assert.equal('data' in comment, false, 'no edits travel with a diagnostic');
    const actions = await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri }, range: comment.range, context: { diagnostics: [comment], only: ['quickfix'] },
    });
    assert.ok(actions?.length, 'the comment has a quick fix');
    assert.ok(items.some((d) => spanText(withComment, d) === ','), 'the trailing comma');
  });

  test('the preferred quick fix applies, and its diagnostic goes away after the change', async () => {
    const uri = 'file:///ws/quickfix.json';
    await client.open(uri, withComment);
    const items = await fullItems(client, uri);
    const comma = items.find((d) => spanText(withComment, d) === ',')!;
    const actions = await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri }, range: comma.range, context: { diagnostics: [comma], only: ['quickfix'] },
    }) as CodeAction[];
    const preferred = actions.find((a) => a.isPreferred);
    assert.ok(preferred, JSON.stringify(actions));
    assert.equal(preferred.kind, 'quickfix');
    assert.deepEqual(preferred.diagnostics?.map((d) => d.code), ['json-syntax']);
    const fixed = apply(withComment, preferred.edit!.changes![uri]!);
    assert.ok(fixed.includes('"Resource": "*"\n'));
    await client.change(uri, fixed);
    const after = await fullItems(client, uri);
    assert.ok(!after.some((d) => d.message === comma.message), 'the trailing comma is fixed');
    assert.equal(after.length, items.length - 1);
  });

  test('fix all and the refactors arrive as code actions and produce a clean policy', async () => {
    const uri = 'file:///ws/fixall.json';
    await client.open(uri, withComment);
    const all = await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ['source.fixAll.hlkms'] },
    }) as CodeAction[];
    assert.equal(all.length, 1);
    const fixed = apply(withComment, all[0]!.edit!.changes![uri]!);
    await client.change(uri, fixed);
    assert.deepEqual((await fullItems(client, uri)).filter((d) => d.code === 'json-syntax'), []);
    const refactors = await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri }, range: { start: at(fixed, '"Sid"'), end: at(fixed, '"Sid"') }, context: { diagnostics: [], only: ['refactor'] },
    }) as CodeAction[];
    assert.deepEqual(refactors.map((a) => a.title), ['Add the HealthLake statement']);
    const withHealthLake = apply(fixed, refactors[0]!.edit!.changes![uri]!);
    assert.match(withHealthLake, /"kms:GenerateDataKey"/);
    await client.change(uri, withHealthLake);
    assert.deepEqual((await fullItems(client, uri)).filter((d) => d.severity === 1), []);
  });

  test('an unchanged document answers "unchanged" to a repeated pull', async () => {
    const uri = 'file:///ws/unchanged.json';
    await client.open(uri, clean);
    const first = await client.pull(uri);
    assert.equal(first.kind, 'full');
    const second = await client.pull(uri, first.resultId);
    assert.equal(second.kind, 'unchanged');
  });

  test('hover on kms:CreateGrant explains grants', async () => {
    const uri = 'file:///ws/hover.json';
    const text = clean.replace('"kms:*"', '["kms:*", "kms:CreateGrant"]');
    await client.open(uri, text);
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: at(text, 'CreateGrant', 2) }) as Hover;
    const value = (hover.contents as MarkupContent).value;
    assert.equal((hover.contents as MarkupContent).kind, 'markdown');
    assert.match(value, /one grant per data store/);
    assert.deepEqual(hover.range, { start: at(text, '"kms:CreateGrant"'), end: at(text, '"kms:CreateGrant"', '"kms:CreateGrant"'.length) });
  });

  test('completion inside an Action string offers KMS actions replacing the string content', async () => {
    const uri = 'file:///ws/complete.json';
    const text = clean.replace('"kms:*"', '"kms:Gen"');
    await client.open(uri, text);
    const result = await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: at(text, 'kms:Gen', 7) });
    const items = (Array.isArray(result) ? result : result?.items ?? []) as CompletionItem[];
    const item = items.find((i) => i.label === 'kms:GenerateDataKey');
    assert.ok(item, items.map((i) => i.label).join(', '));
    const edit = item.textEdit as TextEdit;
    assert.equal(apply(text, [edit]).includes('"Action": "kms:GenerateDataKey"'), true);
    assert.equal(item.command, undefined, 'no VS Code-only retrigger command for other clients');
  });

  test('an empty document offers a HealthLake key policy template to editors without the snippets', async () => {
    const uri = 'file:///ws/new.json';
    await client.open(uri, '');
    const result = await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 0, character: 0 } });
    const items = (Array.isArray(result) ? result : result?.items ?? []) as CompletionItem[];
    const template = items.find((i) => i.label === 'HealthLake key policy');
    assert.ok(template);
    assert.match((template.textEdit as TextEdit).newText, /"kms:ViaService"/);
  });

  test('document symbols list statements by Sid', async () => {
    const uri = 'file:///ws/symbols.json';
    await client.open(uri, clean);
    const symbols = await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } }) as DocumentSymbol[];
    assert.deepEqual(symbols.map((s) => s.name), ['Statement']);
    assert.deepEqual(symbols[0]!.children?.map((s) => s.name), ['Enable IAM policies']);
  });

  test('JSON that is not a policy gets no diagnostics, hovers or symbols', async () => {
    const uri = 'file:///ws/package.json';
    const text = '{"name": "x", "version": "1.0.0", // comment\n}';
    await client.open(uri, text);
    assert.deepEqual(await fullItems(client, uri), []);
    assert.deepEqual(await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } }), []);
  });

  test('a broken request gets an answer and the server keeps serving', async () => {
    const bad = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: 'file:///ws/never-opened.json' }, position: { line: 0, character: 0 } });
    assert.equal(bad, null);
    const junk = await client.connection.sendRequest('textDocument/hover', { textDocument: null, position: 'nowhere' }).catch((e: unknown) => e);
    assert.ok(junk === null || junk instanceof Error);
    await waitFor(() => client.logs.find((l) => /hover failed/.test(l)), 'the error in the log', 10_000, 10);
    const lint = await client.connection.sendRequest(LintTextRequest, { text: 42 as unknown as string });
    assert.deepEqual(lint.findings, []);
    const info = await client.connection.sendRequest(ServerInfoRequest);
    assert.match(info.catalogSource, /@cloud-copilot\/iam-data/);
    assert.ok(info.rules.some((r) => r.id === 'json-syntax'));
  });

  test('hlkms/lintText lints text that is not an open document', async () => {
    const result = await client.connection.sendRequest(LintTextRequest, { text: withComment });
    assert.equal(result.kind, 'key-policy');
    assert.ok(result.findings.some((f) => f.ruleId === 'json-syntax'));
  });

  /** Changes the settings and waits for the refresh request they cause (settings must differ). */
  async function applySettings(settings: Record<string, unknown>): Promise<void> {
    const before = client.refreshRequests;
    await client.changeSettings(settings);
    await waitFor(() => client.refreshRequests > before, 'a diagnostic refresh', 10_000, 10);
  }

  test('a settings change switching a rule off refreshes diagnostics', async () => {
    const uri = 'file:///ws/settings.json';
    await client.open(uri, withComment);
    assert.ok((await fullItems(client, uri)).some((d) => d.code === 'json-syntax'));
    await applySettings({ rules: { 'json-syntax': 'off' } });
    assert.ok(!(await fullItems(client, uri)).some((d) => d.code === 'json-syntax'));
    await applySettings({ rules: { 'json-syntax': 'hint' } });
    const hinted = (await fullItems(client, uri)).filter((d) => d.code === 'json-syntax');
    assert.ok(hinted.length > 0 && hinted.every((d) => d.severity === 4));
    await applySettings({});
  });

  test('files.include makes a document analysed even when it does not look like a policy', async () => {
    const uri = 'file:///ws/policies/odd.json';
    await client.open(uri, '{"x": 1, // odd\n"y": 2}');
    assert.deepEqual(await fullItems(client, uri), []);
    await applySettings({ files: { include: ['policies/*.json'] } });
    assert.ok((await fullItems(client, uri)).some((d) => d.code === 'json-syntax'));
    await applySettings({ files: { include: ['policies/*.json'], exclude: ['**/odd.json'] } });
    assert.deepEqual(await fullItems(client, uri), [], 'exclude wins');
    await applySettings({});
  });

  test('errors are logged, never fatal: the process is still alive', () => {
    assert.equal(client.process.exitCode, null);
  });
});

describe('language server, pushed diagnostics', () => {
  let client: TestClient;
  before(async () => { client = await TestClient.start({ pull: false }); });
  after(async () => { await client.stop(); });

  test('a client without pull support gets diagnostics pushed on open, change and close', async () => {
    assert.equal(client.initializeResult.capabilities.diagnosticProvider, undefined);
    const uri = 'file:///ws/pushed.json';
    await client.open(uri, withComment);
    const first = await client.pushedWhen(uri, (p) => p.diagnostics.length > 0);
    assert.ok(first.diagnostics.every((d) => d.source === 'hlkms'));
    const version = await client.change(uri, clean);
    const second = await client.pushedWhen(uri, (p) => p.version === version);
    assert.equal(second.diagnostics.filter((d) => d.code === 'json-syntax').length, 0);
    await client.change(uri, withComment);
    await client.pushedWhen(uri, (p) => p.diagnostics.some((d) => d.code === 'json-syntax'));
    await client.close(uri);
    await client.pushedWhen(uri, (p) => p.diagnostics.length === 0);
  });

  test('settings changes re-push diagnostics (settings from didChangeConfiguration)', async () => {
    const uri = 'file:///ws/pushed-settings.json';
    await client.open(uri, withComment);
    await client.pushedWhen(uri, (p) => p.diagnostics.some((d) => d.code === 'json-syntax'));
    await client.changeSettings({ rules: { 'json-syntax': 'off' } });
    await client.pushedWhen(uri, (p) => !p.diagnostics.some((d) => d.code === 'json-syntax'));
  });

  test('completion without snippet support gets plain text; VS Code gets the retrigger command', async () => {
    const plain = await TestClient.start({ pull: true, snippets: false, clientName: 'Visual Studio Code' });
    try {
      const uri = 'file:///ws/plain.json';
      const text = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, }]}';
      await plain.open(uri, text);
      const result = await plain.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: at(text, '}]}', -1) });
      const items = (Array.isArray(result) ? result : result?.items ?? []) as CompletionItem[];
      const action = items.find((i) => i.label === 'Action');
      assert.ok(action);
      assert.equal(action.insertTextFormat, 1);
      assert.equal((action.textEdit as TextEdit).newText, '"Action": ""');
      assert.equal(action.command?.command, 'editor.action.triggerSuggest');
      const empty = 'file:///ws/empty.json';
      await plain.open(empty, '');
      const emptyItems = await plain.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: empty }, position: { line: 0, character: 0 } });
      assert.deepEqual(emptyItems, [], 'VS Code has the extension\'s snippets: no duplicate templates from the server');
    } finally {
      await plain.stop();
    }
  });
});

describe('the hlkms-language-server command', () => {
  test('without a transport option it speaks LSP on stdio', async () => {
    const client = await TestClient.start({ pull: true, args: [] });
    try {
      assert.equal(client.initializeResult.serverInfo?.name, 'hlkms-language-server');
      const uri = 'file:///ws/bare.json';
      await client.open(uri, withComment);
      const report = await client.pull(uri);
      assert.ok(report.kind === 'full' && report.items.some((d) => d.code === 'json-syntax'));
    } finally {
      await client.stop();
    }
  });

  test('--version and --help answer and exit', () => {
    assert.match(execFileSync(process.execPath, [SERVER, '--version'], { encoding: 'utf8' }), /^\d+\.\d+\.\d+\n$/);
    assert.match(execFileSync(process.execPath, [SERVER, '--help'], { encoding: 'utf8' }), /--stdio/);
  });
});
