/**
 * Policies in infrastructure code over LSP stdio with the built server: a CloudFormation YAML template, a
 * Terraform file (with and without HashiCorp's language id), JSON inside a heredoc; diagnostics at the exact
 * characters, hover, the preferred fix and fix-all as host edits, incremental edits, a setting per host, and
 * YAML that is no template staying silent.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CodeActionRequest, DocumentSymbolRequest, HoverRequest, type CodeAction, type Diagnostic, type Hover, type MarkupContent, type TextEdit } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { TestClient } from './client';
import { waitFor } from '../support/poll';

const samples = join(__dirname, '..', '..', 'samples');
const sample = (p: string) => readFileSync(join(samples, p), 'utf8');
/** Sample files keep their real path, so a Terraform module's other files are found beside them. */
const sampleUri = (p: string) => pathToFileURL(join(samples, p)).href;

const docOf = (text: string) => TextDocument.create('x', 'yaml', 1, text);
const at = (text: string, needle: string, delta = 0) => docOf(text).positionAt(text.indexOf(needle) + delta);
const apply = (text: string, edits: TextEdit[]) => TextDocument.applyEdits(docOf(text), edits);
const spanText = (text: string, d: { range: Diagnostic['range'] }) => {
  const doc = docOf(text);
  return text.slice(doc.offsetAt(d.range.start), doc.offsetAt(d.range.end));
};
const lineOf = (text: string, needle: string) => at(text, needle).line;
const changedLines = (a: string, b: string) => {
  const x = a.split('\n');
  const y = b.split('\n');
  return x.length === y.length ? x.filter((l, i) => y[i] !== l).length : Number.NaN;
};

async function items(client: TestClient, uri: string): Promise<Diagnostic[]> {
  const report = await client.pull(uri);
  assert.equal(report.kind, 'full');
  return report.kind === 'full' ? report.items : [];
}

async function quickFixes(client: TestClient, uri: string, d: Diagnostic): Promise<CodeAction[]> {
  return await client.connection.sendRequest(CodeActionRequest.type, {
    textDocument: { uri }, range: d.range, context: { diagnostics: [d], only: ['quickfix'] },
  }) as CodeAction[];
}

describe('language server on policies in infrastructure code', () => {
  let client: TestClient;
  before(async () => { client = await TestClient.start({ pull: true }); });
  after(async () => { await client.stop(); });

  const template = sample('bad/cloudformation/healthlake-guide-example.yaml');
  const tf = sample('bad/terraform/main.tf');
  const heredoc = sample('bad/terraform/creator-policy.tf');

  test('a CloudFormation YAML template: our own source, findings on the principal and kms:ViaService lines, nothing on the account root', async () => {
    const uri = 'file:///ws/template.yaml';
    await client.open(uri, template, 'yaml');
    const found = await items(client, uri);
    assert.ok(found.every((d) => d.source === 'hlkms'));
    const principal = found.find((d) => d.code === 'principal-format');
    assert.ok(principal, JSON.stringify(found.map((d) => d.code)));
    assert.equal(principal.range.start.line, lineOf(template, ':HealthLakeFullAccessRole'));
    const via = found.find((d) => d.code === 'healthlake-via-service')!;
    assert.equal(spanText(template, via), 'healthlake.amazonaws.com');
    assert.ok(!found.some((d) => d.range.start.line === lineOf(template, ':root')));
  });

  test('the preferred kms:ViaService fix in YAML edits that one line and clears its diagnostic', async () => {
    const uri = 'file:///ws/template-fix.yaml';
    await client.open(uri, template, 'yaml');
    const via = (await items(client, uri)).find((d) => d.code === 'healthlake-via-service')!;
    const preferred = (await quickFixes(client, uri, via)).find((a) => a.isPreferred);
    assert.ok(preferred?.edit?.changes?.[uri]);
    const fixed = apply(template, preferred.edit.changes[uri]);
    assert.equal(changedLines(template, fixed), 1, fixed);
    await client.change(uri, fixed);
    assert.ok(!(await items(client, uri)).some((d) => d.code === 'healthlake-via-service'));
  });

  test('a .tf file opened as plain text (no HashiCorp extension) and as terraform gets the same diagnostics', async () => {
    const plain = 'file:///ws/plain/main.tf';
    const tfUri = 'file:///ws/tf/main.tf';
    await client.open(plain, tf, 'plaintext');
    await client.open(tfUri, tf, 'terraform');
    const a = await items(client, plain);
    const b = await items(client, tfUri);
    assert.ok(a.some((d) => d.code === 'principal-format') && a.some((d) => d.code === 'healthlake-via-service'), JSON.stringify(a.map((d) => d.code)));
    assert.deepEqual(a.map((d) => [d.code, d.range]), b.map((d) => [d.code, d.range]));
    assert.equal(spanText(tf, a.find((d) => d.code === 'healthlake-via-service')!), '"healthlake.amazonaws.com"');
  });

  test('inside a heredoc, the diagnostic and the hover land on the exact characters of the JSON', async () => {
    const uri = sampleUri('bad/terraform/creator-policy.tf');
    await client.open(uri, heredoc, 'terraform');
    const alias = (await items(client, uri)).find((d) => d.code === 'alias-resource');
    assert.ok(alias);
    assert.equal(spanText(heredoc, alias), '"arn:aws:kms:us-east-1:111122223333:alias/healthlake"');
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: at(heredoc, 'kms:GenerateDataKey', 5) }) as Hover;
    assert.ok(hover, 'a hover on an action inside the heredoc');
    assert.match((hover.contents as MarkupContent).value, /GenerateDataKey/);
    assert.equal(spanText(heredoc, { range: hover.range! }), '"kms:GenerateDataKey"');
  });

  test('hover in a YAML template explains the action under the cursor', async () => {
    const uri = 'file:///ws/hover.yaml';
    await client.open(uri, template, 'yaml');
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: at(template, 'kms:CreateGrant', 6) }) as Hover;
    assert.ok(hover);
    assert.match((hover.contents as MarkupContent).value, /grant/i);
    assert.equal(spanText(template, { range: hover.range! }), 'kms:CreateGrant');
  });

  test('fix all in a Terraform file applies the safe fixes as HCL edits, and their diagnostics go away', async () => {
    const uri = 'file:///ws/fixall/main.tf';
    await client.open(uri, tf, 'terraform');
    const before = await items(client, uri);
    assert.ok(before.some((d) => d.code === 'healthlake-missing-action'));
    const all = await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ['source.fixAll.hlkms'] },
    }) as CodeAction[];
    assert.equal(all.length, 1);
    const fixed = apply(tf, all[0]!.edit!.changes![uri]!);
    assert.match(fixed, /Action {4}= \["kms:CreateGrant", "kms:DescribeKey", "kms:GenerateDataKey", "kms:Decrypt"\]/, 'the HCL list gains the action in place');
    assert.equal(changedLines(tf, fixed), 1);
    await client.change(uri, fixed);
    assert.ok(!(await items(client, uri)).some((d) => d.code === 'healthlake-missing-action'));
  });

  test('incremental edits of a .tf file give the diagnostics a fresh open gives', async () => {
    const uri = 'file:///ws/incremental/main.tf';
    await client.open(uri, tf, 'terraform');
    await items(client, uri);
    // Type the missing `role/` into the principal, one character at a time, as an editor sends it.
    let text = tf;
    const insertAt = text.indexOf(':HealthLakeFullAccessRole') + 1;
    for (const [i, ch] of [...'role/'].entries()) {
      const position = docOf(text).positionAt(insertAt + i);
      await client.edit(uri, { start: position, end: position }, ch);
      text = text.slice(0, insertAt + i) + ch + text.slice(insertAt + i);
      await items(client, uri);
    }
    const incremental = await items(client, uri);
    const fresh = 'file:///ws/incremental-fresh/main.tf';
    await client.open(fresh, text, 'terraform');
    assert.deepEqual(incremental.map((d) => [d.code, d.range]), (await items(client, fresh)).map((d) => [d.code, d.range]));
    assert.ok(!incremental.some((d) => d.code === 'principal-format'));
  });

  test('a policy given as a JSON string in a CloudFormation JSON .template: the diagnostic, the hover and the fix land on the exact characters', async () => {
    const uri = 'file:///ws/stack.template';
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['kms:Decrypt'], Resource: 'arn:aws:kms:us-east-1:111122223333:alias/healthlake' }] });
    const text = JSON.stringify({
      AWSTemplateFormatVersion: '2010-09-09',
      Resources: { Reader: { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: policy } } },
    }, null, 2);
    await client.open(uri, text, 'plaintext');
    const alias = (await items(client, uri)).find((d) => d.code === 'alias-resource');
    assert.ok(alias);
    // Inside the JSON string the quotes are escaped: the range covers the value with its escaped quotes.
    assert.equal(spanText(text, alias), '\\"arn:aws:kms:us-east-1:111122223333:alias/healthlake\\"');
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: at(text, 'kms:Decrypt', 5) }) as Hover;
    assert.ok(hover?.range);
    assert.equal(spanText(text, { range: hover.range }), '\\"kms:Decrypt\\"');
  });

  test('templated JSON: a ${account_id} placeholder is no malformed principal; with hlkms.hosts.templatedJson off a .json.tpl is left alone', async () => {
    const uri = sampleUri('good/templated/healthlake-key-policy.json.tpl');
    const text = sample('good/templated/healthlake-key-policy.json.tpl');
    await client.open(uri, text, 'plaintext');
    assert.deepEqual((await items(client, uri)).filter((d) => d.severity === 1 || d.severity === 2).map((d) => d.code), []);
    const broken = text.replace('"Effect": "Allow"', '"Effect": "allow"');
    const brokenUri = 'file:///ws/templated/key-policy.json.tpl';
    await client.open(brokenUri, broken, 'plaintext');
    assert.ok((await items(client, brokenUri)).some((d) => d.code === 'statement-effect'), 'the placeholders do not silence real mistakes');
    await client.changeSettings({ hosts: { templatedJson: false } });
    await waitFor(async () => (await items(client, brokenUri)).length === 0, 'the .json.tpl to be left alone');
    await client.changeSettings({});
    await waitFor(async () => (await items(client, brokenUri)).length > 0, 'the .json.tpl to be read again');
  });

  test('Kubernetes YAML stays silent', async () => {
    const uri = 'file:///ws/deployment.yaml';
    await client.open(uri, sample('other/deployment.yaml'), 'yaml');
    assert.deepEqual(await items(client, uri), []);
  });

  test('a clean template and a clean module get no error and no warning', async () => {
    for (const [p, lang] of [['good/cloudformation/healthlake-datastore.yaml', 'yaml'], ['good/terraform/main.tf', 'terraform'], ['good/terraform/creator-policy.tf', 'terraform']] as const) {
      const uri = sampleUri(p);
      await client.open(uri, sample(p), lang);
      const bad = (await items(client, uri)).filter((d) => d.severity === 1 || d.severity === 2);
      assert.deepEqual(bad.map((d) => `${d.code}: ${d.message}`), [], p);
    }
  });
});

describe('a setting per host', () => {
  let client: TestClient;
  before(async () => { client = await TestClient.start({ pull: true }); });
  after(async () => { await client.stop(); });

  test('hlkms.hosts.terraform and hlkms.hosts.cloudFormation set to false silence those files; JSON policies are still checked', async () => {
    const tfUri = 'file:///ws/off/main.tf';
    const yamlUri = 'file:///ws/off/template.yaml';
    const jsonUri = 'file:///ws/off/key.json';
    await client.open(tfUri, sample('bad/terraform/main.tf'), 'terraform');
    await client.open(yamlUri, sample('bad/cloudformation/healthlake-guide-example.yaml'), 'yaml');
    await client.open(jsonUri, sample('bad/healthlake-guide-example.json'));
    assert.ok((await items(client, tfUri)).length > 0);
    assert.ok((await items(client, yamlUri)).length > 0);
    const refreshes = client.refreshRequests;
    await client.changeSettings({ hosts: { terraform: false, cloudFormation: false } });
    await waitFor(() => client.refreshRequests > refreshes, 'a diagnostic refresh after the settings change');
    assert.deepEqual(await items(client, tfUri), []);
    assert.deepEqual(await items(client, yamlUri), []);
    assert.ok((await items(client, jsonUri)).length > 0);
  });
});

describe('a .tf file opened while the Terraform parser is still loading', () => {
  let client: TestClient;
  before(async () => { client = await TestClient.start({ pull: true }); });
  after(async () => { await client.stop(); });

  test('requests answered before the parser is ready do not hide the file: its first diagnostics are complete', async () => {
    const uri = 'file:///ws/early/main.tf';
    const tf = sample('bad/terraform/main.tf');
    await client.open(uri, tf, 'plaintext');
    // What VS Code asks for as soon as a file opens, before it pulls diagnostics.
    await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } });
    await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: at(tf, 'kms:CreateGrant', 4) });
    const found = await items(client, uri);
    assert.ok(found.some((d) => d.code === 'principal-format') && found.some((d) => d.code === 'healthlake-via-service'), JSON.stringify(found.map((d) => d.code)));
  });
});
