/**
 * The HealthLake view's tree, from hand-built audits: an organization's (Accounts > Regions > data stores > key,
 * with a skipped account, an account whose role could not be assumed, and Region errors) and one account's
 * (Regions > data stores > key). What the view shows a user: labels, descriptions, icons, tooltips, what opens.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AuditTreeModel, OPEN_KEY_REPORT, type AuditNode } from '../../client/src/views/auditTreeModel';
import type { AuditResult, AuditSummary, Encryption } from '../../server/src/inspect/auditTypes';
import type { OrgAccount, OrgAuditResult, OrgDatastore, OrgError } from '../../server/src/inspect/orgTypes';
import type { KeyInspection, Problem, VerdictStatus } from '../../server/src/inspect/types';

const PROD = '111111111111';
const STAGING = '222222222222';
const RESEARCH = '333333333333';
const CLOSED = '444444444444';
const keyArn = (account: string, region: string, id: string) => `arn:aws:kms:${region}:${account}:key/${id}`;
const SHARED = keyArn(PROD, 'us-east-1', '1dd10403-f63e-43af-959b-086afe1e8f08');
const DISABLED = keyArn(PROD, 'us-east-1', 'f5f99f35-ab61-4f2e-9263-c55910ee946c');
const STAGING_KEY = keyArn(STAGING, 'us-east-1', '0b7f1c5e-8d8f-4c1e-9b1a-2b0a7e2f3c4d');

const disabledProblem: Problem = { code: 'key-disabled', severity: 'error', message: "The key is disabled. The data store 'lab-results' cannot read or write its data." };

function inspection(arn: string, state: string, alias: string | undefined, status: VerdictStatus): KeyInspection {
  const [, , , region, , resource] = arn.split(':');
  return {
    report: {
      key: {
        arn, keyId: resource!.slice('key/'.length), state, keySpec: 'SYMMETRIC_DEFAULT', keyUsage: 'ENCRYPT_DECRYPT', keyManager: 'CUSTOMER',
        multiRegion: false, deletionDate: null, rotationEnabled: true, aliases: alias ? [alias] : [], tags: {},
      },
      grants: { healthlake: [], otherCount: 0 }, datastores: [], policy: { findings: [] }, events: [], notes: [],
      verdict: { status, problems: [] },
    },
    region: region!, checked: { grants: true, datastores: true, events: false }, since: '2026-12-01T00:00:00.000Z',
  };
}

function store(account: string, region: string, id: string, name: string, keyArnOf: string | null, status: VerdictStatus = 'healthy', problems: Problem[] = []): OrgDatastore {
  const encryption: Encryption = keyArnOf ? 'CUSTOMER_MANAGED_KMS_KEY' : 'AWS_OWNED_KMS_KEY';
  return { account, id, name, region, status: 'ACTIVE', encryption, kmsKeyId: keyArnOf, keyArn: keyArnOf, verdict: { status, problems } };
}

const emptySummary = (): AuditSummary => ({
  regions: { audited: [], failed: [] }, datastores: 0, byVerdict: { healthy: 0, 'at-risk': 0, broken: 0 },
  byEncryption: { AWS_OWNED_KMS_KEY: 0, CUSTOMER_MANAGED_KMS_KEY: 0 }, keys: 0, sharedKeys: [], keysPendingDeletion: [], keysDisabled: [], grantMissing: [], deletedSkipped: 0,
});

const account = (id: string, name: string, status: string, regions: string[], skipped: string | null = null, notes: string[] = []): OrgAccount => ({
  id, name, status, audited: skipped === null, skipped, regions, notes,
  summary: skipped === null ? { ...emptySummary(), regions: { audited: regions, failed: [] } } : null,
});

const ASSUME_ROLE_ERROR = `Could not assume arn:aws:iam::${RESEARCH}:role/HlkmsAudit: access denied. The role's trust policy must allow sts:AssumeRole to the audit account with the condition {"StringEquals": {"sts:ExternalId": "…"}}.`;
const SCP_ERROR = 'Access denied in us-west-2: a service control policy denies healthlake:ListFHIRDatastores here.';
const LIST_REGIONS_NOTE = 'Its enabled Regions could not be read (access denied: account:ListRegions); every Region asked for was audited.';

function orgResult(): OrgAuditResult {
  const datastores = [
    store(PROD, 'us-east-1', '00000001000000000000000000000000', 'clinical-notes', SHARED),
    store(PROD, 'us-east-1', '00000003000000000000000000000000', 'lab-results', DISABLED, 'broken', [disabledProblem]),
    store(PROD, 'us-west-2', '00000004000000000000000000000000', 'sandbox', null),
    // The same data store id in another account (ids are unique per account and Region only).
    store(STAGING, 'us-east-1', '00000001000000000000000000000000', 'staging-notes', STAGING_KEY),
  ];
  const errors: OrgError[] = [
    { account: STAGING, region: 'us-west-2', kind: 'scp', message: SCP_ERROR },
    { account: RESEARCH, region: null, kind: 'assume-role', message: ASSUME_ROLE_ERROR },
  ];
  return {
    regions: ['us-east-1', 'us-west-2'],
    accounts: [
      account(PROD, 'Production', 'ACTIVE', ['us-east-1', 'us-west-2']),
      account(STAGING, 'Staging', 'ACTIVE', ['us-east-1'], null, [LIST_REGIONS_NOTE]),
      account(RESEARCH, 'Research', 'ACTIVE', [], 'its role could not be assumed'),
      account(CLOSED, 'Closed', 'SUSPENDED', [], 'not active (SUSPENDED)'),
    ],
    datastores,
    keys: new Map([
      [SHARED, inspection(SHARED, 'Enabled', 'alias/fhir-shared', 'healthy')],
      [DISABLED, inspection(DISABLED, 'Disabled', undefined, 'broken')],
      [STAGING_KEY, inspection(STAGING_KEY, 'Enabled', 'alias/staging', 'healthy')],
    ]),
    errors,
    summary: {
      accounts: { total: 4, audited: 2, skipped: 1, failed: 1 }, datastores: 4, byVerdict: { healthy: 3, 'at-risk': 0, broken: 1 },
      byEncryption: { AWS_OWNED_KMS_KEY: 1, CUSTOMER_MANAGED_KMS_KEY: 3 }, perAccount: [], keys: 3,
      notAudited: [{ account: RESEARCH, reason: 'its role could not be assumed' }, { account: CLOSED, reason: 'not active (SUSPENDED)' }],
    },
    startedAt: '2026-12-06T10:00:00.000Z', finishedAt: '2026-12-06T10:01:00.000Z', since: null, cancelled: false, stopped: null,
  };
}

const tooltipText = (tooltip: string | { markdown: string }) => (typeof tooltip === 'string' ? tooltip : tooltip.markdown);

/** Every node of the tree, depth first. */
function walk(model: AuditTreeModel, node?: AuditNode): AuditNode[] {
  return model.children(node).flatMap((child) => [child, ...walk(model, child)]);
}

test('an organization: one node per account, with what was audited or why it was not', () => {
  const model = new AuditTreeModel({ scope: 'organization', result: orgResult() });
  const accounts = model.children().map((n) => model.item(n));
  assert.deepEqual(accounts.map((a) => [a.label, a.description, a.icon.id]), [
    ['Production', `${PROD} · 3 data stores: 1 broken, 2 healthy`, 'error'],
    ['Staging', `${STAGING} · 1 data store: 1 healthy · 1 error`, 'warning'],
    ['Research', `${RESEARCH} · not audited: its role could not be assumed`, 'error'],
    ['Closed', `${CLOSED} · SUSPENDED`, 'circle-slash'],
  ]);
  const [prod, staging, research, closed] = accounts;
  assert.equal(prod!.collapsible, 'expanded', 'an account with a broken data store opens');
  // The account whose role could not be assumed: the error, naming the role and the trust policy it needs.
  assert.match(tooltipText(research!.tooltip), /arn:aws:iam::333333333333:role\/HlkmsAudit/);
  assert.match(tooltipText(research!.tooltip), /sts:ExternalId/);
  assert.equal(research!.collapsible, 'none');
  assert.match(tooltipText(closed!.tooltip), /SUSPENDED/);
  assert.equal(closed!.collapsible, 'none');
  // An audited account with errors lists them on its node, and what to know about how it was audited.
  assert.ok(tooltipText(staging!.tooltip).includes(`us-west-2: ${SCP_ERROR}`) && tooltipText(staging!.tooltip).includes(LIST_REGIONS_NOTE));
  const [, , researchNode, closedNode] = model.children();
  assert.deepEqual(model.children(researchNode), []);
  assert.deepEqual(model.children(closedNode), []);
});

test('an organization: Regions > data stores > key under each account, with verdicts and a Region error', () => {
  const model = new AuditTreeModel({ scope: 'organization', result: orgResult() });
  const label = (n: AuditNode) => model.item(n).label;
  const [prod, staging] = model.children();
  const regions = model.children(prod);
  assert.deepEqual(regions.map((n) => [label(n), model.item(n).icon.id, model.item(n).description]),
    [['us-east-1', 'error', '2 data stores: 1 broken, 1 healthy'], ['us-west-2', 'pass', '1 data store: 1 healthy']]);
  const east = model.children(regions[0]);
  assert.deepEqual(east.map(label), ['clinical-notes', 'lab-results']);
  const broken = model.item(east[1]!);
  assert.equal(broken.icon.id, 'error');
  assert.match(tooltipText(broken.tooltip), /111111111111, us-east-1: broken/);
  const key = model.item(model.children(east[1])[0]!);
  assert.equal(key.label, 'f5f99f35-ab61-4f2e-9263-c55910ee946c');
  assert.equal(key.description, 'Disabled · broken');
  assert.deepEqual(key.command, { command: OPEN_KEY_REPORT, title: 'Open Key Report', arguments: [DISABLED] });
  const owned = model.item(model.children(model.children(regions[1])[0])[0]!);
  assert.equal(owned.label, 'AWS owned key');
  assert.equal(owned.command, undefined);

  // A Region an SCP denies: shown under its account, not audited, with the reason.
  const stagingRegions = model.children(staging);
  assert.deepEqual(stagingRegions.map(label), ['us-east-1', 'us-west-2']);
  const denied = model.item(stagingRegions[1]!);
  assert.deepEqual([denied.description, denied.icon.id, denied.tooltip], ['not audited', 'circle-slash', SCP_ERROR]);
  assert.deepEqual(model.children(stagingRegions[0]).map(label), ['staging-notes'], 'each account shows its own data stores');
});

test('an organization: every node has a distinct id, and each child names its parent', () => {
  const model = new AuditTreeModel({ scope: 'organization', result: orgResult() });
  const nodes = walk(model);
  assert.equal(nodes.length, 4 + 4 + 4 * 2, 'accounts, Regions, data stores and keys');
  const ids = nodes.map((n) => model.item(n).id);
  assert.equal(new Set(ids).size, ids.length, `duplicate ids: ${ids.join(', ')}`);
  for (const parent of [undefined, ...nodes]) {
    for (const child of model.children(parent)) {
      const found = model.parent(child);
      assert.equal(found && model.item(found).id, parent && model.item(parent).id, `the parent of ${model.item(child).id}`);
    }
  }
});

test('a cancelled organization audit shows what was read, and says what was not reached', () => {
  const result = orgResult();
  result.cancelled = true;
  // Production was cancelled after us-east-1; a fifth account was not reached at all.
  result.datastores = result.datastores.filter((d) => !(d.account === PROD && d.region === 'us-west-2'));
  result.accounts[0]!.summary!.regions.audited = ['us-east-1'];
  result.accounts.push(account('555555555555', 'Later', 'ACTIVE', ['us-east-1', 'us-west-2'], 'not reached: the audit was cancelled'));
  const model = new AuditTreeModel({ scope: 'organization', result });
  const [prod] = model.children();
  assert.deepEqual(model.children(prod).map((n) => [model.item(n).label, model.item(n).description, model.item(n).icon.id]),
    [['us-east-1', '2 data stores: 1 broken, 1 healthy', 'error'], ['us-west-2', 'not reached', 'circle-slash']]);
  const later = model.children().at(-1)!;
  assert.deepEqual([model.item(later).description, model.item(later).icon.id], ['555555555555 · not reached: the audit was cancelled', 'circle-slash']);
  assert.deepEqual(model.children(later), []);
});

test('one account: Regions > data stores > key, as before', () => {
  const org = orgResult();
  const datastores = org.datastores.filter((d) => d.account === PROD).map(({ account: _, ...d }) => d);
  const result: AuditResult = {
    regions: ['us-east-1', 'us-west-2', 'eu-west-1'], datastores, keys: org.keys,
    errors: [{ region: 'eu-west-1', kind: 'denied', message: 'Access denied: the credentials in use lack healthlake:ListFHIRDatastores.' }],
    summary: emptySummary(), startedAt: org.startedAt, finishedAt: org.finishedAt, since: null, account: PROD,
  };
  const model = new AuditTreeModel({ scope: 'account', result });
  const regions = model.children();
  assert.deepEqual(regions.map((n) => [model.item(n).label, model.item(n).icon.id, model.item(n).description]), [
    ['us-east-1', 'error', '2 data stores: 1 broken, 1 healthy'], ['us-west-2', 'pass', '1 data store: 1 healthy'], ['eu-west-1', 'circle-slash', 'not audited'],
  ]);
  assert.match(String(model.item(regions[2]!).tooltip), /lack healthlake:ListFHIRDatastores/);
  const east = model.children(regions[0]);
  assert.deepEqual(east.map((n) => model.item(n).id), ['datastore:us-east-1:00000001000000000000000000000000', 'datastore:us-east-1:00000003000000000000000000000000']);
  assert.equal(model.item(model.children(east[0])[0]!).label, 'alias/fhir-shared');
  assert.equal(model.parent(regions[0]!), undefined);
});
