/** `hlkms diff OLD NEW` as CI runs it: the documented JSON, markdown for pull requests, exit codes. In-process. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { READER, healthLake, hlkms, policy, rootStatement } from './diffSupport';

const writer = healthLake('arn:aws:iam::111122223333:role/FhirWriter', undefined, { Sid: 'Writer' });
const old = policy(rootStatement, writer);
const widened = policy(rootStatement, writer, healthLake(READER, ['kms:DescribeKey', 'kms:Decrypt'], { Sid: 'Reader' }),
  { Sid: 'Oops', Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*' });

test('--format json: exactly the documented shape; a role gains HealthLake read and anyone gains Decrypt: exit 1', async () => {
  const r = await hlkms(['diff', '--format', 'json', 'old.json', 'new.json'], { 'old.json': old, 'new.json': widened });
  assert.equal(r.code, 1, r.stderr);
  const report = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(report), ['version', 'changes', 'healthlake', 'public', 'lockout']);
  assert.equal(report.version, 1);
  assert.deepEqual(report.changes, [{ principal: '*', action: 'kms:Decrypt', before: 'ImplicitDeny', after: 'Allow' }]);
  const reader = report.healthlake.filter((h: { principal: string }) => h.principal === READER);
  assert.deepEqual(reader, [
    { principal: READER, capability: 'create', before: 'iam', after: 'iam' },
    { principal: READER, capability: 'write', before: 'iam', after: 'iam' },
    { principal: READER, capability: 'read', before: 'iam', after: 'direct' },
  ]);
  const principals = new Set(report.healthlake.map((h: { principal: string }) => h.principal));
  for (const p of principals) assert.equal(report.healthlake.filter((h: { principal: string }) => h.principal === p).length, 3);
  assert.deepEqual(report.public, { before: false, after: true });
  assert.deepEqual(report.lockout, { before: false, after: false });
});

test('--format markdown: a pull-request comment that names the risk and each principal', async () => {
  const r = await hlkms(['diff', '--format', 'markdown', 'old.json', 'new.json'], { 'old.json': old, 'new.json': widened });
  assert.equal(r.code, 1);
  assert.match(r.stdout, /^## hlkms diff/m);
  assert.match(r.stdout, /\*\*⚠ Public: any AWS account can now use this key\.\*\*/);
  assert.match(r.stdout, /^\| anyone \(any AWS account\) \| cryptographic use: kms:Decrypt \| – \|$/m);
  assert.match(r.stdout, /^\| role\/FhirReader \(111122223333\) \| HealthLake read: iam → direct \| – \|$/m);
});

test('text: a meaning-preserving rewrite is no change and exits 0', async () => {
  const rewritten = JSON.stringify({ Statement: [{ ...writer, Sid: 'W', Action: [...writer.Action].reverse() }, rootStatement], Version: '2012-10-17' });
  const r = await hlkms(['diff', 'old.json', 'new.json'], { 'old.json': old, 'new.json': rewritten });
  assert.equal(r.code, 0, r.stdout);
  assert.equal(r.stdout, 'new.json: no change in access');
  const j = await hlkms(['diff', '--format', 'json', 'old.json', 'new.json'], { 'old.json': old, 'new.json': rewritten });
  assert.deepEqual(JSON.parse(j.stdout).changes, []);
});

test('usage errors and unreadable input exit 2 with a one-line reason', async () => {
  assert.equal((await hlkms(['diff', 'old.json'], { 'old.json': old })).code, 2);
  const missing = await hlkms(['diff', 'old.json', 'nope.json'], { 'old.json': old });
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /cannot read nope\.json: ENOENT/);
  const broken = await hlkms(['diff', 'old.json', 'new.json'], { 'old.json': old, 'new.json': old.slice(0, -20) });
  assert.equal(broken.code, 2);
  assert.match(broken.stderr, /new\.json is not valid JSON \(syntax error at line \d+, column \d+\)/);
  const notPolicy = await hlkms(['diff', 'a.json', 'b.json'], { 'a.json': '{"name": "x"}', 'b.json': '{"name": "y"}' });
  assert.equal(notPolicy.code, 2);
  assert.match(notPolicy.stderr, /neither a\.json nor b\.json is a KMS key policy/);
  assert.equal((await hlkms(['diff', '--format', 'html', 'a', 'b'])).code, 2);
});
