import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeJson, applyEdits, cursor, jsonModel, service } from '../support/service';
import type { CompletionEntry } from '../../server/src/service/completion';

const s = service({ defaultRegion: 'us-west-2' });
function complete(marked: string): CompletionEntry[] {
  const { text, offset } = cursor(marked);
  return s.complete(analyzeJson(s, text), offset);
}
const labels = (items: CompletionEntry[]) => items.map((i) => i.label);
/** Accepts an item the way an editor does (snippet placeholders replaced by their defaults). */
function accept(marked: string, label: string): string {
  const { text } = cursor(marked);
  const item = complete(marked).find((i) => i.label === label);
  assert.ok(item, `no completion ${label}`);
  const insert = item.snippet ? item.insertText.replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, '$1').replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$\d+/g, '').replace(/\\([$}\\])/g, '$1') : item.insertText;
  return applyEdits(text, [{ offset: item.offset, length: item.length, content: insert }]);
}
const stmt = (body: string) => `{"Version": "2012-10-17", "Statement": [{${body}}]}`;

test('top-level keys in an empty object, and not the ones already there', () => {
  assert.deepEqual(labels(complete('{|}')).sort(), ['Id', 'Statement', 'Version']);
  assert.deepEqual(labels(complete('{"Version": "2012-10-17", |}')).sort(), ['Id', 'Statement']);
});

test('an empty document offers a whole HealthLake key policy that lints clean', () => {
  const items = complete('|');
  assert.ok(labels(items).includes('HealthLake key policy'));
  const text = accept('|', 'HealthLake key policy');
  const analysis = analyzeJson(s, text);
  assert.equal(analysis.sites[0]!.kind, 'key-policy');
  assert.deepEqual(analysis.findings.filter((f) => f.severity === 'error' || f.severity === 'warning'), []);
  assert.match(text, /healthlake\.us-west-2\.amazonaws\.com/);
});

test('statement keys, without duplicates; a key typed in a string is replaced whole', () => {
  const marked = stmt('"Effect": "Allow", "Eff|"');
  const items = complete(marked);
  assert.ok(labels(items).includes('Action'));
  assert.ok(labels(items).includes('Principal'));
  assert.ok(!labels(items).includes('Effect') || items.filter((i) => i.label === 'Effect').length === 1);
  const after = accept(stmt('"Effect": "Allow", "Act|"'), 'Action');
  assert.match(after, /"Effect": "Allow", "Action": ""\}/);
});

test('Effect values inside the string replace its content', () => {
  assert.deepEqual(labels(complete(stmt('"Effect": "A|"'))), ['Allow', 'Deny']);
  assert.match(accept(stmt('"Effect": "A|"'), 'Deny'), /"Effect": "Deny"/);
  assert.match(accept(stmt('"Effect": |'), 'Allow'), /"Effect": "Allow"/);
});

test('inside a key policy Action string: KMS actions with access level and description, HealthLake\'s four first', () => {
  const items = complete(stmt('"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:|", "Resource": "*"'));
  const grant = items.find((i) => i.label === 'kms:CreateGrant');
  assert.ok(grant);
  assert.match(grant.detail ?? '', /Permissions management/);
  assert.match(grant.documentation ?? '', /grant/i);
  assert.ok(labels(items).includes('kms:*'));
  const sorted = [...items].sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label));
  assert.deepEqual(sorted.slice(0, 4).map((i) => i.label).sort(), ['kms:CreateGrant', 'kms:Decrypt', 'kms:DescribeKey', 'kms:GenerateDataKey']);
  assert.match(accept(stmt('"Action": ["kms:Desc|"], "Principal": {"AWS": "*"}'), 'kms:DescribeKey'), /\["kms:DescribeKey"\]/);
});

test('in an IAM policy, an Action offers service prefixes, then that service\'s actions', () => {
  const prefixes = complete(stmt('"Effect": "Allow", "Action": "|", "Resource": "*"'));
  const hl = prefixes.find((i) => i.label === 'healthlake:');
  assert.ok(hl?.retrigger);
  const actions = complete(stmt('"Effect": "Allow", "Action": "healthlake:|", "Resource": "*"'));
  assert.ok(labels(actions).includes('healthlake:CreateFHIRDatastore'));
  assert.ok(!labels(actions).some((l) => l.startsWith('kms:')));
});

test('condition operators, and condition keys valid for the statement\'s actions plus global keys', () => {
  const ops = labels(complete(stmt('"Action": "kms:Decrypt", "Principal": {"AWS": "*"}, "Condition": {"|"}')));
  assert.ok(ops.includes('StringEquals') && ops.includes('ForAllValues:StringEquals') && ops.includes('Bool'));
  const keys = complete(stmt('"Action": "kms:CreateGrant", "Principal": {"AWS": "*"}, "Condition": {"StringEquals": {"|"}}'));
  assert.ok(labels(keys).includes('kms:ViaService'));
  assert.ok(labels(keys).includes('kms:GrantOperations'));
  assert.ok(labels(keys).includes('aws:PrincipalOrgID'));
  const decryptKeys = labels(complete(stmt('"Action": "kms:Decrypt", "Principal": {"AWS": "*"}, "Condition": {"StringEquals": {"|"}}')));
  assert.ok(!decryptKeys.includes('kms:GrantOperations'), 'Decrypt has no grant keys');
  assert.ok(decryptKeys.includes('kms:EncryptionContext:<EncryptionContextKey>'));
});

test('condition values: regional ViaService names, grant operations, booleans, PassedToService', () => {
  const via = labels(complete(stmt('"Action": "kms:Decrypt", "Principal": {"AWS": "*"}, "Condition": {"StringEquals": {"kms:ViaService": "|"}}')));
  assert.equal(via[0], 'healthlake.us-west-2.amazonaws.com');
  assert.ok(via.includes('healthlake.us-east-1.amazonaws.com'));
  assert.ok(!via.includes('healthlake.amazonaws.com'), 'the global name never matches ViaService');
  const ops = labels(complete(stmt('"Action": "kms:CreateGrant", "Principal": {"AWS": "*"}, "Condition": {"ForAllValues:StringEquals": {"kms:GrantOperations": ["|"]}}')));
  assert.equal(ops.length, 9);
  assert.ok(ops.includes('GenerateDataKeyWithoutPlaintext'));
  const bool = accept(stmt('"Action": "kms:CreateGrant", "Principal": {"AWS": "*"}, "Condition": {"Bool": {"kms:GrantIsForAWSResource": |}}'), 'true');
  assert.match(bool, /"kms:GrantIsForAWSResource": true\}/);
  const passed = labels(complete(stmt('"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*", "Condition": {"StringEquals": {"iam:PassedToService": "|"}}')));
  assert.deepEqual(passed, ['healthlake.amazonaws.com']);
});

test('principal forms use the policy\'s account; Service principals offer HealthLake', () => {
  const aws = labels(complete('{"Statement": [{"Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": "kms:*"}, {"Principal": {"AWS": "|"}, "Action": "kms:Decrypt"}]}'));
  assert.ok(aws.includes('arn:aws:iam::444455556666:root'));
  assert.ok(aws.includes('*'));
  const service = labels(complete(stmt('"Principal": {"Service": "|"}, "Action": "sts:AssumeRole"')));
  assert.deepEqual(service, ['healthlake.amazonaws.com']);
  assert.ok(labels(complete(stmt('"Principal": {"|"}, "Action": "kms:Decrypt"'))).includes('AWS'));
});

test('a partial, unterminated document still completes', () => {
  const items = complete('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "kms:Gen|');
  assert.ok(labels(items).includes('kms:GenerateDataKey'));
  const item = items.find((i) => i.label === 'kms:GenerateDataKey')!;
  assert.equal(item.length, 'kms:Gen'.length);
});

test('JSON that is not a policy gets no completions', () => {
  assert.deepEqual(complete('{"name": "x", "version": "1.0.0", "|"}'), []);
  assert.deepEqual(complete('{"resourceType": "Patient", "id": "|"}'), []);
});

test('between statements: the HealthLake and account-root statements as templates', () => {
  const marked = '{"Version": "2012-10-17", "Statement": [\n  |\n]}';
  assert.ok(labels(complete(marked)).includes('HealthLake statement'));
  const text = accept(marked, 'Account-root statement');
  const model = jsonModel(s, text);
  assert.equal(model.statements.length, 1);
  assert.equal(model.statements[0]!.action?.items[0]?.value, 'kms:*');
});
