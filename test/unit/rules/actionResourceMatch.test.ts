import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, lint, spanOf } from '../../support/service';
import { identityStatement, policy } from './policyText';

const ID = 'action-resource-mismatch';
const BUCKET = 'arn:aws:s3:::amzn-s3-demo-bucket';
const st = (Action: unknown, Resource: unknown) => policy(identityStatement({ Action, Resource }));

test('an object action given only the bucket ARN never matches, reported at the action', () => {
  const text = st(['s3:GetObject', 's3:ListBucket'], BUCKET);
  const [f, ...rest] = lint(text, ID);
  assert.equal(rest.length, 0);
  assert.equal(spanOf(text, f!), '"s3:GetObject"');
  assert.match(f!.message, /`arn:\$\{Partition\}:s3:::\$\{BucketName\}\/\$\{ObjectName\}`.*is not one, so this statement never allows it/);
});

test('and the reverse: a bucket action given only objects', () => {
  const text = st('s3:ListBucket', `${BUCKET}/*`);
  assert.equal(spanOf(text, lint(text, ID)[0]!), '"s3:ListBucket"');
  assert.deepEqual(lint(st(['s3:ListBucket', 's3:GetObject'], [BUCKET, `${BUCKET}/*`]), ID), []);
});

test('an action without resource-level permissions given ARNs says it takes "*" only', () => {
  const [f] = lint(st('s3:ListAllMyBuckets', BUCKET), ID);
  assert.match(f!.message, /IAM authorizes it on "\*" only.*"Resource": "\*"/);
  assert.deepEqual(lint(st('s3:ListAllMyBuckets', '*'), ID), []);
});

test('wildcards are matched as IAM matches them', () => {
  assert.deepEqual(lint(st('s3:GetObject', 'arn:aws:s3:::*'), ID), [], '* spans the bucket and the key');
  assert.deepEqual(lint(st('s3:Get*', BUCKET), ID), [], 's3:Get* includes bucket actions');
  assert.deepEqual(lint(st('s3:GetObject', 'arn:aws:s3:::amzn-s3-demo-bucket?/*'), ID), []);
  assert.equal(lint(st('kms:Decrypt', 'arn:aws:kms:us-east-1:111122223333:*'), ID).length, 0);
  assert.equal(lint(st('kms:Decrypt', 'arn:aws:s3:::*'), ID).length, 1, 'another service\'s ARN');
});

test('a KMS key action on an alias ARN is one finding, the alias-resource one', () => {
  const text = st('kms:Decrypt', 'arn:aws:kms:us-east-1:111122223333:alias/healthlake');
  assert.deepEqual(lint(text, ID), []);
  assert.equal(lint(text, 'alias-resource').length, 1);
});

test('a Resource from a template is not judged', () => {
  assert.deepEqual(lint(st('s3:GetObject', '\uE010arn:bucket|Bucket.Arn\uE011'), ID), []);
  assert.deepEqual(lint(st('s3:GetObject', 'arn:aws:s3:::\uE010opaque|var.bucket\uE011'), ID), []);
});

test('the fix adds the bucket\'s objects, or the objects\' bucket, and the finding goes', () => {
  const text = st('s3:GetObject', BUCKET);
  const fixed = applyFix(text, lint(text, ID)[0]!);
  assert.deepEqual(JSON.parse(fixed).Statement[0].Resource, [BUCKET, `${BUCKET}/*`]);
  assert.deepEqual(lint(fixed, ID), []);
  const reverse = st('s3:ListBucket', [`${BUCKET}/*`]);
  assert.deepEqual(JSON.parse(applyFix(reverse, lint(reverse, ID)[0]!)).Statement[0].Resource, [`${BUCKET}/*`, BUCKET]);
  assert.equal(lint(st('s3:ListAllMyBuckets', BUCKET), ID)[0]!.data, undefined, 'no resource to add: it takes "*" in its own statement');
});

test('a Region or account the ARN format names is never empty: an object ARN is no access point, and a key ARN without a Region is resource-arn\'s one finding', () => {
  const text = st('s3:ListBucket', 'arn:aws:s3:::accesspoint/reports');
  assert.equal(spanOf(text, lint(text, ID)[0]!), '"s3:ListBucket"', 'an object in a bucket named accesspoint');
  assert.deepEqual(lint(st('s3:ListBucket', 'arn:aws:s3:us-east-1:111122223333:accesspoint/reports'), ID), []);
  const noRegion = st('kms:Decrypt', 'arn:aws:kms::111122223333:key/*');
  assert.deepEqual(lint(noRegion).map((f) => f.ruleId), ['resource-arn']);
});
