import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lint, spanOf } from '../../support/service';
import { keyStatement, policy } from './policyText';

const ID = 'key-policy-characters';

test('ASCII, Latin-1, tabs and CRLF are fine', () => {
  const text = policy(keyStatement({ Sid: 'Clé für Zürich ©' })).replace(/\n/g, '\r\n').replace(/ {2}/g, '\t');
  assert.deepEqual(lint(text, ID), []);
});

test('the first character outside Latin-1 is pointed at, with a count', () => {
  const text = policy(keyStatement({ Sid: 'Allow “use” — now' }));
  const [f, ...rest] = lint(text, ID);
  assert.ok(f);
  assert.equal(rest.length, 0);
  assert.equal(spanOf(text, f), '“');
  assert.match(f.message, /U\+201C, the first of 3/);
});

test('a character outside the BMP is one range of two code units', () => {
  const text = policy(keyStatement({ Sid: 'key 🔑' }));
  const [f] = lint(text, ID);
  assert.equal(spanOf(text, f!), '🔑');
});

test('identity policies are not checked here', () => {
  assert.deepEqual(lint(policy({ Sid: 'x—y', Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }), ID), []);
});
