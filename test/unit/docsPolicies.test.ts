import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lint } from '../support/service';

const root = join(__dirname, '..', '..');

for (const file of ['docs/inspect-permissions.json', 'docs/apply-permissions.json']) {
  test(`${file}, the permissions the README documents, is a lint-clean identity policy`, () => {
    const findings = lint(readFileSync(join(root, file), 'utf8'));
    assert.deepEqual(findings.filter((f) => f.severity === 'error' || f.severity === 'warning').map((f) => `${f.ruleId}: ${f.message}`), []);
  });
}
