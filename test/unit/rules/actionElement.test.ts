import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lint, spanOf } from '../../support/service';
import { identityStatement, keyStatement, policy } from './policyText';

const ID = 'action-element';

test('Action or NotAction alone is fine', () => {
  assert.deepEqual(lint(policy(keyStatement()), ID), []);
  assert.deepEqual(lint(policy(identityStatement({ Action: undefined, NotAction: 'iam:*' })), ID), []);
});

test('a key policy statement without Action says KMS rejects it', () => {
  const text = policy(keyStatement(), keyStatement({ Sid: 'two', Action: undefined }));
  const [f] = lint(text, ID);
  assert.ok(f);
  assert.equal(spanOf(text, f), '{');
  assert.equal(f.offset, text.lastIndexOf('{', text.indexOf('"Sid": "two"')));
  assert.match(f.message, /KMS rejects key-policy statements without Action/);
});

test('an identity policy statement without either is reported', () => {
  const [f] = lint(policy(identityStatement({ Action: undefined })), ID);
  assert.ok(f);
  assert.match(f.message, /no Action or NotAction/);
});

test('both Action and NotAction: reported on NotAction', () => {
  const text = policy(identityStatement({ NotAction: 'iam:*' }));
  const [f] = lint(text, ID);
  assert.ok(f);
  assert.equal(spanOf(text, f), '"NotAction"');
  assert.equal(f.related?.[0]?.offset, text.indexOf('"Action"'));
});
