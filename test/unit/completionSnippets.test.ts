/** The snippets in snippets/policies.code-snippets, expanded with their defaults, lint clean. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'jsonc-parser';
import { jsonModel, lint } from '../support/service';

interface Snippet { prefix: string[]; body: string[]; description: string; scope?: string }
const snippets = parse(readFileSync(join(__dirname, '..', '..', 'snippets', 'policies.code-snippets'), 'utf8')) as Record<string, Snippet>;

/** What the editor inserts when every placeholder keeps its default (`${n}` and `$n` mirror tab stop n). */
export function expand(body: string[]): string {
  const text = body.join('\n');
  const defaults = new Map<string, string>();
  for (const m of text.matchAll(/\$\{(\d+):([^}]*)\}/g)) if (!defaults.has(m[1]!)) defaults.set(m[1]!, m[2]!);
  return text
    .replace(/\$\{(\d+):([^}]*)\}/g, (_m, _n: string, d: string) => d)
    .replace(/\$\{(\d+)\}|\$(\d+)/g, (_m, a?: string, b?: string) => defaults.get((a ?? b)!) ?? '');
}

const expectedKind: Record<string, string> = {
  'hlkms-key-policy': 'key-policy',
  'hlkms-creator-policy': 'identity-policy',
  'hlkms-fhir-read-only-policy': 'identity-policy',
  'hlkms-data-access-role-policy': 'identity-policy',
  'hlkms-data-access-role-trust-policy': 'resource-policy',
};
const statementSnippets = ['hlkms-healthlake-statement', 'hlkms-account-root-statement'];

test('the seven snippets are there, for JSON and JSONC', () => {
  const prefixes = Object.values(snippets).map((s) => s.prefix[0]);
  assert.deepEqual(prefixes.sort(), [...Object.keys(expectedKind), ...statementSnippets].sort());
  for (const s of Object.values(snippets)) assert.equal(s.scope, 'json,jsonc');
});

const problems = (text: string) => lint(text).filter((f) => f.severity === 'error' || f.severity === 'warning')
  .map((f) => `${f.ruleId}: ${f.message} at «${text.slice(f.offset, f.offset + f.length)}»`);

for (const [name, snippet] of Object.entries(snippets)) {
  const prefix = snippet.prefix[0]!;
  if (statementSnippets.includes(prefix)) continue;
  test(`snippet "${name}" expands to a ${expectedKind[prefix]} that lints clean`, async () => {
    const text = expand(snippet.body);
    const { service } = await import('../support/service');
    const s = service();
    assert.equal(jsonModel(s, text).kind, expectedKind[prefix]);
    assert.deepEqual(problems(text), []);
  });
}

test('the statement snippets, inserted into a key policy, lint clean', () => {
  const root = expand(Object.values(snippets).find((s) => s.prefix[0] === 'hlkms-account-root-statement')!.body);
  const hl = expand(Object.values(snippets).find((s) => s.prefix[0] === 'hlkms-healthlake-statement')!.body);
  assert.deepEqual(problems(`{"Version": "2012-10-17", "Statement": [${root}]}`), []);
  assert.deepEqual(problems(`{"Version": "2012-10-17", "Statement": [${root}, ${hl}]}`), []);
});

test('placeholders are numbered consistently: the account is $1 and the Region $2 everywhere', () => {
  for (const s of Object.values(snippets)) {
    const text = s.body.join('\n');
    for (const m of text.matchAll(/\$\{1:([^}]*)\}/g)) assert.equal(m[1], '111122223333');
    for (const m of text.matchAll(/\$\{2:([^}]*)\}/g)) assert.equal(m[1], 'us-east-1');
  }
});
