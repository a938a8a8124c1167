import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, lint, spanOf } from '../../support/service';
import { keyStatement, policy } from './policyText';

const ID = 'condition-operator';
const withCondition = (condition: object) => policy(keyStatement({ Condition: condition }));

test('operators with IfExists and set prefixes are fine', () => {
  const text = withCondition({
    StringEqualsIfExists: { 'kms:ViaService': 'healthlake.us-east-1.amazonaws.com' },
    'ForAnyValue:StringLike': { 'kms:ResourceAliases': 'alias/hl-*' },
    'ForAllValues:StringEquals': { 'kms:GrantOperations': ['Decrypt'] },
    Null: { 'kms:EncryptionContextKeys': 'true' },
    Bool: { 'kms:GrantIsForAWSResource': true },
  });
  assert.deepEqual(lint(text, ID), []);
});

test('a wrong-case operator is an error with a safe fix', () => {
  const text = withCondition({ stringEquals: { 'kms:CallerAccount': '111122223333' } });
  const [f] = lint(text, ID);
  assert.ok(f);
  assert.equal(spanOf(text, f), '"stringEquals"');
  assert.match(f.message, /case-sensitive.*Did you mean `StringEquals`/);
  assert.equal(f.data?.fixes?.[0]?.safe, true);
  assert.deepEqual(lint(applyFix(text, f), ID), []);
});

test('a misspelt set prefix is found', () => {
  const text = withCondition({ 'ForAllValue:StringEquals': { 'kms:GrantOperations': 'Decrypt' } });
  const [f] = lint(text, ID);
  assert.ok(f);
  assert.match(f.message, /ForAllValues:StringEquals/);
  assert.deepEqual(lint(applyFix(text, f), ID), []);
});

test('NullIfExists is invalid, with a fix to Null', () => {
  const text = withCondition({ NullIfExists: { 'aws:SourceIp': 'true' } });
  const [f] = lint(text, ID);
  assert.ok(f);
  assert.equal(spanOf(text, f), '"NullIfExists"');
  assert.deepEqual(lint(applyFix(text, f), ID), []);
});

test('no fix that would duplicate an operator already there', () => {
  const text = withCondition({ StringEquals: { 'kms:CallerAccount': '111122223333' }, stringequals: { 'kms:ViaService': 'x' } });
  const [f] = lint(text, ID);
  assert.ok(f);
  assert.equal(f.data, undefined);
});

test('nonsense gets no suggestion', () => {
  const [f] = lint(withCondition({ Whatever: { 'kms:CallerAccount': '1' } }), ID);
  assert.ok(f);
  assert.doesNotMatch(f.message, /Did you mean/);
});
