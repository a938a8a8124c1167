import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lint, spanOf } from '../../support/service';
import { keyStatement, policy } from './policyText';

const ID = 'not-principal';
const admin = { AWS: 'arn:aws:iam::111122223333:role/Admin' };

test('Principal is fine', () => {
  assert.deepEqual(lint(policy(keyStatement()), ID), []);
});

test('NotPrincipal with Allow is an error', () => {
  const text = policy(keyStatement(), keyStatement({ Sid: 'x', Principal: undefined, NotPrincipal: admin }));
  const [f] = lint(text, ID);
  assert.ok(f);
  assert.equal(f.severity, 'error');
  assert.equal(spanOf(text, f), '"NotPrincipal"');
  assert.match(f.message, /not supported/);
});

test('NotPrincipal with Deny is a warning pointing to aws:PrincipalArn', () => {
  const text = policy(keyStatement(), keyStatement({ Sid: 'x', Effect: 'Deny', Principal: undefined, NotPrincipal: admin }));
  const [f] = lint(text, ID);
  assert.equal(f?.severity, 'warning');
  assert.match(f!.message, /aws:PrincipalArn/);
});
