import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyFix, lint, spanOf } from '../../support/service';
import { buildModel } from '../../../server/src/service/model';
import { statementVerdict } from '../../../server/src/service/healthlake/verdict';
import { mergeSettings } from '../../../server/src/service/types';

const guide = readFileSync(join(__dirname, '../../fixtures/healthlake/guide-example.json'), 'utf8');

test('the HealthLake guide\'s example key policy: principal, ViaService and lockout findings, each with a fix', () => {
  const findings = lint(guide);
  const via = findings.find((f) => f.ruleId === 'healthlake-via-service');
  assert.ok(via);
  assert.equal(spanOf(guide, via), '"healthlake.amazonaws.com"');
  assert.equal(via.severity, 'error');
  const lockout = findings.find((f) => f.ruleId === 'lockout-put-key-policy');
  assert.ok(lockout);
  assert.equal(lockout.severity, 'warning');
  const principal = findings.find((f) => f.ruleId === 'principal-format');
  if (principal) assert.equal(spanOf(guide, principal), '"arn:aws:iam::111122223333:HealthLakeFullAccessRole"');
  for (const f of [via, lockout, principal].filter((x) => x !== undefined)) assert.ok(f.data?.fixes?.some((x) => x.preferred), f.ruleId);
});

test('after applying every fix the guide\'s policy lints clean and HealthLake can create, write and read', () => {
  let text = guide;
  const applied: string[] = [];
  for (let round = 0; round < 10; round++) {
    const next = lint(text).find((f) => f.severity !== 'info' && f.severity !== 'hint' && f.data?.fixes?.length);
    if (!next) break;
    applied.push(next.ruleId);
    text = applyFix(text, next);
  }
  assert.ok(applied.includes('healthlake-via-service') && applied.includes('lockout-put-key-policy'), applied.join());
  assert.deepEqual(lint(text).filter((f) => f.severity === 'error' || f.severity === 'warning'), []);
  assert.match(text, /"arn:aws:iam::111122223333:role\/HealthLakeFullAccessRole"/);
  assert.match(text, /"healthlake\.us-east-1\.amazonaws\.com"/);
  const verdict = statementVerdict(buildModel(text), 0, { settings: mergeSettings() });
  assert.ok(verdict);
  assert.deepEqual(verdict.principals.map(({ principal, create, write, read }) => ({ principal, create, write, read })),
    [{ principal: 'role/HealthLakeFullAccessRole', create: 'direct', write: 'direct', read: 'direct' }]);
  assert.match(verdict.markdown, /\| role\/HealthLakeFullAccessRole \| direct \| direct \| direct \|/);
  assert.match(verdict.markdown, /`direct`: the key policy allows it; `iam`: only through the account principal/);
});

test('the verdict before the fixes says why each operation fails', () => {
  const verdict = statementVerdict(buildModel(guide), 0, { settings: mergeSettings() });
  assert.ok(verdict);
  const [p] = verdict.principals;
  assert.deepEqual({ create: p!.create, write: p!.write, read: p!.read }, { create: 'no', write: 'no', read: 'no' });
  assert.ok(p!.reasons.some((r) => /kms:ViaService.*healthlake\.us-east-1\.amazonaws\.com.*does not match/.test(r)), p!.reasons.join('\n'));
  assert.ok(p!.reasons.some((r) => /does not allow `kms:Decrypt`/.test(r)));
  assert.ok(p!.reasons.some((r) => /malformed/.test(r)));
  assert.match(verdict.markdown, /\| no \| no \| no \|/);
});

test('the verdict distinguishes access that depends on the caller\'s IAM policy', () => {
  const text = JSON.stringify({ Version: '2012-10-17', Statement: [
    { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' },
    { Sid: 'HealthLake', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/Writer' }, Action: ['kms:DescribeKey', 'kms:GenerateDataKey'], Resource: '*',
      Condition: { StringEquals: { 'kms:ViaService': 'healthlake.eu-west-1.amazonaws.com' } } },
  ] });
  const verdict = statementVerdict(buildModel(text), 1, { settings: mergeSettings() });
  const [p] = verdict!.principals;
  // GenerateDataKey and DescribeKey are the statement's; CreateGrant and Decrypt come through the account principal.
  assert.deepEqual({ create: p!.create, write: p!.write, read: p!.read }, { create: 'iam', write: 'direct', read: 'iam' });
  assert.match(verdict!.markdown, /\| role\/Writer \| iam \| direct \| iam \|/);
  assert.ok(p!.reasons.some((r) => /`kms:CreateGrant`, `kms:Decrypt` are allowed only through the account principal/.test(r)), p!.reasons.join('\n'));
  assert.match(verdict!.markdown, /healthlake\.eu-west-1\.amazonaws\.com/);
  assert.equal(statementVerdict(buildModel(text.replace(/HealthLake|healthlake\.eu-west-1/g, 'x')), 1, { settings: mergeSettings() }), undefined);
  assert.equal(statementVerdict(buildModel(text), 7, { settings: mergeSettings() }), undefined);
});
