/**
 * Fuzzing the host extractors and the engine: mutated templates, generated templates full of intrinsics, malformed,
 * huge and deeply nested files. A clear finding or silence, never an exception, an internal error or a range outside
 * the text. Failing inputs are kept in test/fixtures/fuzz-corpus/hosts/ and replayed first.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { applyEdits } from '../../../server/src/service/edits';
import { service } from '../../support/service';

const corpusDir = join(__dirname, '..', '..', 'fixtures', 'fuzz-corpus', 'hosts');
const fixturesDir = join(__dirname, '..', '..', 'fixtures', 'hosts');
const seed = process.env.HLKMS_FUZZ_SEED ? Number(process.env.HLKMS_FUZZ_SEED) : undefined;
const scale = Number(process.env.HLKMS_FUZZ_SCALE ?? 1);
const s = service();

/** Throws when the engine misbehaves on a host file. */
function check(text: string, name: string, depth = 0): void {
  const a = s.analyze({ uri: `file:///fuzz/${name}`, text });
  if (!a) return;
  const inside = (o: number, l: number) => Number.isInteger(o) && Number.isInteger(l) && o >= 0 && l >= 0 && o + l <= text.length;
  for (const f of a.findings) {
    if (f.ruleId === 'internal-error') throw new Error(f.message);
    if (!inside(f.offset, f.length)) throw new Error(`${f.ruleId}: range ${f.offset}+${f.length} outside a text of ${text.length}`);
    for (const fix of f.data?.fixes ?? []) {
      for (const e of fix.edits) if (!inside(e.offset, e.length)) throw new Error(`${f.ruleId}: fix edit outside the text`);
      if (depth === 0) check(applyEdits(text, fix.edits), name, 1);
    }
  }
  for (const site of a.sites) if (!inside(site.site.range.offset, site.site.range.length)) throw new Error(`site ${site.site.name} outside the text`);
}

const failureOf = (text: string, name: string): string | undefined => {
  try { check(text, name); return undefined; } catch (e) { return String((e as Error).message).replace(/\d+/g, 'N'); }
};

const corpus = (): { file: string; text: string }[] => {
  let files: string[] = [];
  try { files = readdirSync(corpusDir); } catch { /* none yet */ }
  return files.map((file) => ({ file, text: readFileSync(join(corpusDir, file), 'utf8') }));
};
/** The corpus file name keeps the host's extension: `<hash>.<name>`. */
const hostName = (file: string) => file.slice(file.indexOf('.') + 1);

function run<T>(arb: fc.Arbitrary<T>, toInput: (v: T) => { text: string; name: string }, numRuns: number): void {
  const result = fc.check(fc.property(arb, (v) => { const { text, name } = toInput(v); check(text, name); }), { numRuns: Math.round(numRuns * scale), seed });
  if (!result.failed) return;
  const { text, name } = toInput(result.counterexample![0]);
  const failure = failureOf(text, name);
  const known = corpus().find((c) => failureOf(c.text, hostName(c.file)) === failure);
  let file = known?.file;
  if (!known) {
    mkdirSync(corpusDir, { recursive: true });
    file = `${createHash('sha1').update(text).digest('hex').slice(0, 12)}.${name}`;
    writeFileSync(join(corpusDir, file), text);
  }
  assert.fail(`fuzz failure (seed ${result.seed}; ${known ? 'same failure as' : 'saved as'} fuzz-corpus/hosts/${file}): ${String(result.errorInstance)}`);
}

test('every host input that once failed still passes', () => {
  assert.deepEqual(corpus().map((c) => [c.file, failureOf(c.text, hostName(c.file))]).filter(([, f]) => f !== undefined), []);
});

test('mutations of the host fixtures: YAML and JSON punctuation inserted, deleted, truncated', () => {
  const files = readdirSync(fixturesDir).map((f) => ({ name: f, text: readFileSync(join(fixturesDir, f), 'utf8') }));
  const edit = fc.tuple(fc.nat(), fc.integer({ min: 0, max: 6 }), fc.oneof(fc.constant(''), fc.string({ maxLength: 3 }),
    fc.constantFrom(':', ': ', '- ', '!', '!Ref ', '!Sub ', '&a ', '*a', '|', '>', "'", '"', '\n', '  ', '{', '}', '[', ']', '#', '\t', '${', '}}', '{{', '\\', '---\n')));
  run(fc.tuple(fc.integer({ min: 0, max: files.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 5 }), fc.boolean(), fc.nat()), ([i, edits, cut, at]) => {
    let text = files[i]!.text;
    for (const [pos, remove, insert] of edits) {
      const p = pos % (text.length + 1);
      text = text.slice(0, p) + insert + text.slice(p + remove);
    }
    if (cut) text = text.slice(0, at % (text.length + 1));
    return { text, name: files[i]!.name };
  }, 400);
});

// Templates generated with intrinsics anywhere a value may be.
const word = fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('Key', 'Role', 'Env', 'AWS::AccountId', 'AWS::NoValue', 'IsProd', 'Arn', '*', 'kms:*', 'arn:aws:iam::111122223333:root'));
const leaf = fc.oneof(word, fc.integer(), fc.boolean(), fc.constant(null));
const intrinsic = (inner: fc.Arbitrary<unknown>) => fc.oneof(
  fc.record({ Ref: word }), fc.record({ 'Fn::Sub': fc.oneof(word, fc.tuple(word, fc.dictionary(word, inner, { maxKeys: 2 }))) }),
  fc.record({ 'Fn::GetAtt': fc.oneof(word, fc.tuple(word, word)) }), fc.record({ 'Fn::If': fc.tuple(word, inner, inner) }),
  fc.record({ 'Fn::Join': fc.tuple(word, fc.array(inner, { maxLength: 3 })) }), fc.record({ 'Fn::Select': fc.tuple(fc.oneof(fc.integer(), word), inner) }),
  fc.record({ 'Fn::Split': fc.tuple(word, inner) }), fc.record({ 'Fn::ImportValue': inner }), fc.record({ 'Fn::If': inner }));
const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, intrinsic(tie('value')), fc.array(tie('value'), { maxLength: 3 }), fc.dictionary(word, tie('value'), { maxKeys: 3 })),
}));
const statement = fc.record({ Sid: value, Effect: fc.oneof(fc.constantFrom('Allow', 'Deny'), value), Principal: value, Action: value, Resource: value, Condition: value }, { requiredKeys: [] });
const policyDoc = fc.record({ Version: fc.constantFrom('2012-10-17', 2012), Statement: fc.oneof(fc.array(statement, { maxLength: 3 }), value) }, { requiredKeys: [] });
const resourceType = fc.constantFrom('AWS::KMS::Key', 'AWS::IAM::Role', 'AWS::IAM::Policy', 'AWS::HealthLake::FHIRDatastore', 'AWS::KMS::Alias', 'AWS::S3::Bucket');
const props = fc.record({ KeyPolicy: fc.oneof(policyDoc, value, fc.string()), AssumeRolePolicyDocument: policyDoc, PolicyDocument: policyDoc,
  Policies: fc.array(fc.record({ PolicyDocument: policyDoc }), { maxLength: 2 }), TargetKeyId: value, AliasName: word,
  SseConfiguration: fc.record({ KmsEncryptionConfig: fc.record({ CmkType: word, KmsKeyId: value }) }) }, { requiredKeys: [] });
const templateArb = fc.dictionary(fc.constantFrom('Key', 'Role', 'Alias', 'Store', 'Other'), fc.record({ Type: resourceType, Properties: props }), { maxKeys: 4 })
  .map((Resources) => ({ AWSTemplateFormatVersion: '2010-09-09', Parameters: { Env: { Type: 'String' } }, Resources }));

test('generated templates with intrinsics anywhere, in YAML (long and short forms) and JSON', () => {
  const shortForms = (yaml: string) => yaml.replace(/^(\s*)(-\s+)?Fn::(Sub|GetAtt|If|Join|Select|Split|ImportValue):/gm, '$1$2!$3').replace(/Ref: /g, '!Ref ');
  run(fc.tuple(templateArb, fc.constantFrom('yaml', 'short', 'json')), ([t, form]) => {
    if (form === 'json') return { text: JSON.stringify(t, null, 2), name: 'template.json' };
    const yaml = stringify(t, { lineWidth: 0 });
    return { text: form === 'short' ? shortForms(yaml) : yaml, name: 'template.yaml' };
  }, 300);
});

test('huge and deeply nested templates get a clear finding or silence', () => {
  const head = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Key:\n    Type: AWS::KMS::Key\n    Properties:\n      KeyPolicy:\n';
  const deepBlock = head + Array.from({ length: 3000 }, (_, i) => `${' '.repeat(8 + 2 * i)}a${i}:\n`).join('');
  const deepFlow = `${head}        Statement: ${'['.repeat(5000)}${']'.repeat(5000)}\n`;
  const deepIf = `${head}        Statement: ${'!If [c, '.repeat(300)}x${', y]'.repeat(300)}\n`;
  const deepJson = `{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"K": {"Type": "AWS::KMS::Key", "Properties": {"KeyPolicy": ${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}}}}}`;
  const statement = '          - Effect: Allow\n            Principal: {AWS: !Sub "arn:aws:iam::${AWS::AccountId}:root"}\n            Action: kms:*\n            Resource: "*"\n';
  const huge = `${head}        Version: 2012-10-17\n        Statement:\n${statement.repeat(20000)}`;
  const unterminated = `${head}        Version: "2012-10-17\n        Statement: [{Effect: Allow\n`;
  for (const [text, name] of [[deepBlock, 't.yaml'], [deepFlow, 't.yaml'], [deepIf, 't.yaml'], [deepJson, 't.json'], [huge, 't.yaml'], [unterminated, 't.yaml']] as const) {
    assert.equal(failureOf(text, name), undefined, `${name} of ${text.length} characters`);
  }
});
