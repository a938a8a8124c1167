import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, lint, spanOf } from '../../support/service';

const policy = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
const DATASTORE = 'arn:aws:healthlake:eu-west-1:111122223333:datastore/fhir/0123456789abcdef0123456789abcdef';
const KEY = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const kmsFor = (Action: string[], extra: object = {}) => ({ Effect: 'Allow', Action, Resource: KEY, Condition: { StringEquals: { 'kms:ViaService': 'healthlake.eu-west-1.amazonaws.com' } }, ...extra });

test('CreateFHIRDatastore without the KMS calls: info, fixed by a ViaService-scoped statement on the key', () => {
  const text = policy({ Effect: 'Allow', Action: ['healthlake:CreateFHIRDatastore', 'healthlake:DescribeFHIRDatastore'], Resource: '*' });
  const [f, ...rest] = lint(text, 'identity-healthlake-kms');
  assert.equal(rest.length, 0);
  assert.equal(f?.severity, 'info');
  assert.match(f!.message, /`healthlake:CreateFHIRDatastore`.*`kms:DescribeKey`, `kms:CreateGrant`, `kms:GenerateDataKey` and `kms:Decrypt`/);
  const fixed = applyFix(text, f!);
  const added = JSON.parse(fixed).Statement[1];
  assert.deepEqual(added.Action, ['kms:DescribeKey', 'kms:CreateGrant', 'kms:GenerateDataKey', 'kms:Decrypt']);
  assert.match(added.Resource, /^arn:aws:kms:us-east-1:ACCOUNT-ID:key\/KEY-ID$/);
  assert.deepEqual(added.Condition, { StringEquals: { 'kms:ViaService': 'healthlake.us-east-1.amazonaws.com' } });
  assert.deepEqual(lint(fixed, 'identity-healthlake-kms'), []);
});

test('data-plane reads need kms:Decrypt, writes kms:GenerateDataKey; Region and account from the data store ARN', () => {
  const reads = policy({ Effect: 'Allow', Action: ['healthlake:ReadResource', 'healthlake:SearchWithGet'], Resource: DATASTORE }, kmsFor(['kms:DescribeKey']));
  const [f] = lint(reads, 'identity-healthlake-kms');
  assert.ok(f);
  assert.match(f.message, /but not `kms:Decrypt`/);
  const fixed = applyFix(reads, f);
  assert.equal(JSON.parse(fixed).Statement[2].Resource, 'arn:aws:kms:eu-west-1:111122223333:key/KEY-ID');
  assert.deepEqual(lint(fixed, 'identity-healthlake-kms'), []);
  const writes = policy({ Effect: 'Allow', Action: 'healthlake:CreateResource', Resource: DATASTORE }, kmsFor(['kms:DescribeKey', 'kms:Decrypt']));
  assert.match(lint(writes, 'identity-healthlake-kms')[0]!.message, /but not `kms:GenerateDataKey`/);
  assert.deepEqual(lint(policy({ Effect: 'Allow', Action: 'healthlake:CreateResource', Resource: DATASTORE }, kmsFor(['kms:DescribeKey', 'kms:GenerateDataKey'])), 'identity-healthlake-kms'), []);
});

test('KMS allowed, wildcards, or only control-plane HealthLake actions: nothing to report', () => {
  assert.deepEqual(lint(policy({ Effect: 'Allow', Action: ['healthlake:*', 'kms:*'], Resource: '*' }), 'identity-healthlake-kms'), []);
  assert.deepEqual(lint(policy({ Effect: 'Allow', Action: ['healthlake:ListFHIRDatastores', 'healthlake:DescribeFHIRDatastore'], Resource: '*' }), 'identity-healthlake-kms'), []);
  assert.deepEqual(lint(policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }), 'identity-healthlake-kms'), []);
  const viaS3 = policy({ Effect: 'Allow', Action: 'healthlake:ReadResource', Resource: DATASTORE },
    kmsFor(['kms:DescribeKey', 'kms:Decrypt'], { Condition: { StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } } }));
  assert.equal(lint(viaS3, 'identity-healthlake-kms').length, 1, 'KMS through another service does not count');
});

test('an alias ARN in Resource for key actions: warning, fixed with the key ARN or kms:ResourceAliases', () => {
  const alias = 'arn:aws:kms:eu-west-1:111122223333:alias/healthlake-key';
  const text = policy({ Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: alias });
  const [f, ...rest] = lint(text, 'alias-resource');
  assert.equal(rest.length, 0);
  assert.equal(f?.severity, 'warning');
  assert.equal(spanOf(text, f!), JSON.stringify(alias));
  assert.match(f!.message, /alias ARN.*never matches/);
  const keyArn = applyFix(text, f!);
  assert.match(keyArn, /"Resource": "arn:aws:kms:eu-west-1:111122223333:key\/KEY-ID"/);
  assert.deepEqual(lint(keyArn, 'alias-resource'), []);
  const aliases = applyFix(text, f!, 'ResourceAliases');
  assert.deepEqual(JSON.parse(aliases).Statement[0].Condition, { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': 'alias/healthlake-key' } });
  assert.equal(JSON.parse(aliases).Statement[0].Resource, 'arn:aws:kms:eu-west-1:111122223333:key/*');
  assert.deepEqual(lint(aliases, 'alias-resource'), []);
});

test('alias ARNs are right for alias actions', () => {
  const text = policy({ Effect: 'Allow', Action: ['kms:CreateAlias', 'kms:DeleteAlias'], Resource: 'arn:aws:kms:eu-west-1:111122223333:alias/healthlake-key' });
  assert.deepEqual(lint(text, 'alias-resource'), []);
});

test('iam:PassRole on "*" next to import/export without iam:PassedToService: warning with a fix', () => {
  const jobs = { Effect: 'Allow', Action: ['healthlake:StartFHIRImportJob', 'healthlake:StartFHIRExportJob'], Resource: DATASTORE };
  const text = policy(jobs, { Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' });
  const [f, ...rest] = lint(text, 'passrole-unrestricted');
  assert.equal(rest.length, 0);
  assert.equal(spanOf(text, f!), '"iam:PassRole"');
  assert.match(f!.message, /pass any role to any service/);
  const fixed = applyFix(text, f!);
  assert.deepEqual(JSON.parse(fixed).Statement[1].Condition, { StringEquals: { 'iam:PassedToService': 'healthlake.amazonaws.com' } });
  assert.deepEqual(lint(fixed, 'passrole-unrestricted'), []);
  const [general] = lint(policy({ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }), 'passrole-unrestricted');
  assert.ok(general && !/HealthLake/.test(general.message) && !general.data?.fixes, 'without import/export: the general warning, no HealthLake advice');
  assert.deepEqual(lint(policy(jobs, { Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::111122223333:role/HealthLakeImport' }), 'passrole-unrestricted'), []);
});

test('a regional iam:PassedToService value never matches: fixed with the global name', () => {
  const text = policy({ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*', Condition: { StringEquals: { 'iam:PassedToService': 'healthlake.us-east-1.amazonaws.com' } } });
  const [f, ...rest] = lint(text, 'passrole-regional-service');
  assert.equal(rest.length, 0);
  assert.equal(spanOf(text, f!), '"healthlake.us-east-1.amazonaws.com"');
  const fixed = applyFix(text, f!);
  assert.match(fixed, /"iam:PassedToService": "healthlake\.amazonaws\.com"/);
  assert.deepEqual(lint(fixed, 'passrole-regional-service'), []);
  assert.deepEqual(lint(fixed, 'passrole-unrestricted'), []);
});
