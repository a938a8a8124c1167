import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument } from 'yaml';
import { hostPolicies } from '../../../server/src/service/hosts/api';
import { applyEdits } from '../../../server/src/service/edits';
import { service } from '../../support/service';
import { analyze, fixture, serious, span } from './support';

const guide = fixture('guide-example.yaml');
const at = (text: string, s: string, delta = 1) => text.indexOf(s) + delta;

test('hover on an action and a condition key inside a YAML template', () => {
  const s = service();
  const a = analyze(guide);
  const action = s.hover(a, at(guide, 'kms:GenerateDataKey', 5));
  assert.ok(action);
  assert.equal(span(guide, action), 'kms:GenerateDataKey');
  assert.match(action.markdown, /GenerateDataKey/);
  const key = s.hover(a, at(guide, 'kms:ViaService', 4));
  assert.ok(key);
  assert.match(key.markdown, /ViaService/);
  assert.equal(s.hover(a, at(guide, 'Description:')), undefined);
});

test('completion of actions inside a YAML scalar replaces the typed text', () => {
  const text = guide.replace('- kms:DescribeKey', '- kms:Descr');
  const s = service();
  const offset = text.indexOf('kms:Descr') + 'kms:Descr'.length;
  const items = s.complete(analyze(text), offset);
  const describeKey = items.find((i) => i.label === 'kms:DescribeKey' || i.insertText === 'kms:DescribeKey');
  assert.ok(describeKey, items.slice(0, 5).map((i) => i.label).join());
  assert.equal(span(text, describeKey), 'kms:Descr');
});

test('document symbols: one per policy, named by logical id and property, with its statements', () => {
  const symbols = service().documentSymbols(analyze(fixture('clean-healthlake.yaml')));
  assert.deepEqual(symbols.map((s) => s.name), ['HealthLakeRole.AssumeRolePolicyDocument', 'HealthLakeKeyUse.PolicyDocument', 'DatastoreKey.KeyPolicy']);
  const key = symbols[2]!;
  assert.deepEqual(key.children.map((c) => c.name), ['Enable IAM policies', 'Allow use of the key by HealthLake', 'Deny deletion in production']);
});

test('refactors add a statement to the policy the range touches, in YAML block style', () => {
  const text = fixture('datastore-key.yaml');
  const s = service();
  const a = analyze(text);
  const actions = s.codeActions(a, [], ['refactor.rewrite'], undefined, { offset: text.indexOf('Sid: Writer'), length: 0 });
  const add = actions.find((x) => x.title.startsWith('Add the HealthLake statement'));
  assert.ok(add, actions.map((x) => x.title).join());
  const out = applyEdits(text, add.edits);
  assert.deepEqual(parseDocument(out).errors, []);
  assert.match(out, /\n {10}- Sid: Allow use of the key by HealthLake\n {12}Effect: Allow\n/);
  assert.deepEqual(s.codeActions(a, [], ['refactor.rewrite'], undefined, { offset: 0, length: 1 }), []);
});

test('fix all applies every safe fix of the file at once', () => {
  const text = fixture('reference-mistakes.yaml');
  const s = service();
  const a = analyze(text);
  const [all] = s.codeActions(a, [], ['source.fixAll.hlkms']);
  assert.ok(all);
  const out = applyEdits(text, all.edits);
  assert.deepEqual(parseDocument(out).errors, []);
  const left = serious(analyze(out).findings).map((f) => f.ruleId);
  assert.ok(!left.includes('ref-role-as-principal') && !left.includes('sub-policy-variable'), left.join());
});

test('quick fixes come from the diagnostics as they are', () => {
  const a = analyze(guide);
  const via = a.findings.find((f) => f.ruleId === 'healthlake-via-service')!;
  const actions = service().codeActions(a, [{ data: via.data }], ['quickfix']);
  assert.equal(actions[0]?.isPreferred, true);
  assert.deepEqual(actions[0]?.edits, via.data?.fixes?.[0]?.edits);
});

test('the policies of a template, for the JSON output: name, kind and range', () => {
  const text = fixture('clean-healthlake.yaml');
  const policies = hostPolicies(analyze(text));
  assert.deepEqual(policies.map((p) => [p.name, p.kind]), [
    ['HealthLakeRole.AssumeRolePolicyDocument', 'resource-policy'], ['HealthLakeKeyUse.PolicyDocument', 'identity-policy'], ['DatastoreKey.KeyPolicy', 'key-policy']]);
  assert.match(span(text, policies[2]!.range), /^Version: 2012-10-17\n\s+Statement:/);
});
