/** Applying a key policy: PutKeyPolicy on the wire, never with the lockout bypass. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { KMSClient } from '@aws-sdk/client-kms';
import { createClients, getKeyPolicy, lintKeyPolicy, putKeyPolicy } from '../../server/src/inspect/index';
import { fileCatalog } from '../../server/src/node/catalogFiles';
import { startEmulators, type Emulators } from './emulators';
import { healthLakeKeyPolicy, kmsClient, seedKey } from './seed';

let emu: Emulators;
let kms: KMSClient;
before(async () => {
  emu = await startEmulators();
  emu.applyEnv();
  kms = kmsClient(emu.kmsEndpoint);
});
after(async () => {
  kms?.destroy();
  await emu?.stop();
});

test('putKeyPolicy replaces the policy and never asks KMS to bypass its lockout check', async () => {
  const { keyId } = await seedKey(kms);
  const policy = JSON.parse(healthLakeKeyPolicy());
  policy.Statement[1].Sid = 'HealthLake admins';
  const text = JSON.stringify(policy, null, 2);
  const clients = createClients();
  try {
    await putKeyPolicy(clients.kms, keyId, text, undefined);
    assert.equal(await getKeyPolicy(clients.kms, keyId, undefined), text);
  } finally {
    clients.destroy();
  }
  const sent = emu.state.kmsRequests.get('TrentService.PutKeyPolicy');
  assert.equal(sent?.BypassPolicyLockoutSafetyCheck ?? false, false);
  assert.equal(sent?.PolicyName, 'default');
});

test('the checks run before applying flag a policy that drops HealthLake and the account principal', () => {
  const policy = JSON.parse(healthLakeKeyPolicy());
  policy.Statement.splice(0, 1);
  policy.Statement[0].Condition.StringEquals['kms:ViaService'] = 'healthlake.amazonaws.com';
  const lint = lintKeyPolicy(JSON.stringify(policy, null, 2), fileCatalog(), { healthLake: true, region: 'us-east-1' });
  assert.ok(lint.healthLakeErrors.length > 0, JSON.stringify(lint.findings));
  assert.deepEqual(lintKeyPolicy(healthLakeKeyPolicy(), fileCatalog(), { healthLake: true, region: 'us-east-1' }).findings.filter((f) => f.severity === 'error'), []);
});
