import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeJson, service, spanOf } from '../support/service';

const s = service();

test('statements appear by Sid, numbered when they have none, with their elements', () => {
  const text = JSON.stringify({ Version: '2012-10-17', Statement: [
    { Sid: 'Enable IAM policies', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' },
    { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: ['kms:Decrypt', 'kms:DescribeKey', 'kms:CreateGrant', 'kms:GenerateDataKey'], Resource: '*' },
  ] }, null, 2);
  const [top] = s.documentSymbols(analyzeJson(s, text));
  assert.ok(top);
  assert.equal(top.name, 'Statement');
  assert.deepEqual(top.children.map((c) => c.name), ['Enable IAM policies', 'Statement 2']);
  const [first, second] = top.children;
  assert.equal(spanOf(text, { offset: first!.selectionOffset, length: first!.selectionLength }), '"Enable IAM policies"');
  assert.ok(spanOf(text, first!).startsWith('{') && spanOf(text, first!).endsWith('}'));
  assert.equal(second!.detail, 'Allow kms:Decrypt, kms:DescribeKey, kms:CreateGrant, +1');
  assert.deepEqual(first!.children.map((c) => c.name), ['Effect', 'Principal', 'Action', 'Resource']);
  const sel = first!.selectionOffset;
  assert.ok(sel >= first!.offset && sel + first!.selectionLength <= first!.offset + first!.length, 'selection inside the symbol');
});

test('a single statement object works too; non-policy JSON has no symbols', () => {
  const [top] = s.documentSymbols(analyzeJson(s, '{"Version": "2012-10-17", "Statement": {"Sid": "Only", "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*"}}'));
  assert.deepEqual(top?.children.map((c) => c.name), ['Only']);
  assert.deepEqual(s.documentSymbols(analyzeJson(s, '{"name": "x"}')), []);
});
