/** Messages fit the policy: HealthLake wording (data stores) only where the policy is about HealthLake. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lint } from '../../support/service';
import { ACCOUNT, ROLE, healthLakeStatement, keyPolicy } from './support';

const users = { Sid: 'Key users', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/App` }, Action: ['kms:Decrypt', 'kms:Encrypt'], Resource: '*' };
const ebs = { Sid: 'Allow access through EBS', Effect: 'Allow', Principal: { AWS: '*' }, Action: ['kms:Decrypt', 'kms:CreateGrant'], Resource: '*', Condition: { StringEquals: { 'kms:ViaService': 'ec2.us-east-1.amazonaws.com' } } };
const logs = { Sid: 'Allow CloudWatch Logs', Effect: 'Allow', Principal: { Service: 'logs.us-east-1.amazonaws.com' }, Action: ['kms:Encrypt*', 'kms:Decrypt*'], Resource: '*' };
const open = { Sid: 'Everyone', Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*' };
const role = { Version: '2012-10-17', Statement: [
  { Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: `arn:aws:kms:us-east-1:${ACCOUNT}:alias/app` },
  { Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' },
  { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::app-bucket/*', Condition: { StringEquals: { 'aws:TagKeys': 'env' } } },
] };

const mentionsHealthLake = (text: string | object) => lint(text).filter((f) => /data store|HealthLake/i.test(f.message)).map((f) => `${f.ruleId}: ${f.message}`);

test('findings on EBS and CloudWatch Logs keys, and on a generic role, never speak of data stores', () => {
  const cases = [keyPolicy(ebs, users), keyPolicy(logs), keyPolicy(users), keyPolicy(open, users), JSON.stringify(role, null, 2)];
  for (const text of cases) {
    const all = lint(text);
    assert.ok(all.length > 0, `the case has findings to check: ${text}`);
    assert.deepEqual(mentionsHealthLake(text), [], text);
  }
  // The lockout finding itself, on a non-HealthLake key, speaks of the key.
  const [lockout] = lint(keyPolicy(users), 'lockout-put-key-policy');
  assert.match(lockout!.message, /The key can then no longer be managed/);
});

test('on a HealthLake key the same finding speaks of its data stores', () => {
  const [lockout] = lint(keyPolicy(healthLakeStatement({ Principal: { AWS: ROLE } })), 'lockout-put-key-policy');
  assert.match(lockout!.message, /every HealthLake data store it encrypts/);
  // The setting that makes every key HealthLake's does too.
  const [viaSetting] = lint(keyPolicy(users), 'lockout-put-key-policy', { healthLake: true });
  assert.match(viaSetting!.message, /HealthLake data store/);
});
