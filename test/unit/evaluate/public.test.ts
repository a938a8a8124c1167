/** Public access judged by evaluation on every resource policy: S3 bucket and SQS queue policies as well as key policies. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, lint, spanOf } from '../../support/service';

const BUCKET = 'arn:aws:s3:::amzn-s3-demo-bucket';
const QUEUE = 'arn:aws:sqs:us-east-1:111122223333:orders';
const policy = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
const publicFindings = (text: string) => lint(text, 'public-principal');

test('a public-read S3 bucket policy is public, with a fix scoping it to the account', () => {
  const text = policy({ Sid: 'PublicRead', Effect: 'Allow', Principal: '*', Action: ['s3:GetObject', 's3:GetObjectVersion'], Resource: `${BUCKET}/*` });
  const [f, ...rest] = publicFindings(text);
  assert.equal(rest.length, 0);
  assert.equal(spanOf(text, f!), '"*"');
  assert.match(f!.message, /allows `s3:GetObject`, `s3:GetObjectVersion` to a caller from an unrelated account\): the resource is public/);
  assert.doesNotMatch(f!.message, /key|data store/);
});

test('an SQS queue policy open to {"AWS": "*"} with sqs:* is public', () => {
  const text = policy({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sqs:*', Resource: QUEUE });
  const [f] = publicFindings(text);
  assert.ok(f);
  assert.match(f.message, /`sqs:/);
  // With an account in the policy, the fix limits it to that account and the finding goes away.
  const named = policy({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sqs:SendMessage', Resource: QUEUE },
    { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'sqs:*', Resource: QUEUE });
  const [g] = publicFindings(named);
  assert.ok(g);
  const fixed = applyFix(named, g);
  assert.match(fixed, /"aws:PrincipalAccount": "111122223333"/);
  assert.deepEqual(publicFindings(fixed), []);
});

test('resource policies scoped by conditions are not public', () => {
  const scopes: object[] = [
    { ArnEquals: { 'aws:SourceArn': 'arn:aws:sns:us-east-1:111122223333:orders-topic' } },
    { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
    { StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } },
    { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } },
    { StringEquals: { 'aws:PrincipalAccount': '111122223333' } },
  ];
  for (const Condition of scopes) {
    assert.deepEqual(publicFindings(policy({ Effect: 'Allow', Principal: '*', Action: 'sqs:SendMessage', Resource: QUEUE, Condition })), [], JSON.stringify(Condition));
  }
  // A condition any caller can meet does not scope it.
  assert.equal(publicFindings(policy({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `${BUCKET}/*`, Condition: { Bool: { 'aws:SecureTransport': 'true' } } })).length, 1);
  // Denies and statements naming principals are never public.
  assert.deepEqual(publicFindings(policy({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: `${BUCKET}/*`, Condition: { Bool: { 'aws:SecureTransport': 'false' } } })), []);
  assert.deepEqual(publicFindings(policy({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/Reader' }, Action: 's3:GetObject', Resource: `${BUCKET}/*` })), []);
});

test('NotAction on a public statement is judged by the actions it leaves allowed', () => {
  const text = policy({ Effect: 'Allow', Principal: '*', NotAction: 's3:Delete*', Resource: `${BUCKET}/*` });
  assert.equal(publicFindings(text).length, 1);
});
