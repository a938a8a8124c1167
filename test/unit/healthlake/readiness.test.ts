import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, lint, spanOf } from '../../support/service';
import { ACCOUNT, FOUR, findings, healthLakeStatement, ids, keyPolicy, ROLE, ROOT_STATEMENT } from './support';

test('a sound HealthLake key policy has no findings', () => {
  assert.deepEqual(findings(keyPolicy(ROOT_STATEMENT, healthLakeStatement())), []);
  const multiRegion = healthLakeStatement({ Condition: { StringLike: { 'kms:ViaService': 'healthlake.*.amazonaws.com' }, StringEquals: { 'kms:CallerAccount': ACCOUNT } } });
  assert.deepEqual(findings(keyPolicy(ROOT_STATEMENT, multiRegion)), []);
});

test('a policy that never mentions HealthLake is not checked for it, unless the setting says so', () => {
  const plain = keyPolicy(ROOT_STATEMENT, { Effect: 'Allow', Principal: { AWS: ROLE }, Action: ['kms:Encrypt'], Resource: '*' });
  assert.deepEqual(findings(plain), []);
  const text = keyPolicy(ROOT_STATEMENT, { Effect: 'Allow', Principal: { AWS: ROLE }, Action: ['kms:DescribeKey', 'kms:Decrypt'], Resource: '*' });
  assert.deepEqual(findings(text), []);
  const [f, ...rest] = findings(text, { healthLake: true });
  assert.equal(rest.length, 0);
  assert.equal(f?.ruleId, 'healthlake-missing-action');
  assert.equal(f?.severity, 'warning', 'the account principal still lets IAM decide');
});

test('a missing action: an error naming what fails, fixed by adding it', () => {
  const text = keyPolicy(healthLakeStatement({ Action: ['kms:DescribeKey', 'kms:CreateGrant', 'kms:GenerateDataKey'] }));
  const f = findings(text).find((x) => x.ruleId === 'healthlake-missing-action');
  assert.ok(f);
  assert.equal(f.severity, 'error');
  assert.match(f.message, /does not allow `kms:Decrypt`.*HealthLake cannot read for role\/HealthLakeAdmin/);
  assert.match(spanOf(text, f), /^\[\s+"kms:DescribeKey"/);
  const fixed = applyFix(text, f);
  assert.match(fixed, /"kms:GenerateDataKey",\s+"kms:Decrypt"/);
  assert.deepEqual(findings(fixed).filter((x) => x.ruleId.startsWith('healthlake-')), []);
});

test('a misspelled HealthLake action is one finding: the typo, whose fix also makes the key work', () => {
  const text = keyPolicy(ROOT_STATEMENT, healthLakeStatement({ Action: ['kms:DescribeKey', 'kms:CreateGrant', 'kms:GenerateDataKeys', 'kms:Decrypt'] }));
  const found = lint(text).filter((f) => f.severity !== 'hint');
  assert.deepEqual(ids(found), ['unknown-action']);
  assert.match(found[0]!.message, /Did you mean `kms:GenerateDataKey`\?/);
  assert.deepEqual(lint(applyFix(text, found[0]!)).filter((f) => f.severity !== 'hint'), []);
  // A typo of one action does not hide another action that is missing outright.
  const both = keyPolicy(ROOT_STATEMENT, healthLakeStatement({ Action: ['kms:DescribeKey', 'kms:CreateGrant', 'kms:GenerateDataKeys'] }));
  const missing = findings(both).find((x) => x.ruleId === 'healthlake-missing-action');
  assert.match(missing?.message ?? '', /does not allow `kms:Decrypt`,/);
});

test('a missing action covered by another statement is not reported', () => {
  const text = keyPolicy(ROOT_STATEMENT, healthLakeStatement({ Action: ['kms:DescribeKey', 'kms:CreateGrant', 'kms:GenerateDataKey'] }),
    healthLakeStatement({ Sid: 'HealthLake reads', Action: 'kms:Decrypt' }));
  assert.deepEqual(findings(text), []);
});

test('kms:ViaService not region-qualified: two fixes, Region from the policy\'s ARNs', () => {
  const st = healthLakeStatement({ Condition: { StringEquals: { 'kms:ViaService': 'healthlake.amazonaws.com', 'kms:CallerAccount': ACCOUNT } } });
  const other = { Sid: 'Audit', Effect: 'Allow', Principal: { AWS: ROLE }, Action: 'kms:DescribeKey', Resource: '*', Condition: { ArnLike: { 'aws:SourceArn': `arn:aws:healthlake:eu-west-2:${ACCOUNT}:datastore/fhir/*` } } };
  const text = keyPolicy(st, other);
  const f = findings(text).find((x) => x.ruleId === 'healthlake-via-service');
  assert.ok(f);
  assert.equal(spanOf(text, f), '"healthlake.amazonaws.com"');
  assert.match(f.message, /not region-qualified.*never matches.*HealthLake cannot create data stores, write or read/);
  assert.doesNotMatch(f.message, /assumed/);
  const regional = applyFix(text, f);
  assert.match(regional, /"kms:ViaService": "healthlake\.eu-west-2\.amazonaws\.com"/);
  assert.deepEqual(findings(regional).filter((x) => x.ruleId.startsWith('healthlake-')), []);
  const like = applyFix(text, f, 'StringLike');
  assert.match(like, /"StringLike": \{\s*"kms:ViaService": "healthlake\.\*\.amazonaws\.com"/);
  assert.match(like, /"StringEquals": \{\s*"kms:CallerAccount": "111122223333"/);
  assert.deepEqual(findings(like).filter((x) => x.ruleId.startsWith('healthlake-')), []);
});

test('kms:ViaService: the only key of its operator becomes StringLike in place', () => {
  const text = keyPolicy(ROOT_STATEMENT, healthLakeStatement({ Condition: { StringEquals: { 'kms:ViaService': 'healthlake.amazonaws.com' } } }));
  const f = findings(text).find((x) => x.ruleId === 'healthlake-via-service');
  assert.ok(f);
  assert.equal(f.severity, 'warning', 'still possible through IAM, so a warning');
  const like = applyFix(text, f, 'StringLike');
  assert.match(like, /"StringLike": \{\s*"kms:ViaService": "healthlake\.\*\.amazonaws\.com"\s*\}/);
  assert.deepEqual(findings(like), []);
});

test('kms:ViaService: no Region anywhere: the setting, else us-east-1 and the message says so', () => {
  const text = keyPolicy(healthLakeStatement({ Condition: { StringEquals: { 'kms:ViaService': 'healthlake.amazonaws.com' } } }));
  const f = findings(text).find((x) => x.ruleId === 'healthlake-via-service')!;
  assert.match(f.message, /names no Region, so us-east-1 is assumed/);
  assert.match(applyFix(text, f), /healthlake\.us-east-1\.amazonaws\.com/);
  const g = findings(text, { defaultRegion: 'ap-southeast-2' }).find((x) => x.ruleId === 'healthlake-via-service')!;
  assert.match(g.message, /ap-southeast-2 is the configured default Region/);
  assert.match(applyFix(text, g), /healthlake\.ap-southeast-2\.amazonaws\.com/);
});

test('kms:ViaService with an unknown Region', () => {
  const text = keyPolicy(ROOT_STATEMENT, healthLakeStatement({ Condition: { StringEquals: { 'kms:ViaService': 'healthlake.us-middle-1.amazonaws.com' } } }));
  const f = findings(text).find((x) => x.ruleId === 'healthlake-via-service');
  assert.ok(f);
  assert.match(f.message, /`us-middle-1` .* is not an AWS Region/);
  assert.deepEqual(findings(applyFix(text, f)), []);
});

test('kms:CallerAccount that is not the principal\'s account', () => {
  const text = keyPolicy(ROOT_STATEMENT, healthLakeStatement({ Condition: { StringEquals: { 'kms:ViaService': 'healthlake.us-east-2.amazonaws.com', 'kms:CallerAccount': '444455556666' } } }));
  const [f, ...rest] = findings(text);
  assert.equal(rest.length, 0);
  assert.equal(f?.ruleId, 'healthlake-caller-account');
  assert.equal(spanOf(text, f!), '"444455556666"');
  assert.match(f!.message, /account of the calling principal \(111122223333\)/);
  assert.deepEqual(findings(applyFix(text, f!)), []);
});

test('kms:GrantOperations that leaves one out: widen to the nine, or remove', () => {
  const grant = healthLakeStatement({
    Action: 'kms:CreateGrant',
    Condition: {
      StringEquals: { 'kms:ViaService': 'healthlake.us-east-2.amazonaws.com' },
      'ForAllValues:StringEquals': { 'kms:GrantOperations': ['Decrypt', 'Encrypt', 'GenerateDataKey', 'DescribeKey'] },
    },
  });
  const text = keyPolicy(ROOT_STATEMENT, healthLakeStatement({ Action: ['kms:DescribeKey', 'kms:GenerateDataKey', 'kms:Decrypt'] }), grant);
  const [f, ...rest] = findings(text);
  assert.equal(rest.length, 0, JSON.stringify(rest));
  assert.equal(f?.ruleId, 'healthlake-grant-conditions');
  assert.match(f!.message, /nine operations.*create data stores/);
  const widened = applyFix(text, f!);
  assert.match(widened, /"RetireGrant"/);
  assert.deepEqual(findings(widened), []);
  const removed = applyFix(text, f!, 'Remove');
  assert.doesNotMatch(removed, /GrantOperations/);
  assert.deepEqual(findings(removed), []);
  const ok = grant.Condition as Record<string, unknown>;
  ok['ForAllValues:StringEquals'] = { 'kms:GrantOperations': ['CreateGrant', 'Decrypt', 'DescribeKey', 'Encrypt', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'ReEncryptFrom', 'ReEncryptTo', 'RetireGrant'] };
  ok.Bool = { 'kms:GrantIsForAWSResource': 'true' };
  assert.deepEqual(findings(keyPolicy(ROOT_STATEMENT, healthLakeStatement({ Action: ['kms:DescribeKey', 'kms:GenerateDataKey', 'kms:Decrypt'] }), grant)), []);
});

test('kms:GrantConstraintType and kms:EncryptionContext requirements: removed by the fix', () => {
  const constrained = healthLakeStatement({ Condition: { StringEquals: { 'kms:ViaService': 'healthlake.us-east-2.amazonaws.com', 'kms:GrantConstraintType': 'EncryptionContextSubset' } } });
  let text = keyPolicy(ROOT_STATEMENT, constrained);
  let [f, ...rest] = findings(text);
  assert.equal(rest.length, 0);
  assert.equal(f?.ruleId, 'healthlake-grant-conditions');
  assert.match(f!.message, /without constraints/);
  assert.deepEqual(findings(applyFix(text, f!)), []);

  const context = healthLakeStatement({ Condition: { StringEquals: { 'kms:ViaService': 'healthlake.us-east-2.amazonaws.com', 'kms:EncryptionContext:app': 'fhir' } } });
  text = keyPolicy(ROOT_STATEMENT, context);
  [f, ...rest] = findings(text);
  assert.equal(rest.length, 0);
  assert.equal(f?.ruleId, 'healthlake-grant-conditions');
  assert.match(f!.message, /no encryption context/);
  const fixed = applyFix(text, f!);
  assert.doesNotMatch(fixed, /EncryptionContext/);
  assert.deepEqual(findings(fixed), []);
  // a whole Condition block of one such key goes away with it
  text = keyPolicy(ROOT_STATEMENT, healthLakeStatement({ Condition: { 'StringEquals': { 'kms:EncryptionContext:app': 'fhir' } }, Sid: 'HealthLake' }));
  [f] = findings(text);
  assert.doesNotMatch(applyFix(text, f!), /Condition/);
});

test('a Deny that matches HealthLake\'s calls is reported on the Deny', () => {
  const deny = { Sid: 'No grants', Effect: 'Deny', Principal: '*', Action: 'kms:CreateGrant', Resource: '*' };
  const text = keyPolicy(ROOT_STATEMENT, healthLakeStatement(), deny);
  const [f, ...rest] = findings(text);
  assert.equal(rest.length, 0);
  assert.equal(f?.ruleId, 'healthlake-access');
  assert.equal(spanOf(text, f!), '"Deny"');
  assert.match(f!.message, /`kms:CreateGrant`.*explicit Deny.*HealthLake cannot create data stores for/);
  const scoped = { ...deny, Condition: { StringNotLike: { 'kms:ViaService': 'healthlake.*.amazonaws.com' } } };
  assert.deepEqual(findings(keyPolicy(ROOT_STATEMENT, healthLakeStatement(), scoped)), []);
});

test('other conditions HealthLake\'s calls do not meet are reported on the condition', () => {
  const text = keyPolicy(ROOT_STATEMENT, healthLakeStatement({ Condition: { StringEquals: { 'kms:ViaService': 'healthlake.us-east-2.amazonaws.com' }, IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } }));
  const [f, ...rest] = findings(text);
  assert.equal(rest.length, 0);
  assert.equal(f?.ruleId, 'healthlake-access');
  assert.equal(spanOf(text, f!), '"aws:SourceIp"');
  assert.match(f!.message, /not in the request/);
});

test('a Sid or a service principal is enough to mark a policy as meant for HealthLake', () => {
  const sid = keyPolicy(ROOT_STATEMENT, { Sid: 'HealthLake data store key use', Effect: 'Allow', Principal: { AWS: ROLE }, Action: ['kms:DescribeKey'], Resource: '*' });
  assert.deepEqual(ids(findings(sid)), ['healthlake-missing-action']);
  assert.equal(findings(sid)[0]!.severity, 'warning');
  assert.ok(FOUR.slice(1).every((a) => findings(sid)[0]!.message.includes(a)));
});

test('on a HealthLake key, a statement that only administers the key or manages grants is not taken as one for HealthLake', () => {
  const admins = { Sid: 'Allow access for Key Administrators', Effect: 'Allow', Principal: { AWS: ROLE }, Action: ['kms:Create*', 'kms:Describe*', 'kms:Put*', 'kms:Get*'], Resource: '*' };
  const grants = { Sid: 'Allow attachment of persistent resources', Effect: 'Allow', Principal: { AWS: ROLE }, Action: ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'], Resource: '*', Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } } };
  for (const st of [admins, grants]) assert.deepEqual(findings(keyPolicy(ROOT_STATEMENT, st), { healthLake: true }), [], st.Sid);
  // A statement that uses the key material is, as before.
  const use = { ...admins, Sid: 'Use', Action: ['kms:DescribeKey', 'kms:Encrypt'] };
  assert.deepEqual(ids(findings(keyPolicy(ROOT_STATEMENT, use), { healthLake: true })), ['healthlake-missing-action']);
});
