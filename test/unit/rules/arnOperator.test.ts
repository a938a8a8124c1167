import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, lint, spanOf } from '../../support/service';
import { keyStatement, policy } from './policyText';

const ID = 'arn-condition-operator';
const withCondition = (condition: object) => policy(keyStatement({ Condition: condition }));

test('StringLike on aws:PrincipalArn is a hint at the key with a fix to ArnLike', () => {
  const text = withCondition({ StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/HealthLake*' } });
  const [f, ...rest] = lint(text, ID);
  assert.equal(rest.length, 0);
  assert.equal(f!.severity, 'hint');
  assert.equal(spanOf(text, f!), '"aws:PrincipalArn"');
  const fixed = applyFix(text, f!);
  assert.deepEqual(JSON.parse(fixed).Statement[0].Condition, { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/HealthLake*' } });
  assert.deepEqual(lint(fixed, ID), []);
  assert.deepEqual(lint(fixed, 'condition-value-type'), []);
});

test('set and IfExists forms keep their prefix and suffix; no fix when another key would change meaning', () => {
  const text = withCondition({ 'ForAnyValue:StringNotEqualsIfExists': { 'aws:SourceArn': 'arn:aws:s3:::b' } });
  assert.match(applyFix(text, lint(text, ID)[0]!), /"ForAnyValue:ArnNotEqualsIfExists"/);
  const mixed = withCondition({ StringEquals: { 'aws:SourceArn': 'arn:aws:s3:::b', 'aws:SourceAccount': '111122223333' } });
  const [f] = lint(mixed, ID);
  assert.equal(f!.data?.fixes, undefined);
  assert.deepEqual(lint(withCondition({ StringEquals: { 'aws:SourceAccount': '111122223333' } }), ID), []);
});
