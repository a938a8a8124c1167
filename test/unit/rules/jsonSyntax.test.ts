import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, lint, spanOf } from '../../support/service';

const policy = (body: string) => `{\n  "Version": "2012-10-17",\n  "Statement": [${body}]\n}`;
const stmt = '{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"}';

test('valid JSON has no syntax findings', () => {
  assert.deepEqual(lint(policy(stmt), 'json-syntax'), []);
});

test('a missing comma is reported where it is missing', () => {
  const text = policy(stmt).replace('"Effect": "Allow",', '"Effect": "Allow"');
  const [f, ...rest] = lint(text, 'json-syntax');
  assert.ok(f);
  assert.equal(rest.length, 0);
  assert.match(f.message, /comma is expected/);
  assert.equal(spanOf(text, f), '"Principal"');
});

test('comments are errors with a fix that removes them', () => {
  const text = policy(`\n    // the admins\n    ${stmt}`);
  const [f] = lint(text, 'json-syntax');
  assert.ok(f);
  assert.equal(spanOf(text, f), '// the admins');
  assert.deepEqual(lint(applyFix(text, f), 'json-syntax'), []);
});

test('trailing commas are errors with a fix', () => {
  const text = policy(`${stmt},`);
  const [f] = lint(text, 'json-syntax');
  assert.ok(f);
  assert.equal(spanOf(text, f), ',');
  assert.deepEqual(lint(applyFix(text, f), 'json-syntax'), []);
});

test('a JSON file that is not a policy is silent, even when broken', () => {
  assert.deepEqual(lint('{"name": "x", "version": "1.0.0",}'), []);
  assert.deepEqual(lint('{"resourceType": "Patient", "id": "p1"}'), []);
});

test('deep nesting is one clear finding, not a crash', () => {
  const text = `{"Statement": ${'['.repeat(100000)}${']'.repeat(100000)}}`;
  const findings = lint(text);
  assert.equal(findings.length, 1);
  assert.equal(findings[0]!.ruleId, 'document-limits');
  assert.match(findings[0]!.message, /nested more than 64 levels/);
});

test('a huge document is one clear finding', () => {
  const text = `{"Version": "2012-10-17", "Statement": [${Array(30000).fill(stmt).join(',')}]}`;
  const findings = lint(text);
  assert.equal(findings.length, 1);
  assert.match(findings[0]!.message, /characters long/);
});

test('an empty document and an unclosed comment at the end get ranges inside the text', () => {
  const empty = lint('', 'json-syntax', { kind: 'key-policy' });
  assert.ok(empty.length > 0);
  for (const f of empty) assert.equal(f.offset + f.length <= 0, true);
  const text = `${policy(stmt)}\n/*`;
  const comment = lint(text, 'json-syntax').find((f) => f.message.startsWith('Comments'));
  assert.ok(comment);
  assert.equal(spanOf(text, comment), '/*');
});

test('text that does not look like a policy: silent in the editor, a syntax error for a file named on the command line', async () => {
  const { main } = await import('../../../server/src/cli');
  const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const broken = '{ "name": "not a policy"';
  assert.deepEqual(lint(broken), [], 'the editor stays silent on JSON that is no policy');
  assert.equal(lint(broken, undefined, { syntaxOfAnyJson: true }).filter((f) => f.ruleId === 'json-syntax').length, 1);
  const cwd = mkdtempSync(join(tmpdir(), 'hlkms-syntax-'));
  try {
    writeFileSync(join(cwd, 'config.json'), broken);
    writeFileSync(join(cwd, 'ok.json'), '{ "name": "not a policy" }');
    const out: string[] = [];
    const io = { out: (s: string) => out.push(s), err: () => undefined, cwd };
    assert.equal(await main(['lint', 'config.json'], io), 1);
    assert.match(out.join('\n'), /^config\.json:1:\d+ error .*not valid JSON.* \[json-syntax\]$/m);
    out.length = 0;
    assert.equal(await main(['lint', '.'], io), 0, 'found by searching a folder: not named, so no policy and no finding');
    assert.equal(await main(['lint', 'ok.json'], io), 0, 'valid JSON that is no policy stays silent');
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
});
