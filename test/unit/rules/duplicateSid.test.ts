import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lint, spanOf } from '../../support/service';
import { identityStatement, keyStatement, policy } from './policyText';

const ID = 'duplicate-sid';

test('distinct Sids are fine', () => {
  assert.deepEqual(lint(policy(keyStatement({ Sid: 'a' }), keyStatement({ Sid: 'b' })), ID), []);
});

test('a repeated Sid in an identity policy is an error on the second one', () => {
  const text = policy(identityStatement({ Sid: 'Same' }), identityStatement({ Sid: 'Same', Action: 'kms:Encrypt' }));
  const [f, ...rest] = lint(text, ID);
  assert.ok(f);
  assert.equal(rest.length, 0);
  assert.equal(f.severity, 'error');
  assert.equal(f.offset, text.lastIndexOf('"Same"'));
  assert.equal(spanOf(text, f), '"Same"');
  assert.equal(f.related?.[0]?.offset, text.indexOf('"Same"'));
});

test('a repeated Sid in a key policy is a warning', () => {
  const [f] = lint(policy(keyStatement({ Sid: 'Same' }), keyStatement({ Sid: 'Same' })), ID);
  assert.equal(f?.severity, 'warning');
});
