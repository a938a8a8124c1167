import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, lint, spanOf } from '../../support/service';
import { keyStatement, policy } from './policyText';

const ID = 'policy-version';

test('2012-10-17 is fine', () => {
  assert.deepEqual(lint(policy(keyStatement()), ID), []);
});

test('a missing Version is a warning with a safe fix that adds it', () => {
  const text = JSON.stringify({ Statement: [keyStatement()] }, null, 2);
  const [f] = lint(text, ID);
  assert.ok(f);
  assert.equal(f.severity, 'warning');
  assert.equal(spanOf(text, f), '{');
  assert.match(f.message, /2008-10-17/);
  assert.equal(f.data?.fixes?.[0]?.safe, true);
  const fixed = applyFix(text, f);
  assert.ok(fixed.startsWith('{\n  "Version": "2012-10-17",\n  "Statement": ['), 'added first, in the document\'s layout');
  assert.deepEqual(lint(fixed, ID), []);
  const compact = JSON.stringify({ Statement: [keyStatement()] });
  const [g] = lint(compact, ID);
  assert.ok(applyFix(compact, g!).startsWith('{"Version": "2012-10-17", "Statement":'));
  const [h] = lint('{}', ID, { kind: 'key-policy' });
  assert.equal(applyFix('{}', h!), '{"Version": "2012-10-17"}');
});

test('2008-10-17 is info, or a warning when the policy uses variables', () => {
  const old = policy(keyStatement()).replace('2012-10-17', '2008-10-17');
  const [f] = lint(old, ID);
  assert.ok(f);
  assert.equal(f.severity, 'info');
  assert.equal(spanOf(old, f), '"2008-10-17"');
  assert.deepEqual(lint(applyFix(old, f), ID), []);
  const withVariable = policy(keyStatement({ Condition: { StringEquals: { 'aws:PrincipalTag/team': '${aws:username}' } } })).replace('2012-10-17', '2008-10-17');
  assert.equal(lint(withVariable, ID)[0]?.severity, 'warning');
});

test('an invalid Version is an error with a fix', () => {
  const text = policy(keyStatement()).replace('2012-10-17', '2024-01-01');
  const [f] = lint(text, ID);
  assert.ok(f);
  assert.equal(f.severity, 'error');
  assert.equal(spanOf(text, f), '"2024-01-01"');
  assert.deepEqual(lint(applyFix(text, f), ID), []);
});

test('a Version that is not a string is left to the structure check', () => {
  const text = policy(keyStatement()).replace('"2012-10-17"', '2012');
  assert.deepEqual(lint(text, ID), []);
  assert.equal(lint(text, 'policy-schema').length, 1);
});
