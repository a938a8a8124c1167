import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { jsonModel, lint, service } from '../../support/service';
import { AWS_EXAMPLES } from './awsExamples';

const dir = join(__dirname, '..', '..', 'fixtures', 'clean');
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

test('the clean fixtures are there', () => {
  assert.ok(files.length >= 4, `only ${files.length} clean policies`);
});

for (const file of files) {
  test(`AWS's documented policy ${file} has no error and no warning`, () => {
    const text = readFileSync(join(dir, file), 'utf8');
    const loud = lint(text).filter((f) => f.severity === 'error' || f.severity === 'warning');
    assert.deepEqual(loud.map((f) => `${f.ruleId}: ${f.message} (${JSON.stringify(text.slice(f.offset, f.offset + f.length))})`), []);
  });

  test(`${file} is recognised as the kind of policy it is`, () => {
    const text = readFileSync(join(dir, file), 'utf8');
    assert.equal(jsonModel(service(), text).kind, file.includes('identity') ? 'identity-policy' : 'key-policy');
  });
}

for (const [name, doc] of Object.entries(AWS_EXAMPLES)) {
  test(`AWS's published example "${name}" has no error and no warning`, () => {
    const text = JSON.stringify(doc, null, 2);
    const loud = lint(text).filter((f) => f.severity === 'error' || f.severity === 'warning');
    assert.deepEqual(loud.map((f) => `${f.ruleId}: ${f.message} (${JSON.stringify(text.slice(f.offset, f.offset + f.length))})`), []);
  });
}
