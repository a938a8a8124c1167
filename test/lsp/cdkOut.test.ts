/**
 * A template the CDK synthesized, opened from `cdk.out` in the editor (LSP over stdio with the built server):
 * diagnostics as in any template, the note that the CDK app is the source of truth once per file, and hover naming
 * the construct of the policy's resource.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { HoverRequest, type Diagnostic, type Hover, type MarkupContent } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { TestClient } from './client';
import { synthCdkOut } from '../cdk/cdkOut';

const NOTE = /source of truth is the CDK app/;
const withNote = (ds: Diagnostic[]) => ds.filter((d) => d.relatedInformation?.some((r) => NOTE.test(r.message)));

describe('language server on a synthesized template in cdk.out', () => {
  let client: TestClient;
  let work = '';
  let outdir = '';
  const template = (file: string) => readFileSync(join(outdir, file), 'utf8');
  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'hlkms-lsp-cdk-'));
    outdir = join(work, 'cdk.out');
    synthCdkOut(outdir);
    client = await TestClient.start({ pull: true });
  });
  after(async () => {
    await client.stop();
    rmSync(work, { recursive: true, force: true });
  });

  async function items(uri: string): Promise<Diagnostic[]> {
    const report = await client.pull(uri);
    assert.equal(report.kind, 'full');
    return report.kind === 'full' ? report.items : [];
  }

  test('diagnostics as in any template; the first one, and only it, notes that the CDK app is the source of truth', async () => {
    const uri = pathToFileURL(join(outdir, 'ClinicalData.template.json')).href;
    await client.open(uri, template('ClinicalData.template.json'));
    const found = await items(uri);
    assert.ok(found.some((d) => d.code === 'principal-format' && d.severity === 1), JSON.stringify(found.map((d) => d.code)));
    assert.ok(found.some((d) => d.code === 'healthlake-via-service'));
    assert.deepEqual(withNote(found), [found[0]]);
    const note = found[0]!.relatedInformation!.find((r) => NOTE.test(r.message))!;
    assert.match(note.message, /construct ClinicalData\/(FhirKey|FhirDatastore)\b/);
    assert.equal(note.location.uri, uri);
  });

  test('a nested stage template in cdk.out gets its own note; the same template outside cdk.out none', async () => {
    const file = 'assembly-Prod/ProdClinicalDataEB3EA41E.template.json';
    const inside = pathToFileURL(join(outdir, file)).href;
    await client.open(inside, template(file));
    assert.equal(withNote(await items(inside)).length, 1);
    const outside = pathToFileURL(join(work, 'templates', 'clinical.template.json')).href;
    await client.open(outside, template(file));
    const plain = await items(outside);
    assert.ok(plain.length > 0);
    assert.deepEqual(withNote(plain), []);
  });

  test('a template in cdk.out with nothing to report carries no note', async () => {
    const file = 'ClinicalDataArchiveB73364CE.nested.template.json';
    const uri = pathToFileURL(join(outdir, file)).href;
    await client.open(uri, template(file));
    assert.deepEqual(await items(uri), []);
  });

  test('hover in a key policy names the construct path of its resource', async () => {
    const uri = pathToFileURL(join(outdir, 'ClinicalData.template.json')).href;
    const text = template('ClinicalData.template.json');
    const doc = TextDocument.create(uri, 'json', 1, text);
    await client.open(uri, text);
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: doc.positionAt(text.indexOf('kms:GenerateDataKey') + 4) }) as Hover;
    const markdown = (hover.contents as MarkupContent).value;
    assert.match(markdown, /GenerateDataKey/);
    assert.match(markdown, /\*\*CDK construct\*\* `ClinicalData\/FhirKey`/);
    // Outside a policy (the data store's properties) there is no hover to add it to.
    const none = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: doc.positionAt(text.indexOf('"DatastoreTypeVersion"') + 3) });
    assert.equal(none, null);
  });
});

describe('language server on a synthesized template in cdk.out, pushed diagnostics', () => {
  let client: TestClient;
  let work = '';
  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'hlkms-lsp-cdk-push-'));
    synthCdkOut(join(work, 'cdk.out'));
    client = await TestClient.start({ pull: false });
  });
  after(async () => {
    await client.stop();
    rmSync(work, { recursive: true, force: true });
  });

  test('a client without pull support gets the note once, on the first diagnostic, after an edit too', async () => {
    const path = join(work, 'cdk.out', 'ClinicalData.template.json');
    const uri = pathToFileURL(path).href;
    const text = readFileSync(path, 'utf8');
    await client.open(uri, text);
    const first = await client.pushedWhen(uri, (p) => p.diagnostics.length > 0);
    assert.deepEqual(withNote(first.diagnostics), [first.diagnostics[0]]);
    const version = await client.change(uri, text.replace(':HealthLakeFullAccessRole', ':role/HealthLakeFullAccessRole'));
    const second = await client.pushedWhen(uri, (p) => p.version === version);
    assert.ok(!second.diagnostics.some((d) => d.code === 'principal-format'));
    assert.deepEqual(withNote(second.diagnostics), [second.diagnostics[0]]);
  });
});
