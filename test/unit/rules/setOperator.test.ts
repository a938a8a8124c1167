import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, lint, spanOf } from '../../support/service';
import { keyStatement, policy } from './policyText';

const ID = 'set-operator';
const withCondition = (condition: object) => policy(keyStatement({ Condition: condition }));

test('set operators on multi-valued keys and plain ones on single-valued keys are fine', () => {
  const text = withCondition({
    'ForAllValues:StringEquals': { 'kms:GrantOperations': ['Decrypt', 'Encrypt'] },
    'ForAnyValue:StringEquals': { 'aws:TagKeys': 'team' },
    StringEquals: { 'kms:ViaService': 'healthlake.us-east-1.amazonaws.com' },
  });
  assert.deepEqual(lint(text, ID), []);
});

test('a plain operator on kms:GrantOperations is a warning with both set fixes', () => {
  const text = withCondition({ StringEquals: { 'kms:GrantOperations': 'Decrypt' } });
  const [f] = lint(text, ID);
  assert.ok(f);
  assert.equal(f.severity, 'warning');
  assert.equal(spanOf(text, f), '"kms:GrantOperations"');
  assert.match(f.message, /multi-valued/);
  const titles = (f.data?.fixes ?? []).map((x) => x.title);
  assert.equal(titles.length, 2);
  for (const title of ['ForAnyValue', 'ForAllValues']) {
    const fixed = applyFix(text, f, title);
    assert.ok(Object.keys(JSON.parse(fixed).Statement[0].Condition)[0]!.startsWith(`${title}:`));
    assert.deepEqual(lint(fixed, ID), []);
  }
});

test('ForAllValues on a single-valued key is a warning with a fix; ForAnyValue is info', () => {
  const text = withCondition({ 'ForAllValues:StringEquals': { 'kms:ViaService': 'healthlake.us-east-1.amazonaws.com' } });
  const [f] = lint(text, ID);
  assert.ok(f);
  assert.equal(f.severity, 'warning');
  assert.match(f.message, /also true when the key is absent/);
  const fixed = applyFix(text, f);
  assert.ok('StringEquals' in JSON.parse(fixed).Statement[0].Condition);
  assert.deepEqual(lint(fixed, ID), []);
  const [g] = lint(withCondition({ 'ForAnyValue:StringEquals': { 'kms:CallerAccount': '111122223333' } }), ID);
  assert.equal(g?.severity, 'info');
});

test('no fix when keys under the operator want different things', () => {
  const text = withCondition({ StringEquals: { 'kms:GrantOperations': 'Decrypt', 'kms:CallerAccount': '111122223333' } });
  const [f] = lint(text, ID);
  assert.ok(f);
  assert.equal(f.data, undefined);
});
