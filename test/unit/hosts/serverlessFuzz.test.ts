/**
 * Fuzzing the Serverless Framework host: mutated service files, generated ones with variables, intrinsics, anchors
 * and merge keys anywhere a value may be, huge and deeply nested files. A clear finding or silence, never an
 * exception, an internal error or a range outside the text. The seed comes from test/support/fuzz.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { failureOf, run } from './hostsFuzzSupport';
import { analyze, span } from './support';

const samples = join(__dirname, '..', '..', '..', 'samples');
const files = ['good', 'bad'].map((d) => readFileSync(join(samples, d, 'serverless', 'serverless.yml'), 'utf8'));

test('mutations of the service file samples: YAML punctuation, variables and anchors inserted, deleted, truncated', () => {
  const edit = fc.tuple(fc.nat(), fc.integer({ min: 0, max: 6 }), fc.oneof(fc.constant(''), fc.string({ maxLength: 3 }),
    fc.constantFrom(':', ': ', '- ', '!Ref ', '!GetAtt ', '&a ', '*a', '<<: *a\n', '${self:', '${file(./x.yml)}', '#{AWS::AccountId}', '}', '{', '[', ']', "'", '"', '\n', '  ', '#', '\t', '---\n')));
  run(fc.tuple(fc.integer({ min: 0, max: files.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 5 }), fc.boolean(), fc.nat()), ([i, edits, cut, at]) => {
    let text = files[i]!;
    for (const [pos, remove, insert] of edits) {
      const p = pos % (text.length + 1);
      text = text.slice(0, p) + insert + text.slice(p + remove);
    }
    if (cut) text = text.slice(0, at % (text.length + 1));
    return { text, name: 'serverless.yml' };
  }, 300);
});

const word = fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('*', 'kms:*', 's3:GetObject', 'Allow', 'Deny', '${self:custom.x}', '${opt:stage, "dev"}',
  '${aws:accountId}', '${file(./s.yml)}', 'arn:aws:iam::${aws:accountId}:root', '#{AWS::Region}', 'Queue', 'Key'));
const leaf = fc.oneof(word, fc.integer(), fc.boolean(), fc.constant(null));
const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, fc.record({ 'Fn::GetAtt': fc.tuple(word, word) }), fc.record({ Ref: word }),
    fc.record({ 'Fn::Join': fc.tuple(word, fc.array(tie('value'), { maxLength: 3 })) }), fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(word, tie('value'), { maxKeys: 3 })),
}));
const statement = fc.record({ Effect: fc.oneof(fc.constantFrom('Allow', 'Deny'), value), Action: value, Resource: value, Principal: value, Condition: value }, { requiredKeys: [] });
const statements = fc.oneof(fc.array(fc.oneof(statement, word), { maxLength: 3 }), value);
const serviceArb = fc.record({
  service: word,
  provider: fc.record({ name: fc.constant('aws'), iamRoleStatements: statements, iam: fc.record({ role: fc.oneof(word, fc.record({ statements, managedPolicies: value }, { requiredKeys: [] })) }, { requiredKeys: [] }) }, { requiredKeys: ['name'] }),
  functions: fc.oneof(fc.dictionary(word, fc.record({ handler: word, iamRoleStatements: statements }, { requiredKeys: [] }), { maxKeys: 2 }), value),
  resources: fc.oneof(value, fc.record({ Resources: fc.dictionary(fc.constantFrom('Key', 'Queue', 'Store'), fc.record({
    Type: fc.constantFrom('AWS::KMS::Key', 'AWS::SQS::Queue', 'AWS::HealthLake::FHIRDatastore', 'AWS::IAM::Role'),
    Properties: fc.record({ KeyPolicy: fc.record({ Version: fc.constant('2012-10-17'), Statement: statements }), Policies: value }, { requiredKeys: [] }) }), { maxKeys: 3 }) })),
}, { requiredKeys: ['service', 'provider'] });

test('generated service files, in YAML (with anchors and aliases for repeated values) and JSON', () => {
  run(fc.tuple(serviceArb, fc.constantFrom('yaml', 'json')), ([s, form]) => (form === 'json'
    ? { text: JSON.stringify(s, null, 2), name: 'serverless.json' }
    : { text: stringify(s, { lineWidth: 0, aliasDuplicateObjects: true }), name: 'serverless.yml' }), 300);
});

test('huge and deeply nested service files get a clear finding or silence', () => {
  const head = 'service: big\nprovider:\n  name: aws\n  iamRoleStatements:\n';
  const item = '    - Effect: Allow\n      Action: s3:GetObject\n      Resource: arn:aws:s3:::${self:custom.bucket}/*\n';
  const deepBlock = head + Array.from({ length: 3000 }, (_, i) => `${' '.repeat(4 + 2 * i)}- a${i}:\n`).join('');
  const deepFlow = `${head}    - ${'['.repeat(5000)}${']'.repeat(5000)}\n`;
  const merges = `service: m\ncustom:\n  a0: &a0 {Effect: Allow}\n${Array.from({ length: 200 }, (_, i) => `  a${i + 1}: &a${i + 1}\n    <<: *a${i}\n    Action: s3:GetObject\n`).join('')}provider:\n  name: aws\n  iamRoleStatements:\n    - <<: *a200\n      Resource: "*"\n`;
  for (const text of [head + item.repeat(20000), deepBlock, deepFlow, merges]) {
    assert.equal(failureOf(text, 'serverless.yml'), undefined, `${text.length} characters`);
  }
});

test('aliases of aliases that stand for billions of values: one warning at the list, nothing expanded', () => {
  const levels = Array.from({ length: 30 }, (_, i) => `  a${i + 1}: &a${i + 1} [*a${i}, *a${i}]\n`).join('');
  const text = `service: laughs\ncustom:\n  a0: &a0 {Effect: Allow, Action: s3:GetObject, Resource: "*"}\n${levels}provider:\n  name: aws\n  iam:\n    role:\n      statements: *a30\n`;
  assert.equal(failureOf(text, 'serverless.yml'), undefined);
  const a = analyze(text, 'serverless.yml');
  assert.deepEqual(a.findings.map((f) => [f.ruleId, f.severity, span(text, f)]), [['template-syntax', 'warning', 'statements']]);
  assert.deepEqual(a.sites, []);
});
