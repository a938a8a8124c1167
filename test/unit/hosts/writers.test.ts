import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument } from 'yaml';
import { applyEdits } from '../../../server/src/service/edits';
import type { HostChange, HostValue } from '../../../server/src/service/hosts/types';
import { plainSafe } from '../../../server/src/service/hosts/writers/yamlText';
import { analyze, applyHostFix, fixture } from './support';

const TEMPLATE = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Version: 2012-10-17
        Statement:
          - Sid: Root
            Effect: Allow
            Principal:
              AWS: !Sub arn:aws:iam::\${AWS::AccountId}:root
            Action: kms:*
            Resource: '*'
          - Sid: Reader
            Effect: Allow
            Principal: {AWS: !Sub "arn:aws:iam::\${AWS::AccountId}:role/Reader"}
            Action: [kms:Decrypt, kms:DescribeKey]
            Resource: '*'
`;

const site = (text = TEMPLATE) => analyze(text).sites[0]!.site;
const entry = (v: HostValue, key: string) => (v.type === 'object' ? v.entries.find((e) => e.key === key)! : assert.fail('not an object'));
const statement = (i: number, text = TEMPLATE) => {
  const st = entry(site(text).value, 'Statement').value;
  return st.type === 'array' ? st.items[i]! : assert.fail('no statements');
};
const write = (changes: HostChange[], text = TEMPLATE) => {
  const edits = site(text).writer.write(text, changes);
  assert.ok(edits, 'the change could not be written');
  const out = applyEdits(text, edits);
  assert.deepEqual(parseDocument(out).errors, [], out);
  return out;
};
const policyOf = (text: string) => (parseDocument(text, { customTags: [{ tag: '!Sub', resolve: (s: string) => s }] }).toJS() as {
  Resources: { Key: { Properties: { KeyPolicy: { Statement: Record<string, unknown>[] } } } } }).Resources.Key.Properties.KeyPolicy;

test('a replaced scalar keeps its quotes; a plain one is quoted only when plain YAML would change its meaning', () => {
  const root = statement(0);
  const resource = entry(root, 'Resource').value;
  assert.match(write([{ op: 'replace', at: resource, value: 'x*' }]), /Resource: 'x\*'\n/);
  const action = entry(root, 'Action').value;
  assert.match(write([{ op: 'replace', at: action, value: 'kms:Decrypt' }]), /Action: kms:Decrypt\n/);
  assert.match(write([{ op: 'replace', at: action, value: '*' }]), /Action: "\*"\n/);
  assert.match(write([{ op: 'replace', at: action, value: ['kms:Decrypt', 'kms:Encrypt'] }]), /Action: \[kms:Decrypt, kms:Encrypt\]\n/);
  for (const s of ['true', 'null', '2012-10-17', '123', '- x', 'a: b', 'a #b', ' x', '', '@x', '*']) assert.equal(plainSafe(s), false, s);
  for (const s of ['kms:Decrypt', 'arn:aws:iam::111122223333:root', 'healthlake.us-east-1.amazonaws.com', 'Allow']) assert.equal(plainSafe(s), true, s);
});

test('a new entry goes below its siblings at their indentation, in block or flow style', () => {
  const root = statement(0);
  const block = write([{ op: 'add-entry', parent: root as HostValue & { type: 'object' }, key: 'Condition', value: { Bool: { 'aws:SecureTransport': 'true' } } }]);
  assert.match(block, /Resource: '\*'\n {12}Condition:\n {14}Bool:\n {16}aws:SecureTransport: "true"\n/);
  const principal = entry(statement(1), 'Principal').value as HostValue & { type: 'object' };
  assert.match(write([{ op: 'add-entry', parent: principal, key: 'Service', value: 'healthlake.amazonaws.com' }]),
    /Principal: \{AWS: !Sub "[^"]+", Service: healthlake\.amazonaws\.com\}\n/);
});

test('new items in block and flow sequences; a new statement as a block mapping', () => {
  const statements = entry(site().value, 'Statement').value as HostValue & { type: 'array' };
  const out = write([{ op: 'insert-item', parent: statements, index: 2, value: { Sid: 'New', Effect: 'Allow', Action: ['kms:Decrypt'], Resource: '*' } }]);
  assert.match(out, /\n {10}- Sid: New\n {12}Effect: Allow\n {12}Action:\n {14}- kms:Decrypt\n {12}Resource: "\*"\n/);
  assert.equal(policyOf(out).Statement.length, 3);
  const action = entry(statement(1), 'Action').value as HostValue & { type: 'array' };
  assert.match(write([{ op: 'insert-item', parent: action, index: 2, value: 'kms:GenerateDataKey' }]), /Action: \[kms:Decrypt, kms:DescribeKey, kms:GenerateDataKey\]\n/);
  assert.match(write([{ op: 'insert-item', parent: action, index: 0, value: 'kms:Encrypt' }]), /Action: \[kms:Encrypt, kms:Decrypt, kms:DescribeKey\]\n/);
});

test('removing entries and items deletes their lines (or their flow text) and nothing else', () => {
  const root = statement(0) as HostValue & { type: 'object' };
  const out = write([{ op: 'remove-entry', parent: root, entry: entry(root, 'Resource') }]);
  assert.equal(out, TEMPLATE.replace("            Resource: '*'\n", ''));
  // The first entry of an item sits behind the dash: the next entry moves up.
  const sid = write([{ op: 'remove-entry', parent: root, entry: entry(root, 'Sid') }]);
  assert.match(sid, /\n {10}- Effect: Allow\n {12}Principal:\n/);
  const statements = entry(site().value, 'Statement').value as HostValue & { type: 'array' };
  assert.equal(policyOf(write([{ op: 'remove-item', parent: statements, index: 1 }])).Statement.length, 1);
  const action = entry(statement(1), 'Action').value as HostValue & { type: 'array' };
  assert.match(write([{ op: 'remove-item', parent: action, index: 0 }]), /Action: \[kms:DescribeKey\]\n/);
});

test('a renamed key keeps its place and style', () => {
  const root = statement(0);
  assert.match(write([{ op: 'rename-key', at: entry(root, 'Resource'), key: 'NotResource' }]), /\n {12}NotResource: '\*'\n/);
});

test('the quick fixes of the rule fixtures work in YAML as minimal edits that keep the YAML valid', () => {
  for (const name of ['guide-example.yaml', 'json-string-policies.yaml', 'reference-mistakes.yaml', 'datastore-key.yaml']) {
    const text = fixture(name);
    for (const f of analyze(text).findings) {
      for (const fix of f.data?.fixes ?? []) {
        const out = applyHostFix(text, f, fix.title);
        assert.deepEqual(parseDocument(out).errors.map((e) => e.message), [], `${name} ${f.ruleId} ${fix.title}`);
        const [edit] = fix.edits;
        assert.ok(fix.edits.length <= 2 && edit, `${name} ${f.ruleId}: ${fix.edits.length} edits`);
        const s = analyze(text).sites.find((x) => x.site.range.offset <= edit.offset && edit.offset <= x.site.range.offset + x.site.range.length + 200);
        assert.ok(s || f.ruleId === 'ref-role-as-principal' || f.ruleId === 'sub-policy-variable', `${name} ${f.ruleId}: an edit outside every policy`);
      }
    }
  }
});

test('fixes in a template with Windows line endings keep them', () => {
  const crlf = fixture('guide-example.yaml').replace(/\n/g, '\r\n');
  for (const f of analyze(crlf).findings) {
    for (const fix of f.data?.fixes ?? []) {
      const out = applyHostFix(crlf, f, fix.title);
      assert.equal(/[^\r]\n|\r(?!\n)/.test(out), false, `${f.ruleId} ${fix.title}: ${JSON.stringify(fix.edits)}`);
      assert.deepEqual(parseDocument(out).errors, []);
    }
  }
});
