import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, lint, spanOf } from '../../support/service';
import { keyStatement, policy } from './policyText';

const ID = 'key-policy-resource';

test('"*" is fine, also as a one-item list', () => {
  assert.deepEqual(lint(policy(keyStatement(), keyStatement({ Sid: 'x', Resource: ['*'] })), ID), []);
});

test('a key ARN as Resource is an error with a fix to "*"', () => {
  const text = policy(keyStatement({ Resource: 'arn:aws:kms:us-east-1:111122223333:key/abc' }));
  const [f] = lint(text, ID);
  assert.ok(f);
  assert.equal(spanOf(text, f), '"arn:aws:kms:us-east-1:111122223333:key/abc"');
  const fixed = applyFix(text, f);
  assert.equal(JSON.parse(fixed).Statement[0].Resource, '*');
  assert.deepEqual(lint(fixed, ID), []);
});

test('NotResource in a key policy is replaced by "Resource": "*"', () => {
  const text = policy(keyStatement({ Resource: undefined, NotResource: 'arn:aws:kms:us-east-1:111122223333:key/other' }));
  const [f] = lint(text, ID);
  assert.ok(f);
  assert.equal(spanOf(text, f), '"NotResource"');
  const fixed = applyFix(text, f);
  assert.equal(JSON.parse(fixed).Statement[0].Resource, '*');
  assert.deepEqual(lint(fixed).filter((x) => x.severity === 'error'), []);
});

test('identity policies are not checked here', () => {
  assert.deepEqual(lint(policy({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: 'arn:aws:kms:us-east-1:111122223333:key/abc' }), ID), []);
});

test('another service\'s ARN as Resource says so, in the one finding at Resource', () => {
  const text = policy(keyStatement({ Resource: ['arn:aws:s3:::healthlake-exports'] }));
  const findings = lint(text, ID);
  assert.equal(findings.length, 1);
  assert.deepEqual(JSON.parse(spanOf(text, findings[0]!)), ['arn:aws:s3:::healthlake-exports']);
  assert.match(findings[0]!.message, /`arn:aws:s3:::healthlake-exports` is an ARN of `s3`, not of KMS/);
  assert.doesNotMatch(lint(policy(keyStatement({ Resource: 'arn:aws:kms:us-east-1:111122223333:key/abc' })), ID)[0]!.message, /not of KMS/);
});
