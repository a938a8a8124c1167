import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyFix, lint, spanOf } from '../../support/service';

const ROOT = { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' };
const ADMIN = { Sid: 'Key administrators', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/KeyAdmin' }, Action: ['kms:Put*', 'kms:Describe*'], Resource: '*' };
const USER = { Sid: 'Key users', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/App' }, Action: ['kms:Decrypt', 'kms:Encrypt'], Resource: '*' };
const policy = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
const only = (text: string, id: string) => lint(text, id);

test('lockout: nobody keeps kms:PutKeyPolicy -> a warning whose fix adds the account-root statement', () => {
  const text = policy(USER);
  const [f, ...rest] = only(text, 'lockout-put-key-policy');
  assert.equal(rest.length, 0);
  assert.equal(f?.severity, 'warning');
  assert.equal(spanOf(text, f!), '"Statement"');
  assert.match(f!.message, /nobody can change it/);
  const fixed = applyFix(text, f!);
  assert.match(fixed, /"Sid": "Enable IAM User Permissions"[\s\S]*"arn:aws:iam::111122223333:root"[\s\S]*"kms:\*"/);
  assert.deepEqual(only(fixed, 'lockout-put-key-policy'), []);
  assert.deepEqual(only(fixed, 'account-root-missing'), []);
});

test('lockout: a named administrator or the account root keeps control', () => {
  assert.deepEqual(only(policy(ROOT), 'lockout-put-key-policy'), []);
  assert.deepEqual(only(policy(ADMIN, USER), 'lockout-put-key-policy'), []);
  assert.deepEqual(only(policy({ ...ROOT, Principal: { AWS: '111122223333' } }), 'lockout-put-key-policy'), []);
});

test('lockout: a Deny that takes PutKeyPolicy from everyone is pointed at, and adding root would not help', () => {
  const deny = { Sid: 'Freeze', Effect: 'Deny', Principal: '*', Action: 'kms:PutKeyPolicy', Resource: '*' };
  const text = policy(ROOT, ADMIN, deny);
  const [f] = only(text, 'lockout-put-key-policy');
  assert.ok(f);
  assert.equal(spanOf(text, f), '"Deny"');
  assert.equal(f.data?.fixes, undefined);
  const exceptAdmin = { ...deny, Condition: { ArnNotEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/KeyAdmin' } } };
  assert.deepEqual(only(policy(ROOT, ADMIN, exceptAdmin), 'lockout-put-key-policy'), []);
});

test('lockout: a single statement object (not an array) is fixed too', () => {
  const text = JSON.stringify({ Version: '2012-10-17', Statement: USER }, null, 2);
  const [f] = only(text, 'lockout-put-key-policy');
  const fixed = applyFix(text, f!);
  assert.equal(JSON.parse(fixed).Statement.length, 2);
  assert.deepEqual(only(fixed, 'lockout-put-key-policy'), []);
});

test('account-root missing: info when IAM policies cannot grant use of the key', () => {
  const text = policy(ADMIN, USER);
  const [f, ...rest] = only(text, 'account-root-missing');
  assert.equal(rest.length, 0);
  assert.equal(f?.severity, 'info');
  assert.match(f!.message, /IAM policies that allow kms:Decrypt.*no effect/);
  assert.deepEqual(only(applyFix(text, f!), 'account-root-missing'), []);
  assert.deepEqual(only(policy(ROOT, USER), 'account-root-missing'), []);
  const viaOnly = { ...ROOT, Action: ['kms:Decrypt'], Condition: { StringEquals: { 'kms:ViaService': 'healthlake.us-east-1.amazonaws.com' } } };
  assert.deepEqual(only(policy(ADMIN, viaOnly), 'account-root-missing'), [], 'a conditional delegation is a delegation');
});

test('public principal: "*" and {"AWS": "*"} without scoping conditions -> warning with a kms:CallerAccount fix', () => {
  for (const Principal of ['*', { AWS: '*' }]) {
    const text = policy(ROOT, { Effect: 'Allow', Principal, Action: ['kms:Decrypt', 'kms:DescribeKey'], Resource: '*' });
    const [f, ...rest] = only(text, 'public-principal');
    assert.equal(rest.length, 0);
    assert.equal(f?.severity, 'warning');
    assert.equal(spanOf(text, f!), '"*"');
    assert.match(f!.message, /Any AWS account can use this statement.*`kms:Decrypt`/);
    const fixed = applyFix(text, f!);
    assert.match(fixed, /"StringEquals": \{\s*"kms:CallerAccount": "111122223333"/);
    assert.deepEqual(only(fixed, 'public-principal'), []);
  }
});

test('public principal: scoped statements are clean, whichever documented key scopes them', () => {
  const scopes: object[] = [
    { StringEquals: { 'kms:CallerAccount': '111122223333' } },
    { StringEquals: { 'kms:ViaService': 'healthlake.us-east-1.amazonaws.com' } },
    { StringLike: { 'kms:ViaService': 'healthlake.*.amazonaws.com' } },
    { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
    { StringEquals: { 'aws:PrincipalAccount': '111122223333' } },
    { StringEquals: { 'aws:SourceAccount': '111122223333' } },
    { ArnLike: { 'aws:SourceArn': 'arn:aws:healthlake:us-east-1:111122223333:datastore/fhir/*' } },
    { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/*' } },
    { StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } },
  ];
  for (const Condition of scopes) {
    const text = policy(ROOT, { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*', Condition });
    assert.deepEqual(only(text, 'public-principal'), [], JSON.stringify(Condition));
  }
  const notScoping = [{ Bool: { 'aws:SecureTransport': 'true' } }, { StringNotEquals: { 'kms:CallerAccount': '444455556666' } }];
  for (const Condition of notScoping) {
    const text = policy(ROOT, { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*', Condition });
    assert.equal(only(text, 'public-principal').length, 1, JSON.stringify(Condition));
  }
  assert.deepEqual(only(policy(ROOT, { Effect: 'Deny', Principal: '*', Action: 'kms:*', Resource: '*' }), 'public-principal'), []);
});

test('AWS\'s documented clean policies stay clean under the key safety and HealthLake rules', () => {
  const dir = join(__dirname, '../../fixtures/clean');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const mine = lint(readFileSync(join(dir, file), 'utf8')).filter((f) => /^(healthlake-|lockout-|account-root-|public-|identity-|alias-|passrole-)/.test(f.ruleId));
    assert.deepEqual(mine, [], file);
  }
});
