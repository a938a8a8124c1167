import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, lint, spanOf } from '../../support/service';
import { keyStatement, policy } from './policyText';

const ID = 'key-policy-actions';

test('kms: actions, wildcards and "*" are fine', () => {
  assert.deepEqual(lint(policy(keyStatement({ Action: ['kms:Decrypt', 'kms:List*', 'kms:Create*'] }), keyStatement({ Sid: 'b', Action: '*' })), ID), []);
});

test('IAM-only KMS actions do nothing in a key policy; the fix removes them', () => {
  const text = policy(keyStatement({ Action: ['kms:Decrypt', 'kms:ListKeys', 'kms:CreateKey'] }));
  const findings = lint(text, ID);
  assert.deepEqual(findings.map((f) => spanOf(text, f)), ['"kms:ListKeys"', '"kms:CreateKey"']);
  assert.deepEqual(findings[0]!.tags, ['unnecessary']);
  const fixed = applyFix(text, findings[0]!);
  assert.deepEqual(JSON.parse(fixed).Statement[0].Action, ['kms:Decrypt', 'kms:CreateKey']);
  const again = lint(fixed, ID);
  assert.equal(again.length, 1);
  assert.deepEqual(JSON.parse(applyFix(fixed, again[0]!)).Statement[0].Action, ['kms:Decrypt']);
});

test('other services\' actions do nothing in a key policy; a lone action has no removal fix', () => {
  const text = policy(keyStatement({ Action: 's3:GetObject' }));
  // Only other services' actions: detected as another resource policy unless the kind is given.
  assert.deepEqual(lint(text, ID), []);
  const [f] = lint(text, ID, { kind: 'key-policy' });
  assert.ok(f);
  assert.match(f.message, /controls only AWS KMS operations/);
  assert.equal(f.data, undefined);
});
