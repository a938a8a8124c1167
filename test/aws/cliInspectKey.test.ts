/** `hlkms inspect-key` as a user runs it: the built binary, its exit codes, its JSON shape, its text report. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KMSClient } from '@aws-sdk/client-kms';
import { startEmulators, type Emulators } from './emulators';
import { ALL_NINE, addDatastore, addHealthLakeEvents, kmsClient, seedKey } from './seed';

const CLI = join(__dirname, '..', '..', 'dist', 'server', 'cli.js');
let emu: Emulators;
let kms: KMSClient;

before(async () => {
  emu = await startEmulators();
  kms = kmsClient(emu.kmsEndpoint);
});
after(async () => {
  kms?.destroy();
  await emu?.stop();
});

function hlkms(args: string[], env: Record<string, string | undefined> = emu.env): Promise<{ code: number; stdout: string; stderr: string }> {
  const base = { ...process.env };
  for (const name of Object.keys(base)) if (name.startsWith('AWS_')) delete base[name];
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: { ...base, ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('hlkms inspect-key', () => {
  test('--format json prints the documented shape; exit 0 when healthy', async () => {
    const { arn } = await seedKey(kms, { alias: 'alias/cli-healthy', rotation: true, grantOperations: ALL_NINE, tags: { env: 'prod' } });
    addDatastore(emu.state, 'cli-store', arn);
    addHealthLakeEvents(emu.state, arn, ['GenerateDataKey']);
    const { code, stdout, stderr } = await hlkms(['inspect-key', 'alias/cli-healthy', '--format', 'json']);
    assert.equal(stderr, '');
    const report = JSON.parse(stdout);
    assert.deepEqual(Object.keys(report), ['key', 'grants', 'datastores', 'policy', 'events', 'notes', 'verdict']);
    assert.deepEqual(Object.keys(report.key).sort(), ['aliases', 'arn', 'deletionDate', 'keyId', 'keyManager', 'keySpec', 'keyUsage', 'multiRegion', 'rotationEnabled', 'state', 'tags']);
    assert.deepEqual(Object.keys(report.grants.healthlake[0]).sort(), ['constraints', 'grantId', 'granteePrincipal', 'missingOperations', 'operations', 'retiringPrincipal']);
    assert.deepEqual(Object.keys(report.datastores[0]).sort(), ['cmkType', 'id', 'kmsKeyId', 'name', 'status']);
    assert.deepEqual(Object.keys(report.events[0]).sort(), ['eventName', 'invokedBy', 'time', 'username']);
    assert.ok(Array.isArray(report.policy.findings));
    assert.deepEqual(report.key.tags, { env: 'prod' });
    assert.equal(report.key.deletionDate, null);
    assert.equal(report.grants.otherCount, 0);
    assert.equal(report.datastores[0].cmkType, 'CUSTOMER_MANAGED_KMS_KEY');
    assert.equal(report.verdict.status, 'healthy', stdout);
    assert.equal(code, 0);
  });

  test('text output is a readable report; exit 1 when broken', async () => {
    const { arn } = await seedKey(kms, { state: 'Disabled', grantOperations: ALL_NINE });
    addDatastore(emu.state, 'text-store', arn);
    const { code, stdout } = await hlkms(['inspect-key', arn, '--since', '1d']);
    assert.equal(code, 1);
    assert.match(stdout, /^HealthLake KMS key report: BROKEN/);
    assert.match(stdout, /State: +Disabled/);
    assert.match(stdout, /\[error\] The key is disabled\. The data store 'text-store' cannot read or write its data/);
    assert.match(stdout, /HealthLake grants: 1 \(other grants: 0\)\n .*9\/9 operations/);
    assert.match(stdout, /Data stores using this key: 1\n .*text-store  ACTIVE/);
  });

  test('a missing key exits 2 with one line on stderr', async () => {
    const { code, stdout, stderr } = await hlkms(['inspect-key', 'alias/nothing-here']);
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.equal(stderr.trim().split('\n').length, 1, stderr);
    assert.match(stderr, /^hlkms inspect-key: The key 'alias\/nothing-here' was not found in us-east-1\./);
  });

  test('no credentials exits 2 with what to do, no stack trace', async () => {
    const { code, stderr } = await hlkms(['inspect-key', 'alias/any', '--region', 'us-east-1'], {
      AWS_ENDPOINT_URL_KMS: emu.env.AWS_ENDPOINT_URL_KMS,
      AWS_CONFIG_FILE: join(__dirname, 'no-such-config'), AWS_SHARED_CREDENTIALS_FILE: join(__dirname, 'no-such-credentials'),
      AWS_EC2_METADATA_DISABLED: 'true',
    });
    assert.equal(code, 2);
    assert.equal(stderr.trim().split('\n').length, 1, stderr);
    assert.match(stderr, /No AWS credentials were found/);
    assert.doesNotMatch(stderr, /\n\s+at /);
  });

  test('an expired SSO session exits 2 and names the login command', async () => {
    // A profile using an SSO session whose cached token (and client registration) have expired.
    const home = mkdtempSync(join(tmpdir(), 'hlkms-sso-'));
    try {
      mkdirSync(join(home, '.aws', 'sso', 'cache'), { recursive: true });
      writeFileSync(join(home, '.aws', 'config'), [
        '[profile clinical-dev]', 'sso_session = corp', 'sso_account_id = 123456789012', 'sso_role_name = Admin', 'region = us-east-1', '',
        '[sso-session corp]', 'sso_start_url = https://corp.awsapps.com/start', 'sso_region = us-east-1', '',
      ].join('\n'));
      writeFileSync(join(home, '.aws', 'sso', 'cache', `${createHash('sha1').update('corp').digest('hex')}.json`), JSON.stringify({
        startUrl: 'https://corp.awsapps.com/start', region: 'us-east-1', accessToken: 'expired', expiresAt: '2020-01-01T00:00:00Z',
        clientId: 'c', clientSecret: 's', registrationExpiresAt: '2020-01-01T00:00:00Z', refreshToken: 'r',
      }));
      const { code, stderr } = await hlkms(['inspect-key', 'alias/any', '--profile', 'clinical-dev'], {
        HOME: home, AWS_ENDPOINT_URL_KMS: emu.env.AWS_ENDPOINT_URL_KMS, AWS_EC2_METADATA_DISABLED: 'true',
      });
      assert.equal(code, 2);
      assert.equal(stderr.trim(), 'hlkms inspect-key: The AWS SSO session has expired. Run `aws sso login --profile clinical-dev` and try again.');
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  test('bad input exits 2', async () => {
    assert.equal((await hlkms(['inspect-key', 'my key'])).code, 2);
    const since = await hlkms(['inspect-key', 'alias/x', '--since', '200d']);
    assert.equal(since.code, 2);
    assert.match(since.stderr, /--since must be a window like 30m, 12h or 7d/);
    assert.equal((await hlkms(['inspect-key'])).code, 2);
  });
});
