import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, lint, spanOf } from '../../support/service';
import { identityStatement, keyStatement, policy } from './policyText';

const ID = 'resource-element';

test('Resource or NotResource alone is fine', () => {
  assert.deepEqual(lint(policy(keyStatement()), ID), []);
  assert.deepEqual(lint(policy(identityStatement({ Resource: undefined, NotResource: 'arn:aws:s3:::b' })), ID), []);
});

test('a key policy statement without Resource gets a safe fix adding "*"', () => {
  const text = policy(keyStatement({ Resource: undefined }));
  const [f] = lint(text, ID);
  assert.ok(f);
  assert.equal(spanOf(text, f), '{');
  assert.match(f.message, /KMS rejects key-policy statements without it/);
  assert.equal(f.data?.fixes?.[0]?.safe, true);
  const fixed = applyFix(text, f);
  assert.equal(JSON.parse(fixed).Statement[0].Resource, '*');
  assert.deepEqual(lint(fixed).filter((x) => x.severity === 'error'), []);
});

test('an identity policy statement without Resource has no automatic fix', () => {
  const [f] = lint(policy(identityStatement({ Resource: undefined })), ID);
  assert.ok(f);
  assert.equal(f.data, undefined);
});

test('both Resource and NotResource: reported on NotResource', () => {
  const text = policy(identityStatement({ NotResource: '*' }));
  const [f] = lint(text, ID);
  assert.ok(f);
  assert.equal(spanOf(text, f), '"NotResource"');
});

test('a misspelt Resource is left to the structure check', () => {
  const text = policy(identityStatement({ Resource: undefined, Resources: '*' }));
  assert.deepEqual(lint(text, ID), []);
  assert.equal(lint(text, 'policy-schema').length, 1);
});

test('the added Resource follows the statement\'s own layout', () => {
  const pretty = policy(keyStatement({ Resource: undefined }));
  const [f] = lint(pretty, ID);
  assert.ok(applyFix(pretty, f!).includes('"Action": "kms:*",\n      "Resource": "*"\n    }'));
  const compact = JSON.stringify({ Version: '2012-10-17', Statement: [keyStatement({ Resource: undefined })] });
  const [g] = lint(compact, ID);
  assert.ok(applyFix(compact, g!).includes('"Action":"kms:*", "Resource": "*"}'));
  const crlf = pretty.replace(/\n/g, '\r\n');
  const [h] = lint(crlf, ID);
  assert.ok(applyFix(crlf, h!).includes('"Action": "kms:*",\r\n      "Resource": "*"\r\n    }'));
});

test('a role trust policy needs no Resource', () => {
  const trust = policy({ Effect: 'Allow', Principal: { Service: 'healthlake.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] });
  assert.deepEqual(lint(trust, ID), []);
  const bucket = policy({ Effect: 'Allow', Principal: { AWS: '111122223333' }, Action: 's3:GetObject' });
  assert.equal(lint(bucket, ID).length, 1, 'other resource policies still need one');
});
