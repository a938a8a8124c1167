/**
 * The test templates are real templates: cfn-lint (when installed) finds nothing in them but the mistakes planted on
 * purpose, so what hlkms reports there is about the policies, not about a template CloudFormation would reject anyway.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const dir = join(__dirname, '..', '..', 'fixtures', 'hosts');
const available = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' }).status === 0;

/** What cfn-lint may say about each template: the planted mistakes (it reads them differently from hlkms). */
const planted: Record<string, string[]> = {
  'guide-example.yaml': ['W1031'], // the principal without role/, seen through !Sub
  'json-string-policies.yaml': ['E3510', 'W3037'], // Effect "Alow", kms:Decrpyt
  'reference-mistakes.yaml': ['E1019', 'W3037'], // ${aws:username} in !Sub, kms:Decrpyt (the Ref of a role and the alias pass cfn-lint)
};

test('cfn-lint finds nothing in the test templates but the planted mistakes', { skip: !available && 'cfn-lint is not installed' }, () => {
  const files = readdirSync(dir).filter((f) => /\.(ya?ml|json)$/.test(f));
  const run = spawnSync('cfn-lint', ['--format', 'json', ...files.map((f) => join(dir, f))], { encoding: 'utf8', timeout: 120_000 });
  const matches = JSON.parse(run.stdout || '[]') as { Filename: string; Rule: { Id: string } }[];
  const found: Record<string, string[]> = {};
  for (const m of matches) {
    const name = m.Filename.split(/[\\/]/).pop()!;
    found[name] = [...new Set([...(found[name] ?? []), m.Rule.Id])].sort();
  }
  assert.deepEqual(found, planted);
});
