/**
 * The documented least privilege of the organization audit, against the calls a real run makes: the caller's
 * policy (docs/org-audit-caller-permissions.json) allows every Organizations and STS call, the member role's
 * policy (docs/org-audit-member-permissions.json) every call made with the role's credentials; and neither
 * grants an action the audit does not call. Two runs cover the calls: every account with --since (CloudTrail),
 * and one organizational unit (ListAccountsForParent). The management account is left out, so that every call
 * of the member side is made with a member role's credentials; a third run audits it alone, with the caller's
 * own credentials, which the member role's policy then covers (the README says to give it to the caller too).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ListRootsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { runOrgAudit } from '../../server/src/inspect/orgAudit';
import { assertAllows, assertGrantsExactly, AUDIT_ACCOUNT, MEMBER_ACCOUNT, type Call } from '../support/orgAuditDocs';
import { ACCOUNT, TARGET } from './emulators';
import { EAST, ROLE, startOrg, WEST, type OrgSetup } from './orgFixture';

let org: OrgSetup;
const saved = { ...process.env };

before(async () => {
  org = await startOrg();
  for (const name of Object.keys(process.env)) if (name.startsWith('AWS_')) delete process.env[name];
  Object.assign(process.env, org.env);
});
after(async () => {
  process.env = saved;
  await org?.stop();
});

/** A request to KMS, HealthLake or CloudTrail as the IAM action it needs, on the documents' example account. */
function memberCall(target: string, region: string): Call {
  if (target === TARGET.lookupEvents) return { action: 'cloudtrail:LookupEvents', resource: '*' };
  if (target.startsWith('TrentService.')) {
    const action = `kms:${target.slice('TrentService.'.length)}`;
    const onKey = action !== 'kms:ListAliases';
    return { action, resource: onKey ? `arn:aws:kms:${region}:${MEMBER_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab` : '*' };
  }
  return { action: `healthlake:${target.split('.')[1]}`, resource: '*' };
}

test('the documented caller and member policies allow every call of an organization audit, and only those', async () => {
  const org2 = new OrganizationsClient({ region: EAST, endpoint: org.env.AWS_ENDPOINT_URL_ORGANIZATIONS, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
  const root = (await org2.send(new ListRootsCommand({}))).Roots![0]!.Id!;
  org2.destroy();
  org.front.calls = [];
  const from = org.emu.state.requests.length;
  const everyAccount = await runOrgAudit({
    roleName: ROLE, regions: [EAST, WEST], organizationsPaceMs: 0, excludeAccounts: [ACCOUNT], since: new Date(Date.now() - 86_400_000),
  });
  const oneUnit = await runOrgAudit({ roleName: ROLE, regions: [EAST], organizationsPaceMs: 0, ou: root, accounts: [org.accounts.research] });
  assert.ok(everyAccount.accounts.some((a) => a.audited) && oneUnit.accounts.some((a) => a.audited), 'both runs audited accounts');

  const caller: Call[] = org.front.calls.filter((c) => c.service !== 'account').map((c) => ({
    action: `${c.service}:${c.operation}`, resource: c.roleArn ?? '*',
  }));
  const member: Call[] = [
    ...org.front.calls.filter((c) => c.service === 'account').map((c) => ({ action: `account:${c.operation}`, resource: '*' })),
    ...org.emu.state.requests.slice(from).map((r) => memberCall(r.target, r.region)),
  ];
  assertGrantsExactly('org-audit-caller-permissions.json', `arn:aws:iam::${AUDIT_ACCOUNT}:role/Auditor`, caller);
  assertGrantsExactly('org-audit-member-permissions.json', `arn:aws:sts::${MEMBER_ACCOUNT}:assumed-role/${ROLE}/hlkms-audit`, member);
});

test('the member role\'s policy, given to the caller too, covers the management account audited with the caller\'s own credentials', async () => {
  org.front.calls = [];
  const from = org.emu.state.requests.length;
  const r = await runOrgAudit({ roleName: ROLE, regions: [EAST, WEST], organizationsPaceMs: 0, accounts: [ACCOUNT], since: new Date(Date.now() - 86_400_000) });
  assert.equal(r.accounts.find((a) => a.id === ACCOUNT)?.audited, true, 'the management account was audited');
  // Every call but Organizations' and STS's was made with the caller's credentials here.
  const callerAsMember: Call[] = [
    ...org.front.calls.filter((c) => c.service === 'account').map((c) => ({ action: `account:${c.operation}`, resource: '*' })),
    ...org.emu.state.requests.slice(from).map((q) => memberCall(q.target, q.region)),
  ];
  assert.ok(callerAsMember.some((c) => c.action === 'healthlake:ListFHIRDatastores'), 'the management account was read');
  assertAllows('org-audit-member-permissions.json', `arn:aws:iam::${MEMBER_ACCOUNT}:role/Auditor`, callerAsMember);
});
