/** The account-wide audit against moto (KMS, two Regions) and the HealthLake stand-in answering per Region. */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { auditExitCode, runAudit } from '../../server/src/inspect/audit';
import { HEALTHLAKE_REGIONS, parseRegions } from '../../server/src/inspect/auditRegions';
import { renderAuditJson, renderAuditMarkdown, renderAuditText } from '../../server/src/inspect/auditRender';
import type { AuditResult } from '../../server/src/inspect/auditTypes';
import { startEmulators, TARGET, type Emulators } from './emulators';
import { callsTo, EAST, regionClients, seedAudit, WEST } from './auditFixture';
import { addDatastore, ALL_NINE, seedKey } from './seed';
import { waitFor } from '../support/poll';

let emu: Emulators;
let kms: ReturnType<typeof regionClients>;
let run = 0;

before(async () => {
  emu = await startEmulators();
  emu.applyEnv();
  kms = regionClients(emu);
});
beforeEach(() => {
  const s = emu.state;
  s.datastores = [];
  s.deniedRegions.clear();
  s.throttleRegions.clear();
  s.optInRegions.clear();
  s.unreachableRegions.clear();
  s.latencyMs = 0;
  run++;
});
after(async () => {
  kms?.destroy();
  await emu?.stop();
});

const store = (result: AuditResult, name: string) => {
  const found = result.datastores.find((d) => d.name === name);
  assert.ok(found, `no data store '${name}' in ${result.datastores.map((d) => d.name).join(', ')}`);
  return found;
};
const codes = (result: AuditResult, name: string) => store(result, name).verdict.problems.map((p) => p.code);

describe('hlkms audit against the emulators', () => {
  test('two Regions and a denied one: every verdict, the shared key inspected once, the denied Region named with its permission', async () => {
    const setup = await seedAudit(emu, kms, `a${run}`);
    emu.state.deniedRegions.add('eu-west-1');
    const from = emu.state.requests.length;

    const result = await runAudit({ regions: [EAST, WEST, 'eu-west-1'] });

    assert.deepEqual(result.datastores.map((d) => `${d.region} ${d.name} ${d.verdict.status}`), [
      'us-east-1 claims healthy', 'us-east-1 clinical-notes healthy', 'us-east-1 imaging broken', 'us-east-1 lab-results broken', 'us-east-1 sandbox healthy',
      'us-west-2 research healthy', 'us-west-2 west-sandbox healthy',
    ]);
    assert.ok(codes(result, 'lab-results').includes('key-disabled'));
    assert.ok(codes(result, 'imaging').includes('key-pending-deletion'));
    assert.deepEqual(codes(result, 'sandbox'), ['aws-owned-key']);
    assert.equal(store(result, 'sandbox').encryption, 'AWS_OWNED_KMS_KEY');
    assert.equal(store(result, 'clinical-notes').keyArn, setup.shared, 'the alias resolved to the key');
    assert.equal(store(result, 'research').keyArn, setup.west);

    assert.equal(result.errors.length, 1);
    assert.equal(result.errors[0]!.region, 'eu-west-1');
    assert.match(result.errors[0]!.message, /^Access denied: the credentials in use lack healthlake:ListFHIRDatastores/);

    // Four distinct keys, each inspected once (one key policy read each), in the key's own Region.
    const policyReads = callsTo(emu, 'TrentService.GetKeyPolicy', from);
    assert.equal(policyReads.length, 4, JSON.stringify(policyReads));
    assert.deepEqual(policyReads.map((r) => r.region).sort(), [EAST, EAST, EAST, WEST]);
    assert.equal(callsTo(emu, 'TrentService.ListGrants', from).length, 4);
    assert.equal(result.keys.size, 4);
    assert.deepEqual(result.keys.get(setup.shared)!.report.datastores.map((d) => d.name).sort(), ['claims', 'clinical-notes']);
    assert.equal(callsTo(emu, TARGET.lookupEvents, from).length, 0, 'CloudTrail only with --since');

    const { summary } = result;
    assert.deepEqual(summary.regions, { audited: [EAST, WEST], failed: ['eu-west-1'] });
    assert.deepEqual(summary.byVerdict, { healthy: 5, 'at-risk': 0, broken: 2 });
    assert.deepEqual(summary.byEncryption, { AWS_OWNED_KMS_KEY: 2, CUSTOMER_MANAGED_KMS_KEY: 5 });
    assert.deepEqual(summary.sharedKeys, [{ arn: setup.shared, datastores: [setup.ids.claims, setup.ids['clinical-notes']] }]);
    assert.deepEqual(summary.keysDisabled.map((k) => k.arn), [setup.disabled]);
    assert.deepEqual(summary.keysPendingDeletion.map((k) => [k.arn, k.datastores]), [[setup.pending, [setup.ids.imaging]]]);
    assert.deepEqual(summary.grantMissing, []);
    assert.equal(auditExitCode(result), 1);
  });

  test('the JSON has the documented shape; each data store carries its key section or null', async () => {
    const setup = await seedAudit(emu, kms, `j${run}`);
    const json = JSON.parse(renderAuditJson(await runAudit({ regions: [EAST, WEST] })));
    assert.deepEqual(Object.keys(json), ['version', 'datastores', 'errors', 'summary', 'keys']);
    assert.equal(json.version, 1);
    const notes = json.datastores.find((d: { name: string }) => d.name === 'clinical-notes');
    assert.deepEqual(Object.keys(notes), ['id', 'name', 'region', 'status', 'encryption', 'key', 'verdict']);
    assert.equal(notes.key.arn, setup.shared);
    assert.deepEqual(notes.key.aliases, [`alias/j${run}-shared`]);
    assert.deepEqual(Object.keys(notes.verdict), ['status', 'problems']);
    assert.equal(json.datastores.find((d: { name: string }) => d.name === 'sandbox').key, null);
    assert.deepEqual(json.errors, []);
    assert.deepEqual(Object.keys(json.keys[0]), ['region', 'key', 'grants', 'datastores', 'policy', 'events', 'notes', 'verdict']);
    assert.equal(json.keys.length, 4);
  });

  test('a key missing its HealthLake grant, and a data store whose key KMS cannot find (which does not count against other keys)', async () => {
    const noGrant = await seedKey(kms.east, { rotation: true });
    const fine = await seedKey(kms.east, { rotation: true, grantOperations: ALL_NINE });
    const orphan = addDatastore(emu.state, 'orphan', `alias/gone-${run}`);
    const ungranted = addDatastore(emu.state, 'ungranted', noGrant.arn);
    addDatastore(emu.state, 'fine', fine.arn);
    addDatastore(emu.state, 'gone', fine.arn, 'DELETED');
    const result = await runAudit({ regions: [EAST] });
    assert.ok(!result.datastores.some((d) => d.name === 'gone'), 'deleted data stores are not audited');
    assert.equal(result.summary.deletedSkipped, 1);
    assert.match(renderAuditText(result), /1 deleted data store \(still listed by HealthLake\) not audited\./);
    assert.equal(store(result, 'orphan').verdict.status, 'broken');
    assert.deepEqual(codes(result, 'orphan'), ['datastore-key-not-found']);
    assert.match(store(result, 'orphan').verdict.problems[0]!.message, new RegExp(`'alias/gone-${run}', which KMS cannot find in us-east-1`));
    assert.equal(store(result, 'ungranted').verdict.status, 'broken');
    assert.ok(codes(result, 'ungranted').includes('healthlake-grant-missing'));
    assert.equal(store(result, 'fine').verdict.status, 'healthy', JSON.stringify(store(result, 'fine').verdict));
    assert.deepEqual(result.summary.grantMissing, [ungranted]);
    assert.ok(!result.summary.grantMissing.includes(orphan));
  });

  test("a data store naming another Region's key by ARN: the key is read in its own Region, once for every data store using it", async () => {
    const setup = await seedAudit(emu, kms, `x${run}`);
    addDatastore(emu.state, 'west-on-east-key', setup.shared, 'ACTIVE', WEST);
    const from = emu.state.requests.length;
    const result = await runAudit({ regions: [WEST, EAST] });
    const cross = store(result, 'west-on-east-key');
    assert.equal(cross.keyArn, setup.shared);
    assert.equal(cross.verdict.status, 'healthy', JSON.stringify(cross.verdict));
    assert.ok(codes(result, 'west-on-east-key').includes('key-other-region'));
    assert.ok(result.summary.sharedKeys.some((k) => k.arn === setup.shared && k.datastores.length === 3));
    const reads = callsTo(emu, 'TrentService.GetKeyPolicy', from);
    assert.equal(reads.length, 4, JSON.stringify(reads));
    assert.equal(reads.filter((r) => r.region === WEST).length, 1, "only the west key's policy is read in us-west-2");
  });

  test('throttling in one Region is retried with backoff and the audit completes; a Region that keeps throttling is reported', async () => {
    await seedAudit(emu, kms, `t${run}`);
    emu.state.throttleRegions.set(WEST, 3);
    emu.state.throttleRegions.set('eu-west-2', Infinity);
    const throttledBefore = emu.state.throttled;
    const result = await runAudit({ regions: [EAST, WEST, 'eu-west-2'] });
    assert.ok(emu.state.throttled - throttledBefore >= 3 + 5, `throttled ${emu.state.throttled - throttledBefore} times`);
    assert.equal(store(result, 'research').verdict.status, 'healthy');
    assert.deepEqual(result.errors.map((e) => e.region), ['eu-west-2']);
    assert.match(result.errors[0]!.message, /kept throttling healthlake:ListFHIRDatastores/);
  });

  test('an opt-in Region that is not enabled and an unreachable endpoint are reported per Region; the others are audited', async () => {
    await seedAudit(emu, kms, `o${run}`);
    emu.state.optInRegions.add('me-south-1');
    emu.state.unreachableRegions.add('eu-west-1');
    const result = await runAudit({ regions: ['me-south-1', EAST, 'eu-west-1'] });
    assert.equal(result.datastores.length, 5);
    const byRegion = Object.fromEntries(result.errors.map((e) => [e.region, e]));
    assert.equal(byRegion['me-south-1']!.kind, 'opt-in');
    assert.match(byRegion['me-south-1']!.message, /opt-in Region that is not enabled for this account/);
    assert.equal(byRegion['eu-west-1']!.kind, 'network');
    assert.match(byRegion['eu-west-1']!.message, /^Could not reach HealthLake in eu-west-1/);
    assert.equal(auditExitCode(result), 1, 'us-east-1 was read and has broken data stores');
  });

  test('nothing could be read: exit code 2', async () => {
    await seedAudit(emu, kms, `n${run}`);
    emu.state.deniedRegions.add(EAST).add(WEST);
    const result = await runAudit({ regions: [EAST, WEST] });
    assert.equal(result.errors.length, 2);
    assert.equal(auditExitCode(result), 2);
  });

  test('cancelling stops the calls in flight and makes no more', async () => {
    await seedAudit(emu, kms, `c${run}`);
    emu.state.latencyMs = 400;
    const from = emu.state.requests.length;
    const controller = new AbortController();
    const audit = runAudit({ regions: [EAST, WEST], signal: controller.signal });
    await waitFor(() => callsTo(emu, TARGET.listDatastores, from).length >= 1, 'the audit to list data stores');
    controller.abort();
    await assert.rejects(audit, (e: Error) => e.name === 'AbortError');
    const kmsCalls = emu.state.requests.slice(from).filter((r) => r.target.startsWith('TrentService.'));
    assert.deepEqual(kmsCalls, [], 'no key was inspected after cancelling');
  });

  test('text and Markdown say the same: verdicts, the Region not audited, the shared key, each key report', async () => {
    const setup = await seedAudit(emu, kms, `m${run}`);
    emu.state.deniedRegions.add('eu-west-1');
    const result = await runAudit({ regions: [EAST, WEST, 'eu-west-1'] });
    const text = renderAuditText(result);
    assert.match(text, /^HealthLake encryption audit: 7 data stores in 2 Regions \(1 Region could not be read\)/);
    assert.match(text, /\n {2}BROKEN {3}lab-results .*\n {6}\[error\] The key is disabled\./);
    assert.match(text, /eu-west-1: not audited: Access denied: the credentials in use lack healthlake:ListFHIRDatastores/);
    assert.match(text, new RegExp(`Keys shared by several data stores:\\n {2}${setup.shared}: (claims, clinical-notes|clinical-notes, claims)`));
    const md = renderAuditMarkdown(result);
    assert.match(md, /^# HealthLake encryption audit\n/);
    assert.match(md, /\| Account \| 123456789012 \|/);
    assert.match(md, /## Regions not audited\n\n- \*\*eu-west-1\*\*: Access denied/);
    assert.match(md, /\| BROKEN \| us-east-1 \| imaging \|/);
    assert.equal(md.match(/^### HealthLake KMS key report: /gm)?.length, 4, 'one key report per key, a level down');
  });

  test("--regions: a list (repeats dropped), or 'all' for every Region where HealthLake is offered", () => {
    assert.deepEqual(parseRegions(' us-west-2, us-east-1,us-west-2 '), [WEST, EAST]);
    assert.deepEqual(parseRegions('all'), [...HEALTHLAKE_REGIONS]);
    assert.ok(HEALTHLAKE_REGIONS.includes(EAST) && HEALTHLAKE_REGIONS.length >= 8);
    assert.throws(() => parseRegions('us-east-1,Mars'), /'Mars' is not a Region name/);
    assert.throws(() => parseRegions(','), /comma-separated list of Regions/);
  });
});
