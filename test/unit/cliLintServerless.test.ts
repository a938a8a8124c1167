/** `hlkms lint` on Serverless Framework service files: found in folders, `--hosts serverless`, findings on their lines, `--fix`. */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../server/src/cli';
import { hostsByName } from '../../server/src/cli/lintFiles';

const samples = join(__dirname, '..', '..', 'samples');
const workdirs: string[] = [];
after(() => workdirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function hlkms(args: string[]) {
  const cwd = mkdtempSync(join(tmpdir(), 'hlkms-cli-serverless-'));
  workdirs.push(cwd);
  for (const dir of ['good', 'bad']) cpSync(join(samples, dir, 'serverless'), join(cwd, dir), { recursive: true });
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (s) => out.push(s), err: (s) => err.push(s), cwd });
  return { code, stdout: out.join('\n'), stderr: err.join('\n'), read: (name: string) => readFileSync(join(cwd, name), 'utf8') };
}

interface Report { files: { path: string; kind: string; policies: { name: string; kind: string }[]; findings: { code: string; severity: string; range: { start: { line: number } } }[] }[] }

test('service files are known by name; other YAML stays with the CloudFormation host', () => {
  assert.deepEqual(hostsByName('app/serverless.yml'), ['serverless', 'cloudformation']);
  assert.deepEqual(hostsByName('serverless.json'), ['serverless', 'json', 'cloudformation']);
  assert.deepEqual(hostsByName('template.yaml'), ['cloudformation']);
});

test('a folder search finds serverless.yml; its policies and findings are reported on the file\'s lines', async () => {
  const r = await hlkms(['lint', '--format', 'json', '--hosts', 'serverless', 'good', 'bad']);
  const report = JSON.parse(r.stdout) as Report;
  const byPath = Object.fromEntries(report.files.map((f) => [f.path, f]));
  const good = byPath[join('good', 'serverless.yml')]!;
  assert.equal(good.kind, 'serverless');
  assert.deepEqual(good.policies.map((p) => `${p.name} ${p.kind}`), [
    'provider.iam.role.statements identity-policy', 'functions.load.iamRoleStatements identity-policy', 'DataStoreKey.KeyPolicy key-policy']);
  assert.deepEqual(good.findings.filter((f) => f.severity === 'error' || f.severity === 'warning'), []);
  const bad = byPath[join('bad', 'serverless.yml')]!;
  assert.deepEqual(bad.findings.filter((f) => f.severity === 'error' || f.severity === 'warning').map((f) => [f.code, f.range.start.line + 1]),
    [['alias-resource', 21], ['principal-format', 44], ['healthlake-via-service', 53]]);
  assert.equal(r.code, 1);
});

test('--fix edits the service file in place, one line, and leaves a principal built from a variable to a person', async () => {
  const r = await hlkms(['lint', '--fix', join('bad', 'serverless.yml')]);
  const before = readFileSync(join(samples, 'bad', 'serverless', 'serverless.yml'), 'utf8');
  const after = r.read(join('bad', 'serverless.yml'));
  const changed = before.split('\n').flatMap((line, i) => (line === after.split('\n')[i] ? [] : [i + 1]));
  // The Region-qualified kms:ViaService is written as CloudFormation's !Sub, which Serverless passes through.
  assert.deepEqual(changed, [53]);
  assert.equal(after.split('\n')[52]!.trim(), 'kms:ViaService: !Sub healthlake.${AWS::Region}.amazonaws.com');
  // A principal built from a Serverless variable is left to a person.
  assert.match(r.stdout, /:HealthLakeFullAccessRole" is not a valid AWS principal/);
});
