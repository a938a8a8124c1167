import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, lint, spanOf } from '../../support/service';
import { identityStatement, keyStatement, policy } from './policyText';

const ID = 'unknown-action';
const withActions = (...actions: string[]) => policy(identityStatement({ Action: actions }));

test('real actions, service wildcards and "*" are fine', () => {
  assert.deepEqual(lint(withActions('kms:Decrypt', 'kms:GenerateDataKey*', 'kms:Re?ncrypt*', 'healthlake:*', '*'), ID), []);
});

test('a misspelt action gets did-you-mean and a fix from the catalog', () => {
  const text = withActions('kms:Decrpyt');
  const [f] = lint(text, ID);
  assert.ok(f);
  assert.equal(spanOf(text, f), '"kms:Decrpyt"');
  assert.match(f.message, /not an action of AWS Key Management Service.*Did you mean `kms:Decrypt`/);
  assert.deepEqual(lint(applyFix(text, f), ID), []);
});

test('a name that starts a small family of actions means the family: kms:ReEncrypt is kms:ReEncrypt*', () => {
  const text = withActions('kms:ReEncrypt');
  const [f] = lint(text, ID);
  assert.ok(f);
  assert.match(f.message, /`ReEncrypt` is not an action of AWS Key Management Service.*Did you mean `kms:ReEncrypt\*`\?/);
  assert.deepEqual(lint(applyFix(text, f), ID), []);
  // A start shared by many actions is no family anyone means: the closest spelling is suggested instead.
  const [g] = lint(withActions('kms:Create'), ID);
  assert.ok(g);
  assert.doesNotMatch(g.message, /Create\*/);
});

test('an unknown service prefix gets did-you-mean', () => {
  const text = withActions('healthlak:CreateFHIRDatastore');
  const [f] = lint(text, ID);
  assert.ok(f);
  assert.match(f.message, /`healthlak` is not an AWS service prefix.*healthlake:CreateFHIRDatastore/);
  assert.deepEqual(lint(applyFix(text, f), ID), []);
});

test('a wildcard that matches nothing is reported', () => {
  const [f] = lint(withActions('kms:Decrypt*Everything'), ID);
  assert.ok(f);
  assert.match(f.message, /matches no/);
});

test('wrong case works in AWS: only a hint, with a safe fix', () => {
  const text = withActions('KMS:decrypt');
  const [f] = lint(text, ID);
  assert.ok(f);
  assert.equal(f.severity, 'hint');
  assert.equal(f.data?.fixes?.[0]?.safe, true);
  assert.equal(JSON.parse(applyFix(text, f)).Statement[0].Action[0], 'kms:Decrypt');
});

test('an action without a service prefix is an error', () => {
  const [f] = lint(withActions('Decrypt'), ID);
  assert.equal(f?.severity, 'error');
});

test('NotAction is checked too; non-KMS actions in key policies are left to the key policy check', () => {
  assert.equal(lint(policy(identityStatement({ Action: undefined, NotAction: 'kms:Decryptt' })), ID).length, 1);
  assert.deepEqual(lint(policy(keyStatement({ Action: ['kms:Decrypt', 's3:GetObjectt'] })), ID), []);
});
