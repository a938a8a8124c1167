/** `hlkms lint` and `hlkms diff` on a cloud assembly (`cdk.out`) that a real CDK app synthesized. Run in-process. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../server/src/cli';
import { synthCdkOut } from '../cdk/cdkOut';

let work = '';
before(() => {
  work = mkdtempSync(join(tmpdir(), 'hlkms-cdkout-'));
  synthCdkOut(join(work, 'app', 'cdk.out'));
});
after(() => rmSync(work, { recursive: true, force: true }));

async function hlkms(args: string[], cwd = join(work, 'app')) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (s) => out.push(s), err: (s) => err.push(s), cwd });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

const TEMPLATES = ['cdk.out/ClinicalData.template.json', 'cdk.out/ClinicalDataArchiveB73364CE.nested.template.json', 'cdk.out/assembly-Prod/ProdClinicalDataEB3EA41E.template.json'];

test('lint cdk.out reads every stack template through the manifest (nested stack and stage too), and nothing else', async () => {
  const r = await hlkms(['lint', '--format', 'json', 'cdk.out']);
  assert.equal(r.code, 1, r.stderr);
  const files = JSON.parse(r.stdout).files as { path: string; stack: string }[];
  assert.deepEqual(files.map((f) => f.path), TEMPLATES);
  assert.deepEqual(files.map((f) => f.stack), ['ClinicalData', 'ClinicalData/Archive', 'Prod/ClinicalData']);
});

test('text output names the construct of each finding after its severity', async () => {
  const r = await hlkms(['lint', 'cdk.out']);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /^cdk\.out\/ClinicalData\.template\.json:\d+:\d+ error ClinicalData\/FhirKey: .*HealthLakeFullAccessRole.* \[principal-format\]$/m);
  assert.match(r.stdout, /^cdk\.out\/ClinicalData\.template\.json:\d+:\d+ warning ClinicalData\/FhirKey: `healthlake\.amazonaws\.com`.* \[healthlake-via-service\]$/m);
  assert.match(r.stdout, /^cdk\.out\/assembly-Prod\/ProdClinicalDataEB3EA41E\.template\.json:\d+:\d+ error Prod\/ClinicalData\/FhirKey: .* \[principal-format\]$/m);
  for (const line of r.stdout.split('\n').filter((l) => l.startsWith('cdk.out/'))) {
    assert.match(line, /^\S+:\d+:\d+ (error|warning|info) (Prod\/)?ClinicalData\/\w+: /, line);
  }
});

test('JSON output carries constructPath on each finding and each policy', async () => {
  const files = JSON.parse((await hlkms(['lint', '--format', 'json', 'cdk.out'])).stdout).files;
  const top = files[0];
  assert.deepEqual(top.policies.map((p: { name: string; constructPath: string }) => [p.name, p.constructPath]), [['FhirKey9F7DA51D.KeyPolicy', 'ClinicalData/FhirKey']]);
  assert.ok(top.findings.length >= 3);
  for (const f of top.findings) assert.match(f.constructPath, /^ClinicalData\/(FhirKey|FhirDatastore)$/);
  assert.deepEqual(files[1].policies.map((p: { constructPath: string }) => p.constructPath), ['ClinicalData/Archive/ArchiveKey']);
});

test('SARIF names the construct as a logical location, the template as the physical one', async () => {
  const sarif = JSON.parse((await hlkms(['lint', '--format', 'sarif', 'cdk.out'])).stdout);
  assert.equal(sarif.version, '2.1.0');
  const run = sarif.runs[0];
  const result = run.results.find((x: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) =>
    x.ruleId === 'principal-format' && x.locations[0]!.physicalLocation.artifactLocation.uri === 'cdk.out/ClinicalData.template.json');
  assert.equal(run.tool.driver.rules[result.ruleIndex].id, 'principal-format');
  assert.ok(result.locations[0].physicalLocation.region.startLine > 1);
  assert.deepEqual(result.locations[0].logicalLocations, [{ name: 'FhirKey', fullyQualifiedName: 'ClinicalData/FhirKey', kind: 'resource' }]);
  for (const x of run.results) assert.equal(x.locations[0].logicalLocations.length, 1);
});

test('the manifest, a folder holding cdk.out, and a template given directly all name constructs', async () => {
  const byManifest = await hlkms(['lint', '--format', 'json', 'cdk.out/manifest.json']);
  assert.deepEqual(JSON.parse(byManifest.stdout).files.map((f: { path: string }) => f.path), TEMPLATES);
  // The app's folder: its cdk.out is read as an assembly (no asset, tree.json or manifest linted as a file).
  const byApp = await hlkms(['lint', '--format', 'json', 'app'], work);
  assert.deepEqual(JSON.parse(byApp.stdout).files.map((f: { path: string }) => f.path), TEMPLATES.map((t) => `app/${t}`));
  const direct = await hlkms(['lint', 'cdk.out/assembly-Prod/ProdClinicalDataEB3EA41E.template.json']);
  assert.match(direct.stdout, / error Prod\/ClinicalData\/FhirKey: .*\[principal-format\]$/m);
});

test('a cdk.out whose manifest.json is missing or broken gives one clear message and exit code 2', async () => {
  for (const [name, manifest, message] of [
    ['missing', undefined, /^hlkms lint: cdk\.out: no manifest\.json: not a cloud assembly/],
    ['broken', '{"version": "36.0.0", "artifacts": {', /^hlkms lint: cdk\.out: manifest\.json is not valid JSON/],
    ['other', '{"name": "not a manifest"}', /^hlkms lint: cdk\.out: manifest\.json is not a cloud assembly manifest/],
  ] as const) {
    const dir = join(work, name, 'cdk.out');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'ClinicalData.template.json'), readFileSync(join(work, 'app', TEMPLATES[0]!)));
    if (manifest !== undefined) writeFileSync(join(dir, 'manifest.json'), manifest);
    const r = await hlkms(['lint', 'cdk.out'], join(work, name));
    assert.equal(r.code, 2, name);
    assert.equal(r.stdout, '', name);
    assert.equal(r.stderr.split('\n').length, 1, r.stderr);
    assert.match(r.stderr, message);
  }
});

test('diff pairs key policies by construct path when the logical id changed', async () => {
  const renamed = join(work, 'renamed', 'cdk.out');
  synthCdkOut(renamed, { renameKey: 'PatientRecordsKey' });
  assert.match(readFileSync(join(renamed, 'ClinicalData.template.json'), 'utf8'), /"PatientRecordsKey"/);
  const same = await hlkms(['diff', 'cdk.out', renamed]);
  assert.equal(same.code, 0, same.stdout + same.stderr);
  assert.match(same.stdout, /ClinicalData\/FhirKey: /);
  assert.doesNotMatch(same.stdout, /PatientRecordsKey|FhirKey9F7DA51D|gains|loses/);

  const fixed = join(work, 'fixed', 'cdk.out');
  synthCdkOut(fixed, { clean: true, renameKey: 'PatientRecordsKey' });
  const r = await hlkms(['diff', '--format', 'json', 'cdk.out', fixed]);
  const policies = JSON.parse(r.stdout).files[0].policies as { name: string }[];
  assert.deepEqual(policies.map((p) => p.name).sort(), ['ClinicalData/Archive/ArchiveKey', 'ClinicalData/FhirKey', 'Prod/ClinicalData/FhirKey']);
});

test('diff of a cloud assembly and a plain file is a usage error', async () => {
  const r = await hlkms(['diff', 'cdk.out', 'cdk.out/ClinicalData.template.json']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /cdk\.out is a cloud assembly and cdk\.out\/ClinicalData\.template\.json is not/);
});

test('diff --base over a committed cdk.out compares the whole assembly by construct path', async () => {
  const repo = join(work, 'repo');
  cpSync(join(work, 'app', 'cdk.out'), join(repo, 'infra', 'cdk.out'), { recursive: true });
  const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com', GIT_CONFIG_NOSYSTEM: '1', HOME: '/nonexistent' };
  const { execFileSync } = await import('node:child_process');
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, env, encoding: 'utf8' });
  git('init', '-q', '-b', 'main');
  git('add', '.');
  git('commit', '-q', '-m', 'base');
  rmSync(join(repo, 'infra', 'cdk.out'), { recursive: true });
  synthCdkOut(join(repo, 'infra', 'cdk.out'), { clean: true, renameKey: 'PatientRecordsKey' });
  const r = await hlkms(['diff', '--base', 'main', '--format', 'json'], repo);
  const files = JSON.parse(r.stdout).files as { path: string; policies: { name: string }[] }[];
  assert.deepEqual(files.map((f) => f.path), ['infra/cdk.out'], r.stderr);
  assert.deepEqual(files[0]!.policies.map((p) => p.name).sort(), ['ClinicalData/Archive/ArchiveKey', 'ClinicalData/FhirKey', 'Prod/ClinicalData/FhirKey']);
});
