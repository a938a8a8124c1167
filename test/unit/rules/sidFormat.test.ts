import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, lint, spanOf } from '../../support/service';
import { identityStatement, keyStatement, policy } from './policyText';

const ID = 'sid-format';

test('alphanumeric Sids in identity policies and spaces in key policies are fine', () => {
  assert.deepEqual(lint(policy(identityStatement({ Sid: 'UseKey1' })), ID), []);
  assert.deepEqual(lint(policy(keyStatement({ Sid: 'Allow use of the key' })), ID), []);
});

test('an identity policy Sid with spaces is an error with a safe fix', () => {
  const text = policy(identityStatement({ Sid: 'use the key' }));
  const [f] = lint(text, ID);
  assert.ok(f);
  assert.equal(spanOf(text, f), '"use the key"');
  assert.match(f.message, /only letters and digits \(found space\)/);
  const fixed = applyFix(text, f);
  assert.equal(JSON.parse(fixed).Statement[0].Sid, 'useTheKey');
  assert.deepEqual(lint(fixed, ID), []);
});

test('a Sid of only punctuation has no fix', () => {
  const [f] = lint(policy(identityStatement({ Sid: '--' })), ID);
  assert.ok(f);
  assert.equal(f.data, undefined);
});
