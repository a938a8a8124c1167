import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, lint, spanOf } from '../../support/service';
import { identityStatement, keyStatement, policy } from './policyText';

const ID = 'principal-element';

test('a key policy with principals and an identity policy without are fine', () => {
  assert.deepEqual(lint(policy(keyStatement()), ID), []);
  assert.deepEqual(lint(policy(identityStatement()), ID), []);
});

test('a key policy statement without Principal: KMS rejects the policy', () => {
  const text = policy(keyStatement(), keyStatement({ Sid: 'two', Principal: undefined }));
  const [f] = lint(text, ID);
  assert.ok(f);
  assert.equal(f.offset, text.lastIndexOf('{'));
  assert.match(f.message, /KMS rejects the policy/);
});

test('a Principal in a policy treated as an identity policy is an error with a fix', () => {
  const text = policy(keyStatement());
  const [f] = lint(text, ID, { kind: 'identity-policy' });
  assert.ok(f);
  assert.equal(spanOf(text, f), '"Principal"');
  assert.match(f.message, /identity policy cannot name a Principal/);
  const fixed = applyFix(text, f);
  assert.equal(JSON.parse(fixed).Statement[0].Principal, undefined);
  assert.deepEqual(lint(fixed, ID, { kind: 'identity-policy' }), []);
});

test('Principal and NotPrincipal together are reported on NotPrincipal', () => {
  const text = policy(keyStatement({ NotPrincipal: { AWS: 'arn:aws:iam::111122223333:role/x' } }));
  const [f] = lint(text, ID);
  assert.ok(f);
  assert.equal(spanOf(text, f), '"NotPrincipal"');
});
