/** Rewrites that keep a key policy's meaning are no change: nothing listed, nothing in words, exit 0. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { ACCOUNT, ADMIN, READER, diff, exitCode, hasChanges, healthLake, policy, rootStatement } from './diffSupport';
import { assertProperty } from '../support/fuzz';

const admin = { Sid: 'Key administrators', Effect: 'Allow', Principal: { AWS: [ADMIN, `arn:aws:iam::${ACCOUNT}:user/ops`] }, Action: ['kms:Create*', 'kms:Describe*', 'kms:Enable*', 'kms:Put*', 'kms:ScheduleKeyDeletion'], Resource: '*' };
const deny = { Sid: 'No deletion outside the break-glass role', Effect: 'Deny', Principal: { AWS: '*' }, Action: 'kms:ScheduleKeyDeletion', Resource: '*', Condition: { StringNotEquals: { 'aws:PrincipalArn': ADMIN } } };
const original = policy(rootStatement, admin, healthLake(READER), deny);

function assertNoChange(before: string, after: string) {
  const d = diff(before, after);
  assert.deepEqual(d.changes, []);
  assert.deepEqual(d.conditions, []);
  assert.ok(d.healthlake.every((r) => r.before === r.after));
  assert.equal(hasChanges(d), false);
  assert.equal(exitCode(d), 0);
}

test('reordered statements', () => assertNoChange(original, policy(deny, healthLake(READER), admin, rootStatement)));

test('reordered list items (actions, principals, condition values)', () => {
  const reordered = { ...admin, Principal: { AWS: [...admin.Principal.AWS].reverse() }, Action: [...admin.Action].reverse() };
  const hl = healthLake(READER, ['kms:Decrypt', 'kms:GenerateDataKey', 'kms:CreateGrant', 'kms:DescribeKey'], {
    Condition: { StringEquals: { 'kms:CallerAccount': ACCOUNT, 'kms:ViaService': 'healthlake.us-east-1.amazonaws.com' } },
  });
  assertNoChange(original, policy(rootStatement, reordered, hl, deny));
});

test('reformatting, a single statement object for an array, a string for a one-item list', () => {
  assertNoChange(original, JSON.stringify(JSON.parse(original)));
  assertNoChange(policy(rootStatement), JSON.stringify({ Version: '2012-10-17', Statement: { ...rootStatement, Action: ['kms:*'], Resource: ['*'] } }, null, '\t'));
});

test('renamed Sids', () => assertNoChange(original, policy({ ...rootStatement, Sid: 'Root' }, { ...admin, Sid: 'Admins' }, healthLake(READER, undefined, { Sid: 'HL' }), { ...deny, Sid: undefined })));

test('a statement split in two with the same meaning', () => {
  const [a, b] = [admin.Action.slice(0, 2), admin.Action.slice(2)];
  assertNoChange(original, policy(rootStatement, { ...admin, Sid: 'Admins 1', Action: a }, { ...admin, Sid: 'Admins 2', Action: b }, healthLake(READER), deny));
  const byPrincipal = admin.Principal.AWS.map((p, i) => ({ ...admin, Sid: `Admin ${i}`, Principal: { AWS: p } }));
  assertNoChange(original, policy(rootStatement, ...byPrincipal, healthLake(READER), deny));
});

test('the clean fixtures are no change against themselves, reformatted', () => {
  const dir = join(__dirname, '..', 'fixtures', 'clean');
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.json'))) {
    const text = readFileSync(join(dir, f), 'utf8');
    assertNoChange(text, JSON.stringify(JSON.parse(text), null, 4));
  }
});

test('any shuffle of statements and of their action lists is no change', () => {
  const statements = [rootStatement, admin, healthLake(READER), deny];
  assertProperty('diff-shuffles', fc.property(fc.shuffledSubarray(statements, { minLength: 4, maxLength: 4 }), fc.integer(), (order, seed) => {
    const shuffled = order.map((s) => (Array.isArray(s.Action) ? { ...s, Action: [...s.Action].sort(() => ((seed = (seed * 16807) % 2147483647) % 3) - 1) } : s));
    assertNoChange(original, policy(...shuffled));
  }), 30);
});
