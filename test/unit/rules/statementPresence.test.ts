import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lint, spanOf } from '../../support/service';
import { keyStatement, policy } from './policyText';

const ID = 'statement-missing';

test('a policy with statements is fine, also with a single statement object', () => {
  assert.deepEqual(lint(policy(keyStatement()), ID), []);
  assert.deepEqual(lint(JSON.stringify({ Version: '2012-10-17', Statement: keyStatement() }), ID), []);
});

test('a policy without Statement is reported at its start', () => {
  const text = '{\n  "Version": "2012-10-17"\n}';
  const [f] = lint(text, ID);
  assert.ok(f);
  assert.equal(f.offset, 0);
  assert.equal(spanOf(text, f), '{');
  assert.match(f.message, /no Statement/);
});

test('an empty Statement list is reported on the list', () => {
  const text = '{"Version": "2012-10-17", "Statement": [ ]}';
  const [f] = lint(text, ID);
  assert.ok(f);
  assert.equal(spanOf(text, f), '[ ]');
});

test('JSON that is not a policy gets nothing', () => {
  assert.deepEqual(lint('{"name": "x"}'), []);
});
