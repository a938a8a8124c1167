/**
 * Fuzzing the template readers (placeholders of every kind, Jinja blocks, intrinsic objects in JSON policies):
 * unbalanced and misplaced markers, generated templates, huge inputs. A clear finding or silence, never an exception,
 * an internal error, a range outside the text or a hang. Failing inputs are kept in test/fixtures/fuzz-corpus/hosts/
 * and replayed by hostsFuzz.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { failureOf, run } from './hostsFuzzSupport';
import { analyze, describe, serious } from './support';

const dir = join(__dirname, '..', '..', 'fixtures', 'templated');
const files = readdirSync(dir).map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }));

test('the templated fixtures, written as real projects write them, lint without an error or a warning', () => {
  assert.ok(files.length >= 6);
  for (const { name, text } of files) {
    const a = analyze(text, name);
    assert.ok(a.sites.length > 0, `${name}: no policy read`);
    assert.deepEqual(serious(a.findings), [], `${name}\n${describe(text, a.findings)}`);
  }
});

const MARKERS = ['{{', '}}', '{{{', '}}}', '{%', '%}', '{#', '#}', '${', '#{', '%{', '<', '>', '{{#each x}}', '{{/each}}', '{{else}}', '{% if x %}',
  '{% endif %}', '{% for r in rs %}', '{% endfor %}', '{{ x }}', '${self:custom.x}', '${aws:accountId}', '<ACCOUNT_ID>', '{"Ref": "AWS::AccountId"}',
  '{"Fn::Sub": "${AWS::Region}"}', '{"Fn::If": ["c", 1]}', '"', ',', '\n', '  ', '[', ']', '{', '}'];

test('template markers inserted, deleted and unbalanced in the templated fixtures', () => {
  const edit = fc.tuple(fc.nat(), fc.integer({ min: 0, max: 6 }), fc.oneof(fc.constant(''), fc.string({ maxLength: 3 }), fc.constantFrom(...MARKERS)));
  run(fc.tuple(fc.integer({ min: 0, max: files.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 6 }), fc.boolean(), fc.nat()), ([i, edits, cut, at]) => {
    let text = files[i]!.text;
    for (const [pos, remove, insert] of edits) {
      const p = pos % (text.length + 1);
      text = text.slice(0, p) + insert + text.slice(p + remove);
    }
    if (cut) text = text.slice(0, at % (text.length + 1));
    return { text, name: files[i]!.name };
  }, 300);
});

test('generated policies of markers and JSON punctuation, as .json, .json.j2, .yaml and .tpl files', () => {
  const token = fc.constantFrom(...MARKERS, '"Version": "2012-10-17"', '"Statement": [', '"Effect": "Allow"', '"Principal": {"AWS": ', '"Action": "kms:*"',
    '"Resource": "*"', ': ', 'Statement:', '- Effect: Allow', 'KeyPolicy:', '"arn:aws:iam::', ':root"');
  const head = { json: '', yaml: "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  K:\n    Type: AWS::KMS::Key\n    Properties:\n      KeyPolicy:\n        " };
  run(fc.tuple(fc.array(token, { maxLength: 40 }), fc.constantFrom('p.json', 'p.json.j2', 'p.tpl', 't.yaml', 't.yaml.j2')), ([tokens, name]) => {
    const yaml = name.includes('yaml');
    return { text: (yaml ? head.yaml : '{') + tokens.join(yaml ? '\n        ' : ' ') + (yaml ? '\n' : '}'), name };
  }, 300);
});

test('huge and unbalanced template text gets a clear finding or silence', () => {
  const statement = '{"Effect": "Allow", "Principal": {"AWS": ${admins}}, "Action": "kms:*", "Resource": "*"}';
  const cases: [string, string][] = [
    [`{"Version": "2012-10-17", "Statement": [${Array.from({ length: 5000 }, () => statement).join(',')}]}`, 'big.json'],
    [`{"Version": "2012-10-17", "Statement": [${'{% if x %}'.repeat(20_000)}${statement}]}`, 'open.json.j2'],
    [`{"Version": "2012-10-17", "Statement": [${statement}${'{% endif %}'.repeat(20_000)}]}`, 'close.json.j2'],
    [`{"Version": "2012-10-17", "Statement": [${'{{'.repeat(50_000)}]}`, 'braces.json.tpl'],
    [`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Resource": "${'${'.repeat(50_000)}"}]}`, 'dollars.json'],
    [`{"Version": "2012-10-17", "Statement": [${'{"Ref": '.repeat(3000)}"x"${'}'.repeat(3000)}]}`, 'refs.json'],
    [`AWSTemplateFormatVersion: '2010-09-09'\nResources:\n${'{% for x in y %}\n'.repeat(20_000)}`, 'loops.yaml'],
    [`AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  K:\n    Type: AWS::KMS::Key\n    Properties:\n      KeyPolicy: {{ ${'x'.repeat(100_000)} }}\n`, 'long.yaml'],
  ];
  for (const [text, name] of cases) assert.equal(failureOf(text, name), undefined, `${name} of ${text.length} characters`);
});
