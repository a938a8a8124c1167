/** The CLI and the standalone server work from the npm package alone, installed into an empty folder. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

test('npm pack, install into an empty folder, run `npx hlkms lint`', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'hlkms-pack-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  // The build already ran (npm test builds first); pack what it produced.
  const tgz = execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', dir], { cwd: root, encoding: 'utf8' }).trim().split('\n').pop()!;
  const app = join(dir, 'app');
  execFileSync('mkdir', ['-p', app]);
  writeFileSync(join(app, 'package.json'), '{"name":"app","version":"1.0.0","private":true}');
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--silent', join(dir, tgz)], { cwd: app, stdio: 'pipe' });
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
