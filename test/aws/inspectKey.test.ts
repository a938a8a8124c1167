/** The key inspector against moto (KMS) and the HealthLake / CloudTrail stand-in, through the real SDK clients. */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { inspectKey, renderText, type KeyInspection, type Problem } from '../../server/src/inspect/index';
import { startEmulators, TARGET, type Emulators } from './emulators';
import { ALL_NINE, addDatastore, addHealthLakeEvents, healthLakeKeyPolicy, kmsClient, seedKey } from './seed';
import type { KMSClient } from '@aws-sdk/client-kms';

let emu: Emulators;
let kms: KMSClient;

before(async () => {
  emu = await startEmulators();
  emu.applyEnv();
  kms = kmsClient(emu.kmsEndpoint);
});
beforeEach(() => {
  emu.state.datastores = [];
  emu.state.events = [];
});
after(async () => {
  kms?.destroy();
  await emu?.stop();
});

const problem = (i: KeyInspection, code: string): Problem => {
  const p = i.report.verdict.problems.find((x) => x.code === code);
  assert.ok(p, `expected a '${code}' problem, got ${JSON.stringify(i.report.verdict.problems)}`);
  return p;
};

describe('inspect-key against the emulators', () => {
  test('a healthy key: grant with the nine operations, data store found through its alias, HealthLake events', async () => {
    const { arn, keyId } = await seedKey(kms, { alias: 'alias/fhir-prod', rotation: true, tags: { team: 'clinical', env: 'prod', owner: 'data' }, grantOperations: ALL_NINE, otherGrants: 2 });
    const other = await seedKey(kms, { grantOperations: ALL_NINE });
    addDatastore(emu.state, 'owned-key-store');
    addDatastore(emu.state, 'someone-elses', other.arn);
    addDatastore(emu.state, 'also-owned');
    addDatastore(emu.state, 'prod-fhir', 'alias/fhir-prod'); // on the second page
    addHealthLakeEvents(emu.state, arn, ['Decrypt', 'GenerateDataKey', 'DescribeKey']);
    emu.state.events.push({ EventName: 'Decrypt', EventTime: new Date(Date.now() - 1000), resources: [arn], username: 'bob', byHealthLake: false });
    emu.state.events.push({ EventName: 'Decrypt', EventTime: new Date(Date.now() - 10 * 86_400_000), resources: [arn], username: 'old', byHealthLake: true });
    const listCallsBefore = emu.state.calls.filter((c) => c === TARGET.listDatastores).length;
    const grantCallsBefore = emu.state.calls.filter((c) => c === 'TrentService.ListGrants').length;

    const inspection = await inspectKey({ key: 'alias/fhir-prod' });
    const { report } = inspection;

    assert.equal(report.key.arn, arn);
    assert.equal(report.key.keyId, keyId);
    assert.equal(report.key.state, 'Enabled');
    assert.deepEqual(report.key.aliases, ['alias/fhir-prod']);
    assert.deepEqual(report.key.tags, { team: 'clinical', env: 'prod', owner: 'data' });
    assert.equal(report.key.rotationEnabled, true);
    assert.deepEqual(report.datastores.map((d) => d.name), ['prod-fhir']);
    assert.equal(report.datastores[0]!.kmsKeyId, 'alias/fhir-prod');
    assert.equal(report.grants.healthlake.length, 1);
    assert.deepEqual(report.grants.healthlake[0]!.missingOperations, []);
    assert.equal(report.grants.healthlake[0]!.constraints, null);
    assert.equal(report.grants.otherCount, 2);
    assert.deepEqual(report.events.map((e) => e.eventName), ['Decrypt', 'GenerateDataKey', 'DescribeKey'], 'only HealthLake events within 7 days');
    assert.equal(report.events[0]!.invokedBy, 'healthlake.amazonaws.com');
    assert.match(report.events[0]!.username, /alice/);
    assert.deepEqual(report.notes, []);
    assert.equal(report.verdict.status, 'healthy', JSON.stringify(report.verdict.problems));
    assert.ok(inspection.policyText?.includes('kms:ViaService'));
    // The emulators serve two items a page: every page of grants (3), tags and data stores was read.
    assert.equal(emu.state.calls.filter((c) => c === 'TrentService.ListGrants').length - grantCallsBefore, 2, 'ListGrants paged');
    assert.equal(emu.state.calls.filter((c) => c === TARGET.listDatastores).length - listCallsBefore, 2, 'ListFHIRDatastores paged');
  });

  test('rotation off is reported as information only', async () => {
    const { arn } = await seedKey(kms, { grantOperations: ALL_NINE });
    addDatastore(emu.state, 'rotation-store', arn);
    const inspection = await inspectKey({ key: arn });
    assert.equal(inspection.report.key.rotationEnabled, false);
    assert.equal(problem(inspection, 'rotation-off').severity, 'info');
    assert.equal(inspection.report.verdict.status, 'healthy');
  });

  test("at risk: the key policy's HealthLake checks warn for a key data stores use", async () => {
    const policy = JSON.parse(healthLakeKeyPolicy());
    // The HealthLake guide's example: the global service name under StringEquals never matches, so the
    // data store keeps working only through the account principal's delegation to IAM.
    policy.Statement[1].Condition.StringEquals['kms:ViaService'] = 'healthlake.amazonaws.com';
    const text = JSON.stringify(policy, null, 2);
    const { arn } = await seedKey(kms, { rotation: true, grantOperations: ALL_NINE, policy: text });
    addDatastore(emu.state, 'guide-store', arn);
    const inspection = await inspectKey({ key: arn });
    const viaService = inspection.report.policy.findings.find((f) => f.code === 'healthlake-via-service');
    assert.ok(viaService, JSON.stringify(inspection.report.policy.findings));
    assert.ok(text.split('\n')[viaService.range.start.line]!.includes('healthlake.amazonaws.com'), 'the finding points at the line');
    assert.equal(inspection.report.verdict.status, 'at-risk');
    assert.match(problem(inspection, 'policy-healthlake-warnings').message, /'guide-store'/);
  });

  test("broken: without the account principal, the key policy's HealthLake errors break the data store", async () => {
    const policy = JSON.parse(healthLakeKeyPolicy());
    policy.Statement[1].Condition.StringEquals['kms:ViaService'] = 'healthlake.amazonaws.com';
    policy.Statement.splice(0, 1);
    const { arn } = await seedKey(kms, { rotation: true, grantOperations: ALL_NINE, policy: JSON.stringify(policy, null, 2) });
    addDatastore(emu.state, 'locked-store', arn);
    const inspection = await inspectKey({ key: arn });
    assert.ok(inspection.report.policy.findings.some((f) => f.severity === 'error'), JSON.stringify(inspection.report.policy.findings));
    assert.equal(inspection.report.verdict.status, 'broken');
    assert.match(problem(inspection, 'policy-healthlake-errors').message, /This breaks 'locked-store'/);
  });

  test('at risk: a data store names an alias that no longer exists', async () => {
    const { arn } = await seedKey(kms, { alias: 'alias/at-risk-key', rotation: true, grantOperations: ALL_NINE });
    addDatastore(emu.state, 'orphan-store', 'alias/deleted-alias');
    addDatastore(emu.state, 'gone-store', 'alias/deleted-alias', 'DELETED');
    const inspection = await inspectKey({ key: arn });
    assert.equal(inspection.report.verdict.status, 'at-risk');
    assert.match(problem(inspection, 'datastore-key-not-found').message, /'orphan-store'.*'alias\/deleted-alias'/);
    assert.doesNotMatch(JSON.stringify(inspection.report.verdict.problems), /gone-store/, 'deleted data stores are not reported');
  });

  test("broken: HealthLake's grant lacks operations and carries constraints", async () => {
    const { arn } = await seedKey(kms, { rotation: true, grantOperations: ['Decrypt', 'Encrypt', 'DescribeKey'], grantConstraints: { purpose: 'x' } });
    addDatastore(emu.state, 'half-granted', arn);
    const inspection = await inspectKey({ key: arn });
    const grant = inspection.report.grants.healthlake[0]!;
    assert.deepEqual(grant.missingOperations, ['CreateGrant', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'ReEncryptFrom', 'ReEncryptTo', 'RetireGrant']);
    assert.deepEqual(grant.constraints, { EncryptionContextSubset: { purpose: 'x' } });
    assert.equal(inspection.report.verdict.status, 'broken');
    assert.match(problem(inspection, 'healthlake-grant-operations').message, /GenerateDataKey.*'half-granted'/);
    assert.match(problem(inspection, 'healthlake-grant-constraints').message, /encryption context/);
  });

  test("broken: a data store uses the key but HealthLake's grant is missing", async () => {
    const { arn } = await seedKey(kms, { rotation: true, otherGrants: 1 });
    addDatastore(emu.state, 'no-grant-store', arn);
    const inspection = await inspectKey({ key: arn });
    assert.equal(inspection.report.grants.otherCount, 1);
    assert.equal(inspection.report.verdict.status, 'broken');
    assert.match(problem(inspection, 'healthlake-grant-missing').message, /'no-grant-store'.*no grant/);
  });

  test('broken: a disabled key, and a key pending deletion (with its date)', async () => {
    const disabled = await seedKey(kms, { state: 'Disabled', grantOperations: ALL_NINE });
    addDatastore(emu.state, 'disabled-store', disabled.arn);
    const d = await inspectKey({ key: disabled.keyId });
    assert.equal(d.report.key.state, 'Disabled');
    assert.equal(d.report.verdict.status, 'broken');
    assert.match(problem(d, 'key-disabled').message, /'disabled-store' cannot read or write/);

    const doomed = await seedKey(kms, { state: 'PendingDeletion', grantOperations: ALL_NINE });
    addDatastore(emu.state, 'doomed-store', doomed.arn);
    const p = await inspectKey({ key: doomed.arn });
    assert.equal(p.report.key.state, 'PendingDeletion');
    assert.ok(p.report.key.deletionDate);
    assert.equal(p.report.verdict.status, 'broken');
    assert.ok(problem(p, 'key-pending-deletion').message.includes(p.report.key.deletionDate.slice(0, 10)));
  });

  test('broken: an asymmetric key cannot encrypt a data store', async () => {
    const { arn } = await seedKey(kms, { keySpec: 'RSA_2048' });
    const inspection = await inspectKey({ key: arn });
    assert.equal(inspection.report.key.keySpec, 'RSA_2048');
    assert.equal(inspection.report.key.rotationEnabled, null);
    assert.match(problem(inspection, 'key-not-symmetric').message, /SYMMETRIC_DEFAULT/);
    assert.equal(inspection.report.verdict.status, 'broken');
  });

  test('access denied on one call: the report still comes back, with a note naming the permission', async () => {
    const { arn } = await seedKey(kms, { rotation: true, grantOperations: ALL_NINE });
    emu.state.denied.add(TARGET.listDatastores);
    try {
      const inspection = await inspectKey({ key: arn });
      assert.equal(inspection.report.key.arn, arn);
      assert.equal(inspection.report.grants.healthlake.length, 1);
      assert.deepEqual(inspection.report.datastores, []);
      assert.equal(inspection.report.notes.length, 1);
      assert.match(inspection.report.notes[0]!, /data stores.*healthlake:ListFHIRDatastores/);
      assert.deepEqual(inspection.checked, { grants: true, datastores: false, events: true });
      assert.match(renderText(inspection), /Data stores using this key: not checked/, 'unread data stores are not shown as none');
    } finally {
      emu.state.denied.delete(TARGET.listDatastores);
    }
  });

  test('throttling is retried with backoff until the call succeeds', async () => {
    const { arn } = await seedKey(kms, { rotation: true, grantOperations: ALL_NINE });
    addHealthLakeEvents(emu.state, arn, ['Decrypt']);
    emu.state.throttle.set(TARGET.lookupEvents, 2);
    const before = emu.state.calls.filter((c) => c === TARGET.lookupEvents).length;
    const inspection = await inspectKey({ key: arn });
    assert.deepEqual(inspection.report.notes, []);
    assert.equal(inspection.report.events.length, 1);
    assert.equal(emu.state.calls.filter((c) => c === TARGET.lookupEvents).length - before, 3, 'two throttled attempts, then success');
  });

  test('a missing key cannot be inspected', async () => {
    await assert.rejects(inspectKey({ key: 'alias/does-not-exist' }), (e: Error) => e.name === 'InspectError' && /was not found in us-east-1/.test(e.message));
    await assert.rejects(inspectKey({ key: 'not a key' }), /is not a KMS key id/);
  });

  test('cancellation stops the inspection', async () => {
    const { arn } = await seedKey(kms, { grantOperations: ALL_NINE });
    const controller = new AbortController();
    await assert.rejects(
      inspectKey({ key: arn, signal: controller.signal, onProgress: (m) => { if (m.startsWith('Reading')) controller.abort(); } }),
      (e: Error) => e.name === 'AbortError',
    );
  });
});
