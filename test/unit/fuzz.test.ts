/**
 * Fuzzing the language service: generated JSON, policy-shaped documents with random types, keys and strings,
 * and mutations of the clean fixtures. No exception, every finding and fix inside the text, no internal error.
 * Any input that ever failed is kept in test/fixtures/fuzz-corpus/ and replayed first.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { analyzeJson, service } from '../support/service';
import { fuzzParams } from '../support/fuzz';
import type { KindSetting } from '../../server/src/service/types';

const corpusDir = join(__dirname, '..', 'fixtures', 'fuzz-corpus');
const cleanDir = join(__dirname, '..', 'fixtures', 'clean');
const services = { auto: service(), 'key-policy': service({ kind: 'key-policy' }), 'identity-policy': service({ kind: 'identity-policy' }) };

/** Throws when the service misbehaves on `text`. */
function checkText(text: string, kind: KindSetting = 'auto'): void {
  const s = services[kind];
  const findings = analyzeJson(s, text).findings;
  for (const f of findings) {
    if (f.ruleId === 'internal-error') throw new Error(f.message);
    const inside = (o: number, l: number) => Number.isInteger(o) && Number.isInteger(l) && o >= 0 && l >= 0 && o + l <= text.length;
    if (!inside(f.offset, f.length)) throw new Error(`${f.ruleId}: range ${f.offset}+${f.length} outside a text of ${text.length}`);
    for (const fix of f.data?.fixes ?? []) {
      for (const e of fix.edits) if (!inside(e.offset, e.length)) throw new Error(`${f.ruleId}: fix edit ${e.offset}+${e.length} outside the text`);
    }
  }
}

/** The kind of failure (the message without its numbers and names), or undefined when `text` passes. */
function failureOf(text: string, kind: KindSetting): string | undefined {
  try {
    checkText(text, kind);
    return undefined;
  } catch (e) {
    return String((e as Error).message).replace(/\d+/g, 'N').replace(/type \w+/g, 'type T');
  }
}

const corpus = (): { file: string; text: string; kind: KindSetting }[] => {
  let files: string[] = [];
  try { files = readdirSync(corpusDir).filter((f) => f.endsWith('.txt')); } catch { /* no corpus yet */ }
  return files.map((file) => {
    const kind = (file.split('.')[1] ?? 'auto') as KindSetting;
    return { file, text: readFileSync(join(corpusDir, file), 'utf8'), kind: kind in services ? kind : 'auto' };
  });
};

/** Runs a property; a counterexample of a new kind of failure is saved to the corpus before the test fails. */
function run<T>(arb: fc.Arbitrary<T>, toText: (v: T) => { text: string; kind?: KindSetting }, numRuns: number): void {
  const result = fc.check(fc.property(arb, (v) => { const { text, kind } = toText(v); checkText(text, kind); }), fuzzParams(numRuns));
  if (!result.failed) return;
  const { text, kind = 'auto' } = toText(result.counterexample![0]);
  const failure = failureOf(text, kind);
  const known = corpus().find((c) => failureOf(c.text, c.kind) === failure);
  let name = known?.file;
  if (!known) {
    mkdirSync(corpusDir, { recursive: true });
    name = `${createHash('sha1').update(text).digest('hex').slice(0, 12)}.${kind}.txt`;
    writeFileSync(join(corpusDir, name), text);
  }
  assert.fail(`fuzz failure (seed ${result.seed}; ${known ? 'same failure as' : 'saved as'} fuzz-corpus/${name}): ${String(result.errorInstance)}`);
}

const kinds = fc.constantFrom<KindSetting>('auto', 'auto', 'key-policy', 'identity-policy');

test('every input that once failed still passes', () => {
  const failures = corpus().map((c) => [c.file, failureOf(c.text, c.kind)]).filter(([, f]) => f !== undefined);
  assert.deepEqual(failures, []);
});

test('arbitrary JSON values', () => {
  run(fc.tuple(fc.jsonValue({ maxDepth: 6 }), fc.constantFrom(0, 2, '\t'), kinds), ([v, indent, kind]) => ({ text: JSON.stringify(v, null, indent) ?? 'null', kind }), 1000);
});

// Policy-shaped documents: the names and values rules look at, plus random ones, in random types.
const word = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('*', '', ' ', '${aws:username}', 'é', '“', '🔑'));
const action = fc.oneof(word, fc.constantFrom('kms:Decrypt', 'kms:*', 'kms:Decrpyt', 'KMS:decrypt', 'kms:List*', 'kms:CreateKey', 's3:GetObject',
  'healthlake:CreateFHIRDatastore', 'nosuch:Thing', 'kms:', ':', 'kms:Zz*'), fc.tuple(word, word).map(([a, b]) => `${a}:${b}`));
const arnish = fc.oneof(word, fc.constantFrom('*', 'arn:aws:iam::111122223333:root', 'arn:aws:iam::111122223333:HealthLakeFullAccessRole',
  'arn:aws:iam::111122223333:group/g', 'arn:aws:sts::111122223333:assumed-role/r/s', 'arn:aws:kms:us-east-1:111122223333:key/k', 'arn:', 'arn:aws',
  'arn:aws:iam::1:role/x', '111122223333', 'healthlake.amazonaws.com'), fc.array(word, { maxLength: 6 }).map((p) => `arn:${p.join(':')}`));
const scalar = fc.oneof(word, fc.integer(), fc.double({ noNaN: true }), fc.boolean(), fc.constant(null));
const anyValue = fc.oneof({ depthSize: 'small' }, scalar, fc.array(scalar, { maxLength: 3 }), fc.dictionary(word, scalar, { maxKeys: 3 }));
const listOf = <T>(a: fc.Arbitrary<T>) => fc.oneof(a, fc.array(a, { maxLength: 4 }), anyValue);
const operator = fc.oneof(word, fc.constantFrom('StringEquals', 'stringequals', 'StringLike', 'ForAllValues:StringEquals', 'ForAnyValue:StringLike',
  'ForAllValue:StringEquals', 'Bool', 'Null', 'NullIfExists', 'NumericLessThan', 'DateGreaterThan', 'IpAddress', 'NotIpAddress', 'ArnLike',
  'BinaryEquals', 'StringEqualsIfExists', 'IfExists', 'ForAnyValue:'));
const conditionKey = fc.oneof(word, fc.constantFrom('kms:ViaService', 'kms:CallerAccount', 'kms:GrantOperations', 'kms:GrantIsForAWSResource',
  'aws:SourceIp', 'aws:CurrentTime', 'aws:TagKeys', 'aws:ResourceTag/', 'aws:ResourceTag/x', 'kms:EncryptionContext:', 'kms:EncryptionContext:a',
  'kms:ViaServise', 'nosuch:key', 'aws:', ':', 'kms:RotationPeriodInDays'));
const condition = fc.oneof(anyValue, fc.dictionary(operator, fc.oneof(anyValue, fc.dictionary(conditionKey, listOf(scalar), { maxKeys: 3 })), { maxKeys: 3 }));
const principal = fc.oneof(arnish, anyValue, fc.dictionary(fc.constantFrom('AWS', 'Service', 'Federated', 'CanonicalUser', 'aws', 'Group'), listOf(arnish), { maxKeys: 3 }));
const elementName = (name: string) => fc.constantFrom(name, name, name, name.toLowerCase(), `${name}s`);
const statement = fc.tuple(
  fc.record({
    Sid: fc.oneof(word, anyValue), Effect: fc.oneof(fc.constantFrom('Allow', 'Deny', 'allow', 'Alow'), anyValue),
    Principal: principal, NotPrincipal: principal, Action: listOf(action), NotAction: listOf(action),
    Resource: listOf(arnish), NotResource: listOf(arnish), Condition: condition,
  }, { requiredKeys: [] }),
  fc.array(fc.tuple(fc.oneof(word, elementName('Action'), elementName('Effect'), elementName('Resource')), anyValue), { maxLength: 2 }),
).map(([st, extra]) => ({ ...st, ...Object.fromEntries(extra) }));
const policyDoc = fc.record({
  Version: fc.oneof(fc.constantFrom('2012-10-17', '2008-10-17', '2012-10-18'), anyValue),
  Id: word,
  Statement: fc.oneof(statement, fc.array(statement, { maxLength: 4 }), anyValue),
}, { requiredKeys: [] });

test('policy-shaped documents with random types, keys and strings', () => {
  run(fc.tuple(policyDoc, fc.constantFrom(0, 2), kinds), ([doc, indent, kind]) => ({ text: JSON.stringify(doc, null, indent), kind }), 1500);
});

test('mutations of the clean fixtures: deletions, insertions, truncation', () => {
  const clean = readdirSync(cleanDir).filter((f) => f.endsWith('.json')).map((f) => readFileSync(join(cleanDir, f), 'utf8'));
  const edit = fc.tuple(fc.nat(), fc.integer({ min: 0, max: 4 }), fc.oneof(fc.constant(''), fc.string({ maxLength: 4 }),
    fc.constantFrom('"', '{', '}', '[', ']', ',', ':', '\\', '\u0000', '\n', '“', '/*', '//')));
  const mutation = fc.tuple(fc.integer({ min: 0, max: clean.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 4 }), fc.boolean(), fc.nat(), kinds);
  run(mutation, ([which, edits, truncate, cut, kind]) => {
    let text = clean[which]!;
    for (const [at, remove, insert] of edits) {
      const i = at % (text.length + 1);
      text = text.slice(0, i) + insert + text.slice(i + remove);
    }
    if (truncate) text = text.slice(0, cut % (text.length + 1));
    return { text, kind };
  }, 1500);
});
