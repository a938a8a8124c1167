/** `hlkms audit` as a user runs it: the built binary, its JSON, its exit codes, Ctrl-C. */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { startEmulators, TARGET, type Emulators } from './emulators';
import { callsTo, EAST, regionClients, seedAudit, WEST, type AuditSetup } from './auditFixture';
import { waitFor } from '../support/poll';

const CLI = join(__dirname, '..', '..', 'dist', 'server', 'cli.js');
let emu: Emulators;
let setup: AuditSetup;

before(async () => {
  emu = await startEmulators();
  const kms = regionClients(emu);
  try {
    setup = await seedAudit(emu, kms, 'cli');
  } finally {
    kms.destroy();
  }
});
beforeEach(() => {
  emu.state.deniedRegions.clear();
  emu.state.latencyMs = 0;
});
after(async () => { await emu?.stop(); });

function cleanEnv(): NodeJS.ProcessEnv {
  const base = { ...process.env };
  for (const name of Object.keys(base)) if (name.startsWith('AWS_')) delete base[name];
  return { ...base, ...emu.env };
}

function hlkms(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: cleanEnv(), maxBuffer: 1 << 26 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('hlkms audit', () => {
  test('--format json: the verdicts, the denied Region with the permission named, exit code 1', async () => {
    emu.state.deniedRegions.add('eu-west-1');
    const { code, stdout, stderr } = await hlkms(['audit', '--regions', `${EAST},${WEST},eu-west-1`, '--format', 'json']);
    assert.equal(stderr, '');
    const json = JSON.parse(stdout);
    const verdicts = Object.fromEntries(json.datastores.map((d: { name: string; verdict: { status: string } }) => [d.name, d.verdict.status]));
    assert.deepEqual(verdicts, {
      claims: 'healthy', 'clinical-notes': 'healthy', imaging: 'broken', 'lab-results': 'broken', sandbox: 'healthy', research: 'healthy', 'west-sandbox': 'healthy',
    });
    assert.equal(json.datastores.find((d: { name: string }) => d.name === 'lab-results').key.state, 'Disabled');
    assert.equal(json.datastores.find((d: { name: string }) => d.name === 'imaging').key.state, 'PendingDeletion');
    assert.equal(json.datastores.find((d: { name: string }) => d.name === 'research').region, WEST);
    assert.equal(json.errors.length, 1);
    assert.equal(json.errors[0].region, 'eu-west-1');
    assert.match(json.errors[0].message, /lack healthlake:ListFHIRDatastores/);
    assert.deepEqual(json.summary.sharedKeys.map((k: { arn: string }) => k.arn), [setup.shared]);
    assert.equal(code, 1);
  });

  test('--format markdown writes the audit artefact; exit 0 when nothing is broken', async () => {
    const { code, stdout } = await hlkms(['audit', '--regions', WEST, '--format', 'markdown']);
    assert.match(stdout, /^# HealthLake encryption audit\n/);
    assert.match(stdout, /\| HEALTHY \| us-west-2 \| research \|/);
    assert.equal(code, 0);
  });

  test('nothing could be read: exit code 2, the reasons still printed', async () => {
    emu.state.deniedRegions.add(EAST).add(WEST);
    const { code, stdout } = await hlkms(['audit', '--regions', `${EAST},${WEST}`]);
    assert.equal(code, 2);
    assert.match(stdout, /us-east-1: not audited: Access denied/);
  });

  test('Ctrl-C stops the audit cleanly: exit code 130, one line, no stack trace, no further calls', async () => {
    emu.state.latencyMs = 500;
    const from = emu.state.requests.length;
    const child = spawn(process.execPath, [CLI, 'audit', '--regions', `${EAST},${WEST}`], { env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => { stdout += c.toString(); });
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    await waitFor(() => callsTo(emu, TARGET.listDatastores, from).length >= 1, 'the audit to start listing');
    child.kill('SIGINT');
    assert.equal(await exited, 130);
    assert.equal(stdout, '');
    assert.equal(stderr.trim(), 'hlkms audit: cancelled; nothing was written.');
    assert.equal(emu.state.requests.slice(from).filter((r) => r.target.startsWith('TrentService.')).length, 0);
  });

  test('bad arguments exit 2 with one line', async () => {
    for (const args of [['--regions', 'us-east-1,Mars'], ['--format', 'yaml'], ['--since', '200d'], ['--concurrency', '0'], ['extra']]) {
      const { code, stderr } = await hlkms(['audit', ...args]);
      assert.equal(code, 2, args.join(' '));
      assert.equal(stderr.trim().split('\n').length, 1, stderr);
      assert.match(stderr, /^hlkms audit: /);
    }
  });
});
