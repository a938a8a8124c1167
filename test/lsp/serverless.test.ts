/**
 * Serverless Framework service files over LSP stdio with the built server: diagnostics on the service file's own
 * characters, the preferred fix as a YAML edit, and `hlkms.hosts.serverless` turning the host off.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CodeActionRequest, type CodeAction, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { TestClient } from './client';
import { waitFor } from '../support/poll';

const bad = readFileSync(join(__dirname, '..', '..', 'samples', 'bad', 'serverless', 'serverless.yml'), 'utf8');
const doc = TextDocument.create('x', 'yaml', 1, bad);
const spanText = (d: Diagnostic) => bad.slice(doc.offsetAt(d.range.start), doc.offsetAt(d.range.end));

async function items(client: TestClient, uri: string): Promise<Diagnostic[]> {
  const report = await client.pull(uri);
  return report.kind === 'full' ? report.items : [];
}

describe('language server on a Serverless Framework service file', () => {
  let client: TestClient;
  before(async () => { client = await TestClient.start({ pull: true }); });
  after(async () => { await client.stop(); });

  test('findings on the service file\'s characters, a YAML fix, and hlkms.hosts.serverless set to false silences it', async () => {
    const uri = 'file:///ws/fhir-importer/serverless.yml';
    await client.open(uri, bad, 'yaml');
    const found = (await items(client, uri)).filter((d) => d.severity === 1 || d.severity === 2);
    assert.deepEqual(found.map((d) => [d.code, spanText(d)]), [
      ['alias-resource', 'arn:aws:kms:us-east-1:${aws:accountId}:alias/healthlake'],
      ['principal-format', 'arn:aws:iam::${aws:accountId}:HealthLakeFullAccessRole'],
      ['healthlake-via-service', 'healthlake.amazonaws.com'],
    ]);
    const via = found.find((d) => d.code === 'healthlake-via-service')!;
    const actions = await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri }, range: via.range, context: { diagnostics: [via], only: ['quickfix'] },
    }) as CodeAction[];
    const edits = actions.find((a) => a.isPreferred)?.edit?.changes?.[uri] ?? [];
    assert.equal(TextDocument.applyEdits(doc, edits).split('\n')[via.range.start.line]!.trim(), 'kms:ViaService: !Sub healthlake.${AWS::Region}.amazonaws.com');

    const refreshes = client.refreshRequests;
    await client.changeSettings({ hosts: { serverless: false } });
    await waitFor(() => client.refreshRequests > refreshes, 'a diagnostic refresh after the settings change');
    assert.deepEqual(await items(client, uri), []);
  });
});
