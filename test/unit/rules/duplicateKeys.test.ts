import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, lint, spanOf } from '../../support/service';
import { keyStatement, policy } from './policyText';

const ID = 'duplicate-keys';

test('distinct keys are fine', () => {
  assert.deepEqual(lint(policy(keyStatement()), ID), []);
});

test('an exact duplicate is reported on the second key, pointing back at the first', () => {
  const text = policy(keyStatement()).replace('"Action": "kms:*",', '"Action": "kms:*",\n      "Action": "kms:Decrypt",');
  const [f, ...rest] = lint(text, ID);
  assert.ok(f);
  assert.equal(rest.length, 0);
  assert.equal(spanOf(text, f), '"Action"');
  assert.equal(f.related?.[0]?.offset, text.indexOf('"Action"'));
  assert.match(f.message, /appears twice/);
  const fixed = applyFix(text, f);
  assert.deepEqual(lint(fixed, ID), []);
  assert.deepEqual(JSON.parse(fixed), JSON.parse(policy(keyStatement())));
});

test('a case-variant duplicate is reported too, and the structure check stays quiet about it', () => {
  const text = policy(keyStatement({ action: 'kms:Decrypt' }));
  const [f] = lint(text, ID);
  assert.ok(f);
  assert.equal(spanOf(text, f), '"action"');
  assert.match(f.message, /repeats `Action` in another case/);
  assert.deepEqual(lint(text, 'policy-schema'), []);
});

test('duplicates deep inside conditions are found', () => {
  const text = policy(keyStatement({ Condition: { StringEquals: { 'kms:CallerAccount': '111122223333', 'KMS:calleraccount': '444455556666' } } }));
  const [f] = lint(text, ID);
  assert.ok(f);
  assert.equal(spanOf(text, f), '"KMS:calleraccount"');
  const fixed = applyFix(text, f);
  assert.deepEqual(lint(fixed, ID), []);
  assert.doesNotThrow(() => JSON.parse(fixed));
});

test('removing the last of several properties keeps the JSON valid', () => {
  const text = '{"Version": "2012-10-17", "Statement": [], "Version": "2012-10-17"}';
  const [f] = lint(text, ID);
  assert.ok(f);
  assert.equal(applyFix(text, f), '{"Version": "2012-10-17", "Statement": []}');
});
