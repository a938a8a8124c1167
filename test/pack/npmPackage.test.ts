/** The CLI, the standalone server and the CDK plugin work from the npm package alone, installed into an empty folder. */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'hlkms-pack-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** The package packed and installed into an empty project (once, shared by the tests). */
let installed: string | undefined;
function installedApp(): string {
  if (installed) return installed;
  // The build already ran (npm test builds first); pack what it produced.
  const tgz = execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', dir], { cwd: root, encoding: 'utf8' }).trim().split('\n').pop()!;
  const app = join(dir, 'app');
  execFileSync('mkdir', ['-p', app]);
  writeFileSync(join(app, 'package.json'), '{"name":"app","version":"1.0.0","private":true}');
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--silent', join(dir, tgz)], { cwd: app, stdio: 'pipe' });
  return (installed = app);
}

test('npm pack, install into an empty folder, run `npx hlkms lint`', () => {
  const app = installedApp();
  writeFileSync(join(app, 'key-policy.json'), JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' }],
  }, null, 2) + ',');

  const r = spawnSync('npx', ['--offline', 'hlkms', 'lint', '--format', 'json', 'key-policy.json'], { cwd: app, encoding: 'utf8' });
  assert.equal(r.status, 1, r.stderr);
  const report = JSON.parse(r.stdout) as { files: { path: string; kind: string; findings: { code: string }[] }[] };
  assert.equal(report.files[0]?.path, 'key-policy.json');
  assert.equal(report.files[0]?.kind, 'key-policy');
  assert.ok(report.files[0]?.findings.some((f) => f.code === 'json-syntax'), r.stdout);

  const version = spawnSync('npx', ['--offline', 'hlkms', '--version'], { cwd: app, encoding: 'utf8' });
  assert.equal(version.status, 0);
  assert.match(version.stdout, /^\d+\.\d+\.\d+/);
});

test('`hlkms/cdk` from the package: require, import and its types, without aws-cdk-lib installed', () => {
  const app = installedApp();
  // An optional peer dependency: the package does not bring CDK, and the plugin does not need it to load.
  assert.equal(existsSync(join(app, 'node_modules', 'aws-cdk-lib')), false);
  writeFileSync(join(app, 'Stack.template.json'), JSON.stringify({ Resources: { Key: { Type: 'AWS::KMS::Key', Properties: { KeyPolicy: {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:HealthLakeFullAccessRole' }, Action: 'kms:*', Resource: '*' }],
  } } } } }));
  const validate = "new HlkmsValidation().validate({ templatePaths: [require('path').resolve('Stack.template.json')] })";
  const cjs = spawnSync(process.execPath, ['-e', `const { HlkmsValidation } = require('hlkms/cdk'); console.log(JSON.stringify(${validate}))`], { cwd: app, encoding: 'utf8' });
  assert.equal(cjs.status, 0, cjs.stderr);
  const report = JSON.parse(cjs.stdout) as { success: boolean; violations: { ruleName: string; violatingResources: { resourceLogicalId: string; locations: string[] }[] }[] };
  assert.equal(report.success, false);
  assert.deepEqual(report.violations.find((v) => v.ruleName === 'principal-format')?.violatingResources,
    [{ resourceLogicalId: 'Key', templatePath: join(app, 'Stack.template.json'), locations: ['Properties/KeyPolicy/Statement/0/Principal/AWS'] }]);

  const esm = spawnSync(process.execPath, ['--input-type=module', '-e', "import { HlkmsValidation } from 'hlkms/cdk'; const p = new HlkmsValidation(); console.log(p.name, p.ruleIds.includes('principal-format'))"],
    { cwd: app, encoding: 'utf8' });
  assert.equal(esm.status, 0, esm.stderr);
  assert.equal(esm.stdout.trim(), 'hlkms true');

  // The types: a right use compiles, a wrong option does not.
  writeFileSync(join(app, 'use.ts'), [
    "import { HlkmsValidation, type HlkmsValidationOptions, type PolicyValidationPluginReport } from 'hlkms/cdk';",
    "const options: HlkmsValidationOptions = { failOn: 'warning', rules: { 'sid-format': 'off' }, healthLake: true, defaultRegion: 'us-east-1' };",
    "const report: PolicyValidationPluginReport = new HlkmsValidation(options).validate({ templatePaths: [] });",
    'export const ok: boolean = report.success;',
    '// @ts-expect-error failOn takes error, warning or never',
    "new HlkmsValidation({ failOn: 'sometimes' });",
  ].join('\n'));
  writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, module: 'nodenext', moduleResolution: 'nodenext', types: [] }, files: ['use.ts'],
  }));
  const tsc = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], { cwd: app, encoding: 'utf8' });
  assert.equal(tsc.status, 0, tsc.stdout + tsc.stderr);
});
