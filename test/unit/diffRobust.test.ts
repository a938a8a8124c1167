/** Bad and odd input: the diff never throws, and unreadable versions get one clear message. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { diffFile, UnreadablePolicy } from '../../server/src/service/diff/file';
import { catalog, policy, read, rootStatement } from './diffSupport';
import { assertProperty } from '../support/fuzz';

const value = fc.oneof(fc.constantFrom('*', 'kms:*', 'kms:Decrypt', 'kms:Put*', 'arn:aws:iam::111122223333:root', 'arn:aws:iam::111122223333:role/R', '111122223333', 'Allow', 'Deny', 'logs.amazonaws.com'), fc.string(), fc.integer(), fc.constant(null));
const statement = fc.record({
  Sid: fc.option(fc.string(), { nil: undefined }),
  Effect: fc.oneof(fc.constantFrom('Allow', 'Deny'), value),
  Principal: fc.oneof(fc.constant('*'), fc.record({ AWS: fc.oneof(value, fc.array(value)) }), fc.record({ Service: value }), value),
  Action: fc.oneof(value, fc.array(value)),
  Resource: fc.oneof(fc.constant('*'), value),
  Condition: fc.option(fc.dictionary(fc.constantFrom('StringEquals', 'StringLike', 'Bool', 'ForAnyValue:StringEquals', 'Nope'), fc.dictionary(fc.constantFrom('kms:ViaService', 'kms:CallerAccount', 'aws:PrincipalArn', 'x'), fc.oneof(value, fc.array(value)))), { nil: undefined }),
}, { requiredKeys: [] });

test('generated key policies (wrong types everywhere) never make the diff throw', () => {
  assertProperty('diff-generated-policies', fc.property(fc.array(statement, { maxLength: 4 }), fc.array(statement, { maxLength: 4 }), (a, b) => {
    const f = diffFile('p.json', policy(rootStatement, ...a), policy(...b), { catalog, read });
    assert.ok(f === undefined || Array.isArray(f.policies));
  }), 60);
});

test('malformed JSON that looks like a policy is unreadable; other JSON is no policy at all', () => {
  assert.throws(() => diffFile('p.json', policy(rootStatement), '{"Statement": [', { catalog, read }), (e: unknown) => e instanceof UnreadablePolicy && /p\.json is not valid JSON \(syntax error at line 1, column 16\)/.test((e as Error).message));
  assert.equal(diffFile('package.json', '{"name": "a"}', '{"name": "b"}', { catalog, read }), undefined);
  assert.match(diffFile('role.json', undefined, JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }), { catalog, read })!.note!, /IAM identity policy: only KMS key policies are compared/);
  const deep = `{"Statement": ${'['.repeat(200)}${']'.repeat(200)}}`;
  assert.throws(() => diffFile('deep.json', undefined, deep, { catalog, read }), /too large or too deeply nested/);
});
