/**
 * Quick fixes asked at once: a client that sends `textDocument/codeAction` right after opening a document, before
 * (or while) its diagnostics are computed, gets the fixes the diagnostics will offer. The server answers code actions
 * only once the client's settings are known and every host that reads the document is set up (Terraform loads its
 * parser on first use), as it does diagnostics; before, a fresh server answered a `.tf` file's first code action with
 * nothing. Each case starts its own server, so the Terraform parser is never already loaded.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CodeActionRequest, type CodeAction, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { TestClient } from './client';

const sample = (p: string) => readFileSync(join(__dirname, '..', '..', 'samples', p), 'utf8');
const guide = sample('bad/healthlake-guide-example.json');

const JSON_VIA = '"kms:ViaService": ';
const CASES = [
  { name: 'a JSON key policy', uri: 'file:///at-once/key-policy.json', languageId: 'json', text: guide, via: JSON_VIA, value: '"healthlake.amazonaws.com"' },
  { name: 'a CloudFormation YAML template', uri: 'file:///at-once/template.yaml', languageId: 'yaml', text: sample('bad/cloudformation/healthlake-guide-example.yaml'), via: 'kms:ViaService: ', value: 'healthlake.amazonaws.com' },
  { name: 'templated JSON', uri: 'file:///at-once/key-policy.json.tpl', languageId: 'json', text: guide.replaceAll('111122223333', '${account_id}'), via: JSON_VIA, value: '"healthlake.amazonaws.com"' },
  { name: 'a Terraform file', uri: 'file:///at-once/main.tf', languageId: 'terraform', text: sample('bad/terraform/main.tf'), via: '"kms:ViaService"    = ', value: '"healthlake.amazonaws.com"' },
];

/** The diagnostic a client would send back for the global kms:ViaService name, built from the text alone. */
function viaServiceDiagnostic(c: (typeof CASES)[number]): Diagnostic {
  const doc = TextDocument.create('x', 'x', 1, c.text);
  const offset = c.text.indexOf(c.via) + c.via.length;
  assert.equal(c.text.slice(offset, offset + c.value.length), c.value, `the kms:ViaService value in ${c.name}`);
  const range = { start: doc.positionAt(offset), end: doc.positionAt(offset + c.value.length) };
  return { range, source: 'hlkms', code: 'healthlake-via-service', message: 'kms:ViaService' };
}

describe('quick fixes asked at once', () => {
  for (const c of CASES) {
    test(`${c.name}: the kms:ViaService fixes, asked before any diagnostics`, async () => {
      const client = await TestClient.start({ pull: true });
      try {
        await client.open(c.uri, c.text, c.languageId);
        const diagnostic = viaServiceDiagnostic(c);
        // Sent together, nothing awaited in between: the code action request comes before the diagnostics are done.
        const [actions, report] = await Promise.all([
          client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: c.uri }, range: diagnostic.range, context: { diagnostics: [diagnostic], only: ['quickfix'] } }),
          client.pull(c.uri),
        ]);
        assert.equal(report.kind, 'full');
        const reported = report.kind === 'full' ? report.items.find((d) => d.code === 'healthlake-via-service') : undefined;
        assert.deepEqual(reported?.range, diagnostic.range, 'the diagnostic the client would show is the one asked about');
        const fixes = ((actions ?? []) as CodeAction[]).filter((a) => a.kind === 'quickfix' && a.edit?.changes?.[c.uri]?.length);
        assert.ok(fixes.length >= 2 && fixes.some((a) => a.isPreferred), `both fixes, one preferred; got ${JSON.stringify((actions ?? []).map((a) => a.title))}`);
      } finally {
        await client.stop();
      }
    });
  }
});
