import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generatedReadme, rulesMarkdown } from '../../scripts/gen-docs';
import { rules } from '../../server/src/service/rules/index';

const root = join(__dirname, '..', '..');

test('docs/rules.md and the README tables match the rules and package.json (run `npm run docs`)', () => {
  assert.equal(readFileSync(join(root, 'docs', 'rules.md'), 'utf8'), rulesMarkdown());
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  assert.equal(readme, generatedReadme(readme));
});

test('every rule has a unique kebab-case id and a one-line description', () => {
  const ids = new Set<string>();
  for (const r of rules) {
    assert.match(r.id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
    assert.ok(!ids.has(r.id), `duplicate rule id ${r.id}`);
    ids.add(r.id);
    assert.ok(r.description.length > 10 && !r.description.includes('\n'), r.id);
  }
});
