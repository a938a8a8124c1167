import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ACCOUNT, decide, ROLE, run } from './support';

const allowAll = { Effect: 'Allow', Principal: { AWS: ROLE }, Action: 'kms:*', Resource: '*' };

test('no statement applies: implicit deny', () => {
  assert.equal(decide([{ ...allowAll, Action: 'kms:Encrypt' }], {}), 'ImplicitDeny');
});

test('an Allow that matches allows, and says which statement decided', () => {
  const r = run([{ ...allowAll, Action: 'kms:Encrypt' }, allowAll], {});
  assert.equal(r.decision, 'Allow');
  assert.equal(r.allowedVia, 'direct');
  assert.deepEqual(r.decidingStatements, [1]);
});

test('an explicit Deny wins over any Allow', () => {
  const r = run([allowAll, { Effect: 'Deny', Principal: '*', Action: 'kms:Decrypt', Resource: '*' }], {});
  assert.equal(r.decision, 'ExplicitDeny');
  assert.deepEqual(r.decidingStatements, [1]);
});

test('actions: wildcards and case-insensitive names, NotAction', () => {
  assert.equal(decide([{ ...allowAll, Action: 'KMS:decrypt' }], {}), 'Allow');
  assert.equal(decide([{ ...allowAll, Action: 'kms:Gen*' }], { action: 'kms:GenerateDataKey' }), 'Allow');
  assert.equal(decide([{ ...allowAll, Action: 'kms:Re?ncrypt*' }], { action: 'kms:ReEncryptFrom' }), 'Allow');
  assert.equal(decide([{ ...allowAll, Action: 'kms:Gen*' }], { action: 'kms:Decrypt' }), 'ImplicitDeny');
  const notAction = { Effect: 'Allow', Principal: { AWS: ROLE }, NotAction: ['kms:Put*', 'kms:ScheduleKeyDeletion'], Resource: '*' };
  assert.equal(decide([notAction], { action: 'kms:Decrypt' }), 'Allow');
  assert.equal(decide([notAction], { action: 'kms:PutKeyPolicy' }), 'ImplicitDeny');
});

test('resources: wildcards are case-sensitive, NotResource excludes', () => {
  const key = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
  const on = (Resource: unknown) => [{ ...allowAll, Resource }];
  assert.equal(decide(on('arn:aws:kms:us-east-1:111122223333:key/*'), { resource: key }), 'Allow');
  assert.equal(decide(on('arn:aws:kms:us-east-1:111122223333:KEY/*'), { resource: key }), 'ImplicitDeny');
  assert.equal(decide(on('arn:aws:kms:*:111122223333:alias/*'), { resource: key }), 'ImplicitDeny');
  const not = [{ ...allowAll, Resource: undefined, NotResource: 'arn:aws:kms:*:*:key/9*' }];
  assert.equal(decide(not, { resource: key }), 'Allow');
  assert.equal(decide(not, { resource: key.replace('/1234', '/9234') }), 'ImplicitDeny');
});

test('principals: "*", {"AWS": "*"}, roles and their sessions, users, services', () => {
  const to = (Principal: unknown) => [{ ...allowAll, Principal }];
  assert.equal(decide(to('*'), {}), 'Allow');
  assert.equal(decide(to({ AWS: '*' }), {}), 'Allow');
  assert.equal(decide(to({ AWS: ROLE }), { principal: 'arn:aws:sts::111122223333:assumed-role/Analyst/alice' }), 'Allow');
  assert.equal(decide(to({ AWS: ROLE }), { principal: 'arn:aws:sts::111122223333:assumed-role/Other/alice' }), 'ImplicitDeny');
  assert.equal(decide(to({ AWS: ROLE }), { principal: 'arn:aws:iam::444455556666:role/Analyst' }), 'ImplicitDeny');
  assert.equal(decide(to({ AWS: 'arn:aws:iam::111122223333:user/bob' }), { principal: 'arn:aws:iam::111122223333:user/bob' }), 'Allow');
  assert.equal(decide(to({ AWS: 'arn:aws:iam::111122223333:user/bob' }), { principal: ROLE }), 'ImplicitDeny');
  assert.equal(decide(to({ Service: 'healthlake.amazonaws.com' }), { principal: 'healthlake.amazonaws.com' }), 'Allow');
  assert.equal(decide(to({ Service: 'healthlake.amazonaws.com' }), {}), 'ImplicitDeny');
});

test('an account principal is a delegation to the account\'s IAM policies, not a direct allow', () => {
  for (const AWS of [`arn:aws:iam::${ACCOUNT}:root`, ACCOUNT]) {
    const r = run([{ ...allowAll, Principal: { AWS } }], {});
    assert.equal(r.decision, 'Allow');
    assert.equal(r.allowedVia, 'account-delegation');
    assert.equal(run([{ ...allowAll, Principal: { AWS } }], { principal: `arn:aws:iam::${ACCOUNT}:root` }).allowedVia, 'direct');
    assert.equal(decide([{ ...allowAll, Principal: { AWS } }], { principal: 'arn:aws:iam::444455556666:role/Analyst' }), 'ImplicitDeny');
  }
  const both = run([{ ...allowAll, Principal: { AWS: ACCOUNT } }, allowAll], {});
  assert.equal(both.allowedVia, 'direct');
});

test('NotPrincipal with Deny: exempt only when the account and the role are listed', () => {
  const deny = (AWS: string[]) => [allowAll, { Effect: 'Deny', NotPrincipal: { AWS }, Action: 'kms:*', Resource: '*' }];
  assert.equal(decide(deny([ROLE, `arn:aws:iam::${ACCOUNT}:root`]), {}), 'Allow');
  assert.equal(decide(deny([ROLE]), {}), 'ExplicitDeny');
  assert.equal(decide(deny([`arn:aws:iam::${ACCOUNT}:root`]), {}), 'ExplicitDeny');
  assert.equal(decide(deny(['arn:aws:iam::111122223333:role/Admin', `arn:aws:iam::${ACCOUNT}:root`]), {}), 'ExplicitDeny');
});

test('statements with a misspelled Effect or no Action never apply', () => {
  assert.equal(decide([{ ...allowAll, Effect: 'allow' }], {}), 'ImplicitDeny');
  assert.equal(decide([{ ...allowAll, Action: undefined }], {}), 'ImplicitDeny');
});

test('implicit deny reports the conditions that failed, per statement', () => {
  const r = run([{ ...allowAll, Condition: { StringEquals: { 'kms:ViaService': 'healthlake.amazonaws.com', 'kms:CallerAccount': ACCOUNT } } }],
    { context: { 'kms:ViaService': 'healthlake.us-east-1.amazonaws.com', 'kms:CallerAccount': ACCOUNT } });
  assert.equal(r.decision, 'ImplicitDeny');
  assert.equal(r.failedConditions.length, 1);
  const [f] = r.failedConditions[0]!.failures;
  assert.equal(f?.key, 'kms:ViaService');
  assert.match(f!.reason, /"healthlake\.us-east-1\.amazonaws\.com", which does not match "healthlake\.amazonaws\.com"/);
  assert.ok(f?.keyNode, 'points at the key in the text');
});

test('policy variables: substituted in Resource and conditions in 2012-10-17, literal in 2008-10-17', () => {
  const st = { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/home/${aws:username}/*' };
  const req = { principal: 'arn:aws:iam::111122223333:user/bob', action: 's3:GetObject', context: { 'aws:username': 'bob' } };
  assert.equal(decide([st], { ...req, resource: 'arn:aws:s3:::bucket/home/bob/a.txt' }), 'Allow');
  assert.equal(decide([st], { ...req, resource: 'arn:aws:s3:::bucket/home/alice/a.txt' }), 'ImplicitDeny');
  assert.equal(decide([st], { ...req, context: {}, resource: 'arn:aws:s3:::bucket/home/bob/a.txt' }), 'ImplicitDeny');
  const old = JSON.stringify({ Version: '2008-10-17', Statement: [st] });
  assert.equal(decide(old, { ...req, resource: 'arn:aws:s3:::bucket/home/bob/a.txt' }), 'ImplicitDeny');
  assert.equal(decide(old, { ...req, resource: 'arn:aws:s3:::bucket/home/${aws:username}/a.txt' }), 'Allow');
  const account = [{ ...allowAll, Principal: '*', Condition: { StringEquals: { 'kms:CallerAccount': '${aws:PrincipalAccount}' } } }];
  assert.equal(decide(account, { context: { 'kms:CallerAccount': ACCOUNT, 'aws:PrincipalAccount': ACCOUNT } }), 'Allow');
  assert.equal(decide(account, { context: { 'kms:CallerAccount': '444455556666', 'aws:PrincipalAccount': ACCOUNT } }), 'ImplicitDeny');
  const dflt = [{ ...allowAll, Condition: { StringEquals: { 'aws:PrincipalTag/team': "${aws:RequestTag/team, 'none'}" } } }];
  assert.equal(decide(dflt, { context: { 'aws:PrincipalTag/team': 'none' } }), 'Allow');
  const star = [{ ...allowAll, Condition: { StringLike: { 'kms:EncryptionContext:path': 'a${*}b' } } }];
  assert.equal(decide(star, { context: { 'kms:EncryptionContext:path': 'a*b' } }), 'Allow');
  assert.equal(decide(star, { context: { 'kms:EncryptionContext:path': 'axxb' } }), 'ImplicitDeny');
});
