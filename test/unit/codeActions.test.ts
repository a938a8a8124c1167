import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeJson, applyEdits, jsonModel, lint, service } from '../support/service';
import { fixAll, quickFixes } from '../../server/src/service/fixes';
import type { Finding } from '../../server/src/service/types';

const s = service({ defaultRegion: 'eu-west-1' });
const finding = (fixes: NonNullable<Finding['data']>['fixes'], offset = 0): Finding =>
  ({ ruleId: 'x', severity: 'warning', message: 'm', offset, length: 1, data: { fixes } });

test('quick fixes come from the diagnostics\' data; the preferred one first and marked', () => {
  const text = '{"Statement": [], // note\n "Version": "2012-10-17",}';
  const findings = lint(text, 'json-syntax');
  assert.equal(findings.length, 2);
  const actions = quickFixes(findings);
  assert.deepEqual(actions.map((a) => a.title).sort(), ['Remove the comment', 'Remove the trailing comma']);
  assert.ok(actions.every((a) => a.isPreferred && a.kind === 'quickfix'));
  const fixed = applyEdits(text, actions.find((a) => a.title === 'Remove the comment')!.edits);
  assert.equal(fixed, '{"Statement": [], \n "Version": "2012-10-17",}');
  const ordered = quickFixes([finding([{ title: 'other', edits: [] }, { title: 'obvious', edits: [], preferred: true }])]);
  assert.deepEqual(ordered.map((a) => [a.title, a.isPreferred]), [['obvious', true], ['other', false]]);
});

test('diagnostics without data, or with junk data, give no actions and no crash', () => {
  assert.deepEqual(quickFixes([{}, { data: 'x' }, { data: { fixes: [null, { title: 3 }] } }]), []);
});

test('fix all applies every safe fix, skips unsafe ones and overlapping edits', () => {
  const text = 'abcdefghij';
  const all = fixAll([
    finding([{ title: 'A', edits: [{ offset: 0, length: 2, content: 'AB' }], safe: true }]),
    finding([{ title: 'B', edits: [{ offset: 1, length: 2, content: 'xx' }], safe: true }]),
    finding([{ title: 'C', edits: [{ offset: 5, length: 1, content: 'F' }] }]),
    finding([{ title: 'D', edits: [{ offset: 8, length: 0, content: '!' }], safe: true }]),
    finding([{ title: 'D again', edits: [{ offset: 8, length: 0, content: '!' }], safe: true }]),
  ]);
  assert.ok(all);
  assert.equal(all.kind, 'source.fixAll.hlkms');
  assert.equal(applyEdits(text, all.edits), 'ABcdefgh!ij');
  assert.deepEqual(all.diagnostics, [0, 3, 4]);
  assert.equal(fixAll([finding([{ title: 'C', edits: [] }])]), undefined);
});

test('fix all on a real document removes every comment and trailing comma at once', () => {
  const text = '{\n  // a\n  "Version": "2012-10-17",\n  "Statement": [\n    {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*",},\n  ],\n}';
  const actions = s.codeActions(analyzeJson(s, text), [], ['source.fixAll']);
  assert.equal(actions.length, 1);
  const fixed = applyEdits(text, actions[0]!.edits);
  assert.deepEqual(lint(fixed, 'json-syntax'), []);
});

test('"Add the HealthLake statement" appends a regional statement, keeping the formatting', () => {
  const text = '{\n    "Version": "2012-10-17",\n    "Statement": [\n        {\n            "Sid": "Root",\n            "Effect": "Allow",\n            "Principal": {"AWS": "arn:aws:iam::444455556666:root"},\n            "Action": "kms:*",\n            "Resource": "*"\n        }\n    ]\n}';
  const actions = s.codeActions(analyzeJson(s, text), [], ['refactor']);
  assert.deepEqual(actions.map((a) => a.title), ['Add the HealthLake statement']);
  const after = applyEdits(text, actions[0]!.edits);
  const analysis = analyzeJson(s, after);
  const model = analysis.sites[0]!.variants[0]!.model;
  assert.equal(model.statements.length, 2);
  const added = model.statements[1]!;
  assert.deepEqual(added.action?.items.map((a) => a.value), ['kms:DescribeKey', 'kms:CreateGrant', 'kms:GenerateDataKey', 'kms:Decrypt']);
  assert.match(after, /"arn:aws:iam::444455556666:root"[\s\S]*"kms:ViaService": "healthlake\.eu-west-1\.amazonaws\.com"/);
  assert.ok(after.startsWith(text.slice(0, text.indexOf('        }') + 9)), 'the existing statement is untouched');
  assert.match(after, /\n {8}\{\n {12}"Sid": "Allow use of the key by HealthLake"/, 'the added statement uses the document\'s indentation');
  assert.deepEqual(s.codeActions(analysis, [], ['refactor']), [], 'nothing left to add');
});

test('"Add the account-root statement" works on a single-object Statement; no refactors for IAM policies', () => {
  const text = '{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/Admin"}, "Action": "kms:Decrypt", "Resource": "*", "Condition": {"StringEquals": {"kms:ViaService": "healthlake.us-east-2.amazonaws.com"}}}}';
  const actions = s.codeActions(analyzeJson(s, text), [], ['refactor.rewrite']);
  assert.deepEqual(actions.map((a) => a.title), ['Add the account-root statement']);
  const model = jsonModel(s, applyEdits(text, actions[0]!.edits));
  assert.equal(model.statements.length, 2);
  assert.equal(model.statements[0]!.principal?.entries[0]?.values.items[0]?.value, 'arn:aws:iam::111122223333:role/Admin');
  assert.equal(model.statements[1]!.principal?.entries[0]?.values.items[0]?.value, 'arn:aws:iam::111122223333:root');
  const iam = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "healthlake:ReadResource", "Resource": "*"}]}';
  assert.deepEqual(s.codeActions(analyzeJson(s, iam), [], ['refactor']), []);
});

test('without a Region anywhere, the HealthLake statement covers every Region with StringLike', () => {
  const plain = service();
  const text = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"}]}';
  const [add] = plain.codeActions(analyzeJson(plain, text), [], ['refactor']);
  assert.match(applyEdits(text, add!.edits), /"StringLike":\s*\{\s*"kms:ViaService":\s*"healthlake\.\*\.amazonaws\.com"/);
});
