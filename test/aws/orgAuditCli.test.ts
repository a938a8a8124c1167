/** `hlkms audit --org` as a user runs it: the built binary, its JSON, its exit codes, a real Ctrl-C and a resume. */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ACCOUNT } from './emulators';
import { EAST, ROLE, startOrg, WEST, type OrgSetup } from './orgFixture';
import { waitFor } from '../support/poll';

const CLI = join(__dirname, '..', '..', 'dist', 'server', 'cli.js');
let org: OrgSetup;
let dir: string;

before(async () => {
  org = await startOrg();
  dir = mkdtempSync(join(tmpdir(), 'hlkms-org-cli-'));
});
beforeEach(() => {
  org.emu.state.latencyMs = 0;
});
after(async () => {
  rmSync(dir, { recursive: true, force: true });
  await org?.stop();
});

function env(): NodeJS.ProcessEnv {
  const base = { ...process.env };
  for (const name of Object.keys(base)) if (name.startsWith('AWS_')) delete base[name];
  return { ...base, ...org.env };
}

function hlkms(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: env(), maxBuffer: 1 << 26 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

const MUST_SHOW = ['audit', '--org', '--role-name', ROLE, '--regions', `${EAST},${WEST}`, '--format', 'json'];

describe('hlkms audit --org', () => {
  test('--format json: the active accounts\' data stores with verdicts, the suspended account skipped, the unassumable one in errors with its role, exit code 1', async () => {
    const { code, stdout, stderr } = await hlkms(MUST_SHOW);
    assert.equal(stderr, '', 'no progress line when stderr is not a terminal');
    const json = JSON.parse(stdout);
    const { clinical, research, analytics, retired, partner } = org.accounts;
    assert.deepEqual(json.datastores.map((d: { account: string; name: string; verdict: { status: string } }) => `${d.account} ${d.name} ${d.verdict.status}`), [
      `${analytics} analytics-sandbox healthy`,
      `${clinical} clinical-claims healthy`, `${clinical} clinical-notes healthy`, `${clinical} clinical-sandbox healthy`, `${clinical} clinical-west broken`,
      `${ACCOUNT} management-hub healthy`, `${research} research-genomics healthy`,
    ]);
    assert.equal(json.datastores.find((d: { name: string }) => d.name === 'clinical-west').key.state, 'Disabled');
    const accounts = Object.fromEntries(json.accounts.map((a: { id: string }) => [a.id, a]));
    assert.deepEqual([accounts[retired].status, accounts[retired].audited], ['SUSPENDED', false]);
    assert.deepEqual(Object.keys(accounts[clinical]).sort(), ['audited', 'id', 'name', 'notes', 'regions', 'skipped', 'status', 'summary']);
    assert.deepEqual(accounts[clinical].regions, [EAST, WEST]);
    const roleError = json.errors.find((e: { account: string }) => e.account === partner);
    assert.equal(roleError.kind, 'assume-role');
    assert.match(roleError.message, new RegExp(`arn:aws:iam::${partner}:role/${ROLE}`));
    assert.ok(json.errors.every((e: { account?: string }) => e.account), 'every error names its account');
    assert.deepEqual(json.summary.accounts, { total: 6, audited: 4, skipped: 1, failed: 1 });
    assert.ok(json.keys.every((k: { account: string }) => k.account));
    assert.equal(json.cancelled, false);
    assert.equal(code, 1);
  });

  test('nothing could be read: exit code 2; bad arguments: exit code 2 with the reason', async () => {
    const none = await hlkms([...MUST_SHOW, '--accounts', org.accounts.partner]);
    assert.equal(none.code, 2);
    assert.equal(JSON.parse(none.stdout).errors[0].kind, 'assume-role');

    const noRole = await hlkms(['audit', '--org', '--regions', EAST]);
    assert.equal(noRole.code, 2);
    assert.match(noRole.stderr, /--org needs --role-name/);
    const notOrg = await hlkms(['audit', '--role-name', ROLE, '--regions', EAST]);
    assert.equal(notOrg.code, 2);
    assert.match(notOrg.stderr, /--role-name is an option of --org/);
    const badIds = await hlkms([...MUST_SHOW, '--accounts', '12345']);
    assert.equal(badIds.code, 2);
    assert.match(badIds.stderr, /12-digit account ids.*'12345'/);
  });

  test('a healthy organization part: exit code 0; Markdown for a compliance review; a Region without HealthLake said once', async () => {
    const { code, stdout, stderr } = await hlkms(['audit', '--org', '--role-name', ROLE, '--regions', `${EAST},eu-central-1`, '--accounts', `${org.accounts.research},${org.accounts.analytics}`, '--format', 'markdown']);
    assert.equal(code, 0);
    assert.match(stderr, /HealthLake is not offered in eu-central-1 \(as of this release\): left out/);
    assert.match(stdout, /^# HealthLake encryption audit of the organization/);
    assert.match(stdout, new RegExp(`## Account research \\(${org.accounts.research}\\)`));
  });

  test('Ctrl-C mid-run prints what was audited (exit 130); the same command resumes from --checkpoint and prints the same JSON as one run', async () => {
    const whole = await hlkms(MUST_SHOW);
    const file = join(dir, 'sigint.json');
    org.emu.state.latencyMs = 150;
    const child = spawn(process.execPath, [CLI, ...MUST_SHOW, '--concurrency', '1', '--checkpoint', file], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => { stdout += c.toString(); });
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    await waitFor(() => existsSync(file) && (JSON.parse(readFileSync(file, 'utf8')) as { pairs: unknown[] }).pairs.length >= 1, 'a pair in the checkpoint', 30_000);
    child.kill('SIGINT');
    const code = await exited;
    assert.equal(code, 130, stderr);
    const partial = JSON.parse(stdout);
    assert.equal(partial.cancelled, true);
    assert.ok(partial.datastores.length < JSON.parse(whole.stdout).datastores.length, 'only part of the organization');
    assert.match(stderr, /cancelled; the report holds what was audited before; run the same command to resume/);

    org.emu.state.latencyMs = 0;
    const resumed = await hlkms([...MUST_SHOW, '--concurrency', '1', '--checkpoint', file]);
    assert.equal(resumed.code, 1);
    assert.deepEqual(JSON.parse(resumed.stdout), JSON.parse(whole.stdout));
  });
});
