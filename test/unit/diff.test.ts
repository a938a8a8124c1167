/** diffPolicies on pairs with known differences: each says who gains or loses what, and the CI verdict. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ACCOUNT, ADMIN, FOUR, READER, ROOT, VIA, capabilityOf, changeLines, diff, exitCode, healthLake, policy, risks, rootStatement,
} from './diffSupport';

const base = policy(rootStatement, healthLake(READER));

test('widening: a role gains Decrypt outside HealthLake, named per action, exit 1', () => {
  const after = policy(rootStatement, healthLake(READER), { Sid: 'Direct', Effect: 'Allow', Principal: { AWS: READER }, Action: 'kms:Decrypt', Resource: '*' });
  const d = diff(base, after);
  // The role already had Decrypt through the account (IAM decides): the key policy's decision is Allow both times.
  assert.deepEqual(changeLines(d), []);
  const d2 = diff(policy(healthLake(READER)), policy(healthLake(READER), { Sid: 'Direct', Effect: 'Allow', Principal: { AWS: READER }, Action: 'kms:Decrypt', Resource: '*' }));
  assert.deepEqual(changeLines(d2), [`${READER} kms:Decrypt ImplicitDeny→Allow`]);
  assert.equal(exitCode(d2), 1);
  assert.deepEqual(risks(d2).widened.map((p) => p.id), [READER]);
  // The HealthLake statement's condition did not change: a new statement gave the access, so nothing is said of conditions.
  assert.deepEqual(d2.conditions, []);
});

test('narrowing: a role loses HealthLake write; a lost capability fails the check', () => {
  const after = policy(rootStatement, healthLake(READER, ['kms:DescribeKey', 'kms:CreateGrant', 'kms:Decrypt']));
  const d = diff(base, after);
  assert.equal(capabilityOf(d, READER, 'write'), 'direct→iam');
  assert.equal(capabilityOf(d, READER, 'read'), 'direct→direct');
  assert.equal(exitCode(d), 1);
  assert.deepEqual(risks(d).lostCapabilities.map((r) => r.capability), ['write']);
  assert.deepEqual(risks(d).widened, []);
});

test('narrowing without a loss of HealthLake capability exits 0', () => {
  const admin = { Sid: 'Admins', Effect: 'Allow', Principal: { AWS: ADMIN }, Action: ['kms:Describe*', 'kms:Put*', 'kms:ScheduleKeyDeletion'], Resource: '*' };
  // With the account principal the admin keeps it through IAM: the key policy's decision does not change.
  assert.deepEqual(changeLines(diff(policy(rootStatement, admin), policy(rootStatement, { ...admin, Action: ['kms:Describe*', 'kms:Put*'] }))), []);
  const d = diff(policy(admin), policy({ ...admin, Action: ['kms:Describe*', 'kms:Put*'] }));
  assert.deepEqual(changeLines(d), [`${ADMIN} kms:ScheduleKeyDeletion Allow→ImplicitDeny`]);
  assert.equal(exitCode(d), 0);
});

test('a public statement added: anyone gains Decrypt, public appears, exit 1', () => {
  const after = policy(rootStatement, healthLake(READER), { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*' });
  const d = diff(base, after);
  assert.deepEqual(changeLines(d), ['* kms:Decrypt ImplicitDeny→Allow']);
  assert.deepEqual(d.public, { before: false, after: true });
  assert.equal(risks(d).newPublic, true);
  assert.equal(exitCode(d), 1);
});

test('a public statement scoped to the account is not public', () => {
  const after = policy(rootStatement, { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'kms:CallerAccount': ACCOUNT } } });
  const d = diff(policy(rootStatement), after);
  assert.deepEqual(d.public, { before: false, after: false });
  assert.equal(exitCode(d), 0);
});

test('ViaService made global (healthlake.amazonaws.com never matches): HealthLake is lost, and the condition is named', () => {
  const after = policy(rootStatement, healthLake(READER, FOUR, { Condition: { StringEquals: { 'kms:ViaService': 'healthlake.amazonaws.com', 'kms:CallerAccount': ACCOUNT } } }));
  const d = diff(base, after);
  for (const op of ['create', 'write', 'read']) assert.equal(capabilityOf(d, READER, op), 'direct→iam');
  assert.equal(exitCode(d), 1);
  const words = d.conditions.find((c) => c.principals.includes(READER))?.words;
  assert.equal(words, 'now requires kms:ViaService healthlake.amazonaws.com');
});

test('ViaService dropped: the role gains every call directly, not only through HealthLake', () => {
  const after = policy(healthLake(READER, FOUR, { Condition: { StringEquals: { 'kms:CallerAccount': ACCOUNT } } }));
  const d = diff(policy(healthLake(READER)), after);
  assert.deepEqual(changeLines(d).filter((l) => l.startsWith(READER)).sort(), FOUR.map((a) => `${READER} ${a} ImplicitDeny→Allow`).sort());
  const c = d.conditions.find((x) => x.principals.includes(READER))!;
  assert.deepEqual(c.subjects.sort(), [...FOUR].sort());
  assert.equal(c.words, `no longer requires kms:ViaService ${VIA}`);
  assert.equal(exitCode(d), 1);
});

test('the root statement removed: the account loses everything, and with no other admin the key is locked out', () => {
  const d = diff(base, policy(healthLake(READER)));
  assert.ok(changeLines(d).includes(`${ROOT} kms:PutKeyPolicy Allow→ImplicitDeny`));
  assert.ok(changeLines(d).includes(`${READER} kms:Decrypt Allow→ImplicitDeny`), 'the role loses what IAM could give it');
  assert.deepEqual(d.lockout, { before: false, after: true });
  assert.equal(capabilityOf(d, ROOT, 'read'), 'iam→no');
  assert.equal(capabilityOf(d, READER, 'read'), 'direct→direct');
  assert.equal(exitCode(d), 1);
});

test('a Deny added: explicit denial is named with its statement, lockout appears', () => {
  const deny = { Sid: 'NoPolicyChanges', Effect: 'Deny', Principal: { AWS: '*' }, Action: 'kms:PutKeyPolicy', Resource: '*' };
  const d = diff(base, policy(rootStatement, healthLake(READER), deny));
  assert.ok(changeLines(d).includes(`${ROOT} kms:PutKeyPolicy Allow→ExplicitDeny`));
  assert.ok(changeLines(d).includes('* kms:PutKeyPolicy ImplicitDeny→ExplicitDeny'));
  assert.equal(d.lockout.after, true);
  assert.ok(d.conditions.some((c) => c.principals.includes(ROOT) && c.principals.includes('*') && c.words === 'now denied by statement "NoPolicyChanges"'), JSON.stringify(d.conditions));
  assert.equal(exitCode(d), 1);
});

test('a condition loosened: dropping kms:CallerAccount from a HealthLake statement for everyone makes it public', () => {
  const scoped = { Sid: 'Everyone in the account through HealthLake', Effect: 'Allow', Principal: { AWS: '*' }, Action: FOUR, Resource: '*', Condition: { StringEquals: { 'kms:ViaService': VIA, 'kms:CallerAccount': ACCOUNT } } };
  const loose = { ...scoped, Condition: { StringEquals: { 'kms:ViaService': VIA } } };
  const d = diff(policy(rootStatement, scoped), policy(rootStatement, loose));
  for (const op of ['create', 'write', 'read']) assert.equal(capabilityOf(d, '*', op), 'no→direct');
  assert.deepEqual(d.public, { before: false, after: true });
  assert.ok(d.conditions.some((c) => c.principals.includes('*') && c.words === `no longer requires kms:CallerAccount ${ACCOUNT}`), JSON.stringify(d.conditions));
  assert.equal(exitCode(d), 1);
});

test('every principal named or implied is compared, and every one has its three HealthLake capabilities', () => {
  const service = { Effect: 'Allow', Principal: { Service: 'logs.us-east-1.amazonaws.com' }, Action: 'kms:Encrypt', Resource: '*' };
  const d = diff(base, policy(rootStatement, healthLake(READER), service, { Effect: 'Deny', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*', Condition: { StringNotEquals: { 'aws:PrincipalArn': ADMIN } } }));
  assert.deepEqual(d.principals.map((p) => p.id), [ROOT, READER, ADMIN, 'logs.us-east-1.amazonaws.com', '*']);
  for (const p of [ROOT, ADMIN, READER, '*']) assert.deepEqual(d.healthlake.filter((r) => r.principal === p).map((r) => r.capability), ['create', 'write', 'read']);
  assert.ok(changeLines(d).includes('logs.us-east-1.amazonaws.com kms:Encrypt ImplicitDeny→Allow'));
  assert.equal(capabilityOf(d, READER, 'read'), 'direct→no');
});

test('an organization swapped: anyone in the old one loses, anyone in the new one gains, and the key is not public', () => {
  const org = (id: string) => ({ Sid: 'Organization', Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalOrgID': id } } });
  const d = diff(policy(rootStatement, org('o-a1b2c3d4e5')), policy(rootStatement, org('o-zzzzzzzzzz')));
  assert.deepEqual(changeLines(d), [
    '* with aws:PrincipalOrgID=o-a1b2c3d4e5 kms:Decrypt Allow→ImplicitDeny',
    '* with aws:PrincipalOrgID=o-zzzzzzzzzz kms:Decrypt ImplicitDeny→Allow',
  ]);
  assert.deepEqual(d.public, { before: false, after: false });
  assert.deepEqual(risks(d).widened.map((p) => p.label), ['anyone with aws:PrincipalOrgID o-zzzzzzzzzz']);
  assert.equal(exitCode(d), 1);
  assert.deepEqual(d.conditions.map((c) => c.words).sort(), ['no longer requires aws:PrincipalOrgID o-a1b2c3d4e5', 'now requires aws:PrincipalOrgID o-zzzzzzzzzz'].sort());
});
