/**
 * The organization audit against moto (Organizations, STS with assumed-role credentials per account, KMS per
 * account and Region), the STS/Organizations front and the HealthLake stand-in answering per account.
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditOrgCommand } from '../../server/src/cli/auditOrg';
import { runOrgAudit, type OrgAuditOptions } from '../../server/src/inspect/orgAudit';
import { orgAuditJson, renderOrgAuditMarkdown, renderOrgAuditText } from '../../server/src/inspect/orgRender';
import { orgAuditExitCode } from '../../server/src/inspect/orgSummary';
import type { OrgAuditProgress, OrgAuditResult } from '../../server/src/inspect/orgTypes';
import { CreateOrganizationalUnitCommand, ListRootsCommand, MoveAccountCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { ACCOUNT, TARGET } from './emulators';
import { EAST, ROLE, startOrg, WEST, type OrgSetup } from './orgFixture';

let org: OrgSetup;
let dir: string;
const saved = { ...process.env };

before(async () => {
  org = await startOrg();
  for (const name of Object.keys(process.env)) if (name.startsWith('AWS_')) delete process.env[name];
  Object.assign(process.env, org.env);
  dir = mkdtempSync(join(tmpdir(), 'hlkms-org-'));
});
beforeEach(() => {
  org.front.throttleOrganizations = 0;
  org.front.throttleSts = 0;
  org.front.assumeRoleBudget = Infinity;
  org.front.externalIds.clear();
  org.front.calls = [];
  org.emu.state.throttleRegions.clear();
  org.emu.state.deniedRegions.clear();
  org.emu.state.latencyMs = 0;
  org.emu.state.calls = [];
});
after(async () => {
  process.env = saved;
  rmSync(dir, { recursive: true, force: true });
  await org?.stop();
});

const audit = (extra: Partial<OrgAuditOptions> = {}) => runOrgAudit({ roleName: ROLE, regions: [EAST, WEST], organizationsPaceMs: 0, ...extra });
const verdicts = (r: OrgAuditResult) => r.datastores.map((d) => `${d.account} ${d.region} ${d.name} ${d.verdict.status}`);
const account = (r: OrgAuditResult, id: string) => {
  const found = r.accounts.find((a) => a.id === id);
  assert.ok(found, `no account ${id}`);
  return found;
};

describe('hlkms audit --org against the emulators', () => {
  test('every active account audited through its role; the suspended one skipped; the unassumable one an error naming the role and its trust policy', async () => {
    const { clinical, research, analytics, retired, partner } = org.accounts;
    const r = await audit();

    assert.deepEqual(verdicts(r), [
      `${analytics} ${EAST} analytics-sandbox healthy`,
      `${clinical} ${EAST} clinical-claims healthy`, `${clinical} ${EAST} clinical-notes healthy`, `${clinical} ${EAST} clinical-sandbox healthy`,
      `${clinical} ${WEST} clinical-west broken`,
      `${ACCOUNT} ${EAST} management-hub healthy`,
      `${research} ${EAST} research-genomics healthy`,
    ], 'accounts by name, then Region, then data store; nothing of the partner account, nor of the Region the SCP denies');
    assert.equal(account(r, retired).audited, false);
    assert.equal(account(r, retired).status, 'SUSPENDED');
    assert.match(account(r, retired).skipped ?? '', /SUSPENDED/);
    assert.equal(account(r, partner).audited, false);
    assert.deepEqual(account(r, partner).regions, [], 'no Region audited');

    const partnerErrors = r.errors.filter((e) => e.account === partner);
    assert.equal(partnerErrors.length, 1, 'one error for the account, not one per Region');
    assert.equal(partnerErrors[0]!.kind, 'assume-role');
    assert.equal(partnerErrors[0]!.region, null);
    assert.match(partnerErrors[0]!.message, new RegExp(`arn:aws:iam::${partner}:role/${ROLE}`));
    assert.match(partnerErrors[0]!.message, /"Action":"sts:AssumeRole"/);
    assert.match(partnerErrors[0]!.message, new RegExp(`"Principal":\\{"AWS":"arn:aws:iam::${ACCOUNT}:root"\\}`));
    assert.doesNotMatch(partnerErrors[0]!.message, /ExternalId/, 'no ExternalId condition when none is used');

    const scp = r.errors.filter((e) => e.account === research);
    assert.deepEqual(scp.map((e) => [e.region, e.kind]), [[WEST, 'scp']]);
    assert.match(scp[0]!.message, /service control policy/);
    assert.deepEqual(account(r, research).summary?.regions, { audited: [EAST], failed: [WEST] });
    assert.equal(account(r, research).audited, true);

    assert.match(account(r, ACCOUNT).notes.join(' '), /caller's own credentials/, 'the management account falls back to the caller');
    assert.deepEqual(account(r, analytics).notes.length, 1, 'a denied ListRegions is said once');
    assert.match(account(r, analytics).notes[0]!, /^Its enabled Regions could not be read, so every Region asked for was audited\. .*lack account:ListRegions.*the role HlkmsAudit/);
    assert.deepEqual(account(r, analytics).regions, [EAST, WEST], 'and every Region asked for is audited');
    assert.equal(r.errors.filter((e) => e.account === analytics).length, 0);

    // Each assumed role: session hlkms-audit, one AssumeRole per account.
    const assumes = org.front.calls.filter((c) => c.operation === 'AssumeRole');
    assert.equal(new Set(assumes.map((c) => c.roleArn)).size, assumes.length, 'each role assumed once');
    assert.ok(assumes.every((c) => c.roleArn!.endsWith(`:role/${ROLE}`)));
    assert.ok(!assumes.some((c) => c.roleArn!.includes(retired)), 'a suspended account is not touched');

    assert.deepEqual(r.summary.accounts, { total: 6, audited: 4, skipped: 1, failed: 1 });
    assert.deepEqual(r.summary.byVerdict, { healthy: 6, 'at-risk': 0, broken: 1 });
    assert.deepEqual(r.summary.notAudited.map((n) => n.account).sort(), [partner, retired].sort());
    assert.equal(r.summary.keys, 3);
    assert.equal(r.cancelled, false);
    assert.equal(orgAuditExitCode(r), 1);
  });

  test('a key shared by two data stores of an account is read once; its report is attached to both', async () => {
    const r = await audit({ accounts: [org.accounts.clinical] });
    const shared = r.datastores.filter((d) => d.keyArn === org.keys.shared);
    assert.deepEqual(shared.map((d) => d.name), ['clinical-claims', 'clinical-notes']);
    assert.equal(org.emu.state.calls.filter((c) => c === 'TrentService.GetKeyPolicy').length, 2, 'two distinct keys in the account, each read once');
    assert.deepEqual(account(r, org.accounts.clinical).summary?.sharedKeys, [{ arn: org.keys.shared, datastores: shared.map((d) => d.id) }]);
    const json = orgAuditJson(r);
    assert.equal(json.keys.filter((k) => k.key.arn === org.keys.shared).length, 1);
    assert.ok(json.datastores.every((d) => d.account === org.accounts.clinical));
    assert.deepEqual(json.summary.notAudited.map((n) => n.reason).filter((x) => /--accounts/.test(x)), []);
  });

  test('the caller\'s own account is audited through the role when the role can be assumed there', async () => {
    const arn = `arn:aws:iam::${ACCOUNT}:role/${ROLE}`;
    org.front.deniedRoles.delete(arn);
    try {
      const r = await audit({ accounts: [ACCOUNT] });
      assert.deepEqual(account(r, ACCOUNT).notes, []);
      assert.equal(account(r, ACCOUNT).audited, true);
      assert.deepEqual(r.datastores.map((d) => d.name), ['management-hub']);
      assert.ok(org.front.calls.some((c) => c.operation === 'AssumeRole' && c.roleArn === arn && !c.throttled));
    } finally {
      org.front.deniedRoles.add(arn);
    }
  });

  test('--accounts and --exclude-accounts choose the accounts; an id not in the organization is said', async () => {
    const r = await audit({ accounts: [org.accounts.research, org.accounts.analytics, '999999999999'], excludeAccounts: [org.accounts.analytics] });
    assert.deepEqual(r.accounts.map((a) => [a.id, a.audited]).sort(), [[org.accounts.research, true], [org.accounts.analytics, false], ['999999999999', false]].sort());
    assert.match(account(r, org.accounts.analytics).skipped ?? '', /excluded/);
    assert.match(account(r, '999999999999').skipped ?? '', /not an account of the organization/);
    assert.ok(!org.front.calls.some((c) => c.roleArn?.includes(org.accounts.clinical)), 'accounts left out are not touched');
  });

  test('--ou: the accounts of the organizational unit and of the units under it', async () => {
    const client = new OrganizationsClient({ region: EAST });
    try {
      const root = (await client.send(new ListRootsCommand({}))).Roots![0]!.Id!;
      const health = (await client.send(new CreateOrganizationalUnitCommand({ ParentId: root, Name: 'health' }))).OrganizationalUnit!.Id!;
      const labs = (await client.send(new CreateOrganizationalUnitCommand({ ParentId: health, Name: 'labs' }))).OrganizationalUnit!.Id!;
      await client.send(new MoveAccountCommand({ AccountId: org.accounts.research, SourceParentId: root, DestinationParentId: health }));
      await client.send(new MoveAccountCommand({ AccountId: org.accounts.analytics, SourceParentId: root, DestinationParentId: labs }));
      org.front.calls = [];
      const r = await audit({ ou: health });
      assert.deepEqual(r.accounts.map((a) => a.name), ['analytics', 'research']);
      assert.ok(r.accounts.every((a) => a.audited));
      assert.ok(org.front.calls.some((c) => c.operation === 'ListAccountsForParent') && !org.front.calls.some((c) => c.operation === 'ListAccounts'));
      const whole = await audit({ ou: root });
      assert.equal(whole.accounts.length, 6, 'the root gives the whole organization');
    } finally {
      client.destroy();
    }
  });

  test('a role without the HealthLake permission: one error for the account, not one per Region; the account failed', async () => {
    org.emu.state.deniedRegions.add(EAST).add(WEST);
    const r = await audit({ accounts: [org.accounts.analytics, org.accounts.research] });
    const analytics = r.errors.filter((e) => e.account === org.accounts.analytics);
    assert.equal(analytics.length, 1);
    assert.equal(analytics[0]!.region, null);
    assert.equal(analytics[0]!.kind, 'denied');
    assert.match(analytics[0]!.message, /^In every Region audited \(us-east-1, us-west-2\): .*healthlake:ListFHIRDatastores.*Allow it in the IAM policy of the role HlkmsAudit\./);
    assert.deepEqual(r.errors.filter((e) => e.account === org.accounts.research).map((e) => [e.region, e.kind]), [[EAST, 'denied'], [WEST, 'scp']],
      'Regions failing in different ways stay one row each');
    assert.deepEqual(r.summary.accounts, { total: 2, audited: 0, skipped: 0, failed: 2 });
    assert.equal(orgAuditExitCode(r), 2);
  });

  test('--external-id: passed to AssumeRole, and named in the trust policy the error prints', async () => {
    const arn = `arn:aws:iam::${org.accounts.research}:role/${ROLE}`;
    org.front.externalIds.set(arn, 'hlkms-2026');
    const wrong = await audit({ accounts: [org.accounts.research], externalId: 'guess' });
    assert.equal(wrong.errors.length, 1);
    assert.equal(wrong.errors[0]!.kind, 'assume-role');
    assert.match(wrong.errors[0]!.message, /"Condition":\{"StringEquals":\{"sts:ExternalId":"guess"\}\}/);
    assert.equal(orgAuditExitCode(wrong), 2, 'nothing could be read');

    const right = await audit({ accounts: [org.accounts.research], externalId: 'hlkms-2026' });
    assert.equal(account(right, org.accounts.research).audited, true);
    assert.ok(org.front.calls.filter((c) => c.roleArn === arn).every((c) => c.externalId !== undefined));
  });

  test('throttling of Organizations, STS and HealthLake is retried: the same result as without', async () => {
    const calm = orgAuditJson(await audit());
    org.front.throttleOrganizations = 3;
    org.front.throttleSts = 2;
    org.emu.state.throttleRegions.set(EAST, 4);
    org.front.calls = [];
    const stormy = orgAuditJson(await audit());
    assert.deepEqual(stormy, calm);
    assert.equal(org.front.calls.filter((c) => c.service === 'organizations' && c.throttled).length, 3);
    assert.equal(org.front.calls.filter((c) => c.service === 'sts' && c.throttled).length, 2);
    assert.equal(org.emu.state.throttleRegions.get(EAST), 0, 'HealthLake throttled four times, each retried');
  });

  test('cancelled mid-run: what was audited, marked cancelled; resumed from the checkpoint, the same report as one run', async () => {
    const whole = orgAuditJson(await audit());
    const file = join(dir, 'cancel.json');
    const controller = new AbortController();
    org.emu.state.latencyMs = 30;
    const first = await audit({
      concurrency: 1, checkpoint: file, signal: controller.signal,
      onProgress: (p) => { if (p.pairsDone >= 3) controller.abort(); },
    });
    assert.equal(first.cancelled, true);
    const audited = first.accounts.filter((a) => a.audited).length;
    assert.ok(audited >= 1 && audited < 4, `some accounts audited, not all (${audited})`);
    assert.ok(first.accounts.some((a) => a.skipped === 'not reached: the audit was cancelled'));
    const saved1 = JSON.parse(readFileSync(file, 'utf8')) as { pairs: unknown[] };
    assert.ok(saved1.pairs.length >= 3);

    org.emu.state.latencyMs = 0;
    org.emu.state.calls = [];
    const listsBefore = org.emu.state.requests.filter((q) => q.target === TARGET.listDatastores).length;
    const seen: OrgAuditProgress[] = [];
    const resumed = await audit({ checkpoint: file, onProgress: (p) => seen.push(p) });
    assert.equal(seen[0]!.pairsDone, saved1.pairs.length, 'progress starts from the checkpoint');
    assert.ok(seen.some((p) => p.remainingMs !== null), 'and estimates the time left from the pairs of this run');
    const last = seen.at(-1)!;
    assert.deepEqual([last.accountsDone, last.accountsTotal, last.pairsDone, last.pairsTotal], [5, 5, 8, 8]);
    const lists = org.emu.state.requests.filter((q) => q.target === TARGET.listDatastores).length - listsBefore;
    assert.equal(resumed.cancelled, false);
    assert.deepEqual(orgAuditJson(resumed), whole);
    assert.equal(resumed.startedAt, first.startedAt, 'the report keeps the first run\'s start');
    // 8 pairs in all (4 accounts x 2 Regions): the checkpointed ones are not read again.
    assert.equal(lists, 8 - saved1.pairs.length, `ListFHIRDatastores ${lists} times on resume`);
  });

  test('the caller\'s credentials expire mid-run: the run stops, says why once, and the accounts not reached count as not audited; a resume completes it', async () => {
    const whole = orgAuditJson(await audit());
    const file = join(dir, 'expired.json');
    org.front.assumeRoleBudget = 2;
    const first = await audit({ concurrency: 1, checkpoint: file });
    assert.match(first.stopped ?? '', /session token has expired/);
    assert.equal(first.cancelled, false);
    assert.deepEqual(first.accounts.filter((a) => a.audited).map((a) => a.name), ['analytics', 'clinical']);
    const unreached = first.accounts.filter((a) => a.skipped?.startsWith('not reached: the audit stopped'));
    assert.deepEqual(unreached.map((a) => a.name), ['master', 'partner', 'research']);
    assert.deepEqual(first.errors, [], 'no error row per account for the caller\'s expired credentials');
    assert.deepEqual(first.summary.accounts, { total: 6, audited: 2, skipped: 1, failed: 3 });
    assert.equal(orgAuditExitCode(first), 1);
    assert.match(renderOrgAuditText(first), /Stopped before every account was audited: The AWS session token has expired/);

    org.front.assumeRoleBudget = Infinity;
    const resumed = await audit({ checkpoint: file });
    assert.equal(resumed.stopped, null);
    assert.deepEqual(orgAuditJson(resumed), whole);
  });

  test('a checkpoint of another audit is refused, not mixed in', async () => {
    const file = join(dir, 'other.json');
    await audit({ accounts: [org.accounts.analytics], checkpoint: file });
    await assert.rejects(audit({ accounts: [org.accounts.research], checkpoint: file }), /written by a different audit/);
  });

  test('text and Markdown: the organization summary, then one section per account', async () => {
    const r = await audit();
    const md = renderOrgAuditMarkdown(r);
    assert.match(md, /^# HealthLake encryption audit of the organization/);
    assert.match(md, /## Accounts\n\n\| Account \| Status \| Audited/);
    assert.match(md, new RegExp(`\\| retired \\(${org.accounts.retired}\\) \\| SUSPENDED \\| no: not active`));
    assert.match(md, new RegExp(`## Account clinical \\(${org.accounts.clinical}\\)`));
    assert.match(md, /### Summary/);
    assert.match(md, new RegExp(`\\| research \\(${org.accounts.research}\\) \\| ACTIVE \\| yes \\| us-east-1 \\(not read: us-west-2\\) \\| 0 \\| 0 \\| 1 \\|`));
    assert.ok(md.indexOf('## Accounts') < md.indexOf('## Account clinical'));
    const text = renderOrgAuditText(r);
    assert.match(text, /7 data stores in 4 accounts audited of 6, 1 account could not be audited, 1 skipped/);
    assert.match(text, new RegExp(`partner \\(${org.accounts.partner}\\) ACTIVE: its role could not be assumed`));
  });

  test('on a terminal, one progress line on stderr, rewritten in place and cleared before the report; none with --quiet', async () => {
    const run = async (quiet: boolean) => {
      const written: string[] = [];
      const out: string[] = [];
      org.emu.state.latencyMs = 120;
      const code = await auditOrgCommand(
        { roleName: ROLE, regions: [EAST], concurrency: 2, excludeAccounts: [], accounts: [org.accounts.clinical, org.accounts.research], format: 'json', quiet },
        { out: (t) => out.push(t), err: (t) => out.push(t), cwd: dir },
        { isTTY: true, columns: 120, write: (t: string) => written.push(t) },
      );
      return { code, written, out };
    };
    const shown = await run(false);
    assert.equal(shown.code, 0);
    assert.ok(shown.written.length >= 2, `progress written ${shown.written.length} times`);
    assert.ok(shown.written.slice(0, -1).every((w) => /^\r\x1b\[2KAccounts \d\/2 · Regions \d\/2 · \d data stores? · \d errors? · \d+s elapsed/.test(w)), shown.written.join('|'));
    assert.equal(shown.written.at(-1), '\r\x1b[2K', 'cleared before the report');
    assert.equal(JSON.parse(shown.out[0]!).summary.accounts.audited, 2);
    assert.deepEqual((await run(true)).written, []);
  });
});
