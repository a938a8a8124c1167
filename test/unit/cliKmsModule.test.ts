/**
 * `hlkms lint` on a folder whose key comes from the terraform-aws-modules/kms registry module
 * (samples/bad/terraform-kms-module): one warning, on the `values` line of the key statement that names the
 * global kms:ViaService value, nothing else but the note that links the HealthLake data store to the key.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../server/src/cli';

const samples = join(__dirname, '..', '..', 'samples');
const workdirs: string[] = [];
after(() => workdirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function hlkms(args: string[]) {
  const cwd = mkdtempSync(join(tmpdir(), 'hlkms-cli-kms-module-'));
  workdirs.push(cwd);
  cpSync(join(samples, 'bad', 'terraform-kms-module'), join(cwd, 'kms'), { recursive: true });
  const out: string[] = [];
  const code = await main(args, { out: (s) => out.push(s), err: () => undefined, cwd });
  return { code, stdout: out.join('\n') };
}

interface Finding { code: string; severity: string; message: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } }
interface JsonReport { files: { path: string; kind: string; policies: { name: string; kind: string }[]; findings: Finding[] }[] }

test('the KMS module with a global kms:ViaService in key_statements: one warning on its values line; the data store is linked', async () => {
  const text = readFileSync(join(samples, 'bad', 'terraform-kms-module', 'main.tf'), 'utf8');
  const lines = text.split('\n');
  const r = await hlkms(['lint', '--format', 'json', 'kms']);
  const report = JSON.parse(r.stdout) as JsonReport;
  assert.equal(report.files.length, 1);
  const [file] = report.files;
  assert.equal(file!.kind, 'terraform');
  assert.deepEqual(file!.policies.map((p) => [p.name, p.kind]), [['module.kms.key_policy', 'key-policy']]);
  const problems = file!.findings.filter((f) => f.severity === 'error' || f.severity === 'warning');
  assert.deepEqual(problems.map((f) => [f.code, f.severity]), [['healthlake-via-service', 'warning']]);
  const via = problems[0]!;
  assert.match(lines[via.range.start.line]!, /^\s*values\s*=\s*\["healthlake\.amazonaws\.com"\]/);
  assert.equal(lines[via.range.start.line]!.slice(via.range.start.character, via.range.end.character), '"healthlake.amazonaws.com"');
  const link = file!.findings.find((f) => f.code === 'datastore-key-verdict')!;
  assert.equal(lines[link.range.start.line]!.slice(link.range.start.character, link.range.end.character), 'module.kms.key_arn');
  assert.match(link.message, /encrypted with module\.kms\.key_policy/);
  assert.equal(file!.findings.length, 2, 'nothing else');
});

test('the text report names the line of the values input', async () => {
  const text = readFileSync(join(samples, 'bad', 'terraform-kms-module', 'main.tf'), 'utf8');
  const line = text.split('\n').findIndex((l) => l.includes('values   = ["healthlake.amazonaws.com"]')) + 1;
  const r = await hlkms(['lint', 'kms']);
  assert.match(r.stdout, new RegExp(`main\\.tf:${line}:\\d+ warning .*not region-qualified.*\\[healthlake-via-service\\]`));
  assert.match(r.stdout, /1 warning/);
  assert.equal(r.code, 0);
});
