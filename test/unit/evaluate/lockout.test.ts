/**
 * Lockout judged by evaluation: kms:PutKeyPolicy for every principal the policy names or implies, the real
 * caller's unknowns left open, malformed principals read as meant; public, not lockout, when anyone may.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeJson, lint, service } from '../../support/service';
import { evalPolicy } from '../../../server/src/service/evaluate/statements';
import { keyControl, lockoutInEveryVariant, putKeyPolicyCheck } from '../../../server/src/service/evaluate/keySafety';
import { buildModel } from '../../../server/src/service/model';
import { hole } from '../../../server/src/service/symbolic';

const ACCOUNT = '111122223333';
const ROOT = { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' };
const USER = { Sid: 'Key users', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/App` }, Action: ['kms:Decrypt', 'kms:Encrypt'], Resource: '*' };
const policy = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
const ids = (text: string) => lint(text).filter((f) => /^(lockout-|public-|account-root-)/.test(f.ruleId)).map((f) => f.ruleId).sort();
const admins = (Condition: object) => ({ Sid: 'Key administrators', Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:*', Resource: '*', Condition });

test('kms:* to {"AWS": "*"} without a condition is the public finding, not a lockout', () => {
  assert.deepEqual(ids(policy({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:*', Resource: '*' })), ['public-principal']);
  assert.deepEqual(ids(policy({ Effect: 'Allow', Principal: '*', Action: 'kms:*', Resource: '*' })), ['public-principal']);
});

test('administrators named through conditions on {"AWS": "*"} keep control', () => {
  const named: object[] = [
    { ArnEquals: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:role/KeyAdmin` } },
    { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:role/Admin*` } },
    { StringEquals: { 'aws:PrincipalAccount': ACCOUNT } },
    { StringEquals: { 'kms:CallerAccount': ACCOUNT } },
    { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
    { StringEquals: { 'aws:PrincipalOrgID': ['o-a1b2c3d4e5', 'o-f6g7h8i9j0'] } },
  ];
  for (const c of named) assert.deepEqual(lint(policy(USER, admins(c)), 'lockout-put-key-policy'), [], JSON.stringify(c));
  const control = putKeyPolicyCheck(buildModel(policy(USER, admins(named[0]!))));
  assert.deepEqual(control.keepers, [`arn:aws:iam::${ACCOUNT}:role/KeyAdmin`]);
});

test('what depends on the real caller is undecided, never a lockout', () => {
  for (const c of [{ StringEquals: { 'aws:PrincipalTag/role': 'key-admin' } }, { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }]) {
    const text = policy(USER, { ...admins(c), Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/KeyAdmin` } });
    assert.deepEqual(lint(text, 'lockout-put-key-policy'), [], JSON.stringify(c));
    const control = putKeyPolicyCheck(buildModel(text));
    assert.equal(control.lockout, false);
    assert.deepEqual(control.keepers, []);
    assert.ok(control.maybeKeepers.some((m) => m.principal.endsWith('role/KeyAdmin')), JSON.stringify(control));
  }
  // A Deny that may apply does not take control away for certain either.
  const deny = { Effect: 'Deny', Principal: '*', Action: 'kms:PutKeyPolicy', Resource: '*', Condition: { StringNotEquals: { 'aws:PrincipalTag/team': 'security' } } };
  assert.deepEqual(lint(policy(ROOT, deny), 'lockout-put-key-policy'), []);
});

test('a real lockout is still one: no principal is allowed kms:PutKeyPolicy, or a Deny takes it from all', () => {
  assert.deepEqual(ids(policy(USER)), ['lockout-put-key-policy']);
  const freeze = { Effect: 'Deny', Principal: '*', Action: 'kms:PutKeyPolicy', Resource: '*' };
  assert.deepEqual(ids(policy(ROOT, admins({ StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } }), freeze)), ['lockout-put-key-policy']);
  // Conditions that pin down a principal the policy does not allow keep it a lockout.
  assert.deepEqual(ids(policy(USER, { ...admins({ ArnEquals: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:role/KeyAdmin` } }), Action: 'kms:Decrypt' })), ['lockout-put-key-policy']);
});

test('the hover says which principal keeps control', () => {
  const s = service();
  const text = policy(ROOT, USER);
  const h = s.hover(analyzeJson(s, text), text.indexOf('"Effect"') + 2);
  assert.match(h!.markdown, /\*\*Key control:\*\* `kms:PutKeyPolicy` stays with account 111122223333 \(its IAM administrators\)/);
  const admin = policy(USER, admins({ ArnEquals: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:role/KeyAdmin` } }));
  assert.match(s.hover(analyzeJson(s, admin), admin.indexOf('"Effect"') + 2)!.markdown, /stays with role\/KeyAdmin/);
  const locked = policy(USER);
  assert.match(s.hover(analyzeJson(s, locked), locked.indexOf('"Effect"') + 2)!.markdown, /no principal keeps `kms:PutKeyPolicy`/);
  const tagged = policy(USER, { ...admins({ StringEquals: { 'aws:PrincipalTag/role': 'key-admin' } }), Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/KeyAdmin` } });
  assert.match(s.hover(analyzeJson(s, tagged), tagged.indexOf('"Effect"') + 2)!.markdown, /may stay with role\/KeyAdmin, depending on `aws:PrincipalTag\/role`/);
});

test('one root cause, one finding: a malformed account-root principal gives no lockout or account-root finding', () => {
  for (const AWS of [`arn:aws:iam:${ACCOUNT}:root`, `arn:aws:iam::11112222333:root`, `${ACCOUNT}:root`, 'arn:aws:iam::${account_id}:root', `arn:aws:iam::${ACCOUNT}:rooot`]) {
    const text = policy({ ...ROOT, Principal: { AWS } }, USER);
    const found = lint(text);
    assert.ok(found.some((f) => f.ruleId === 'principal-format'), `${AWS}: the principal itself is reported`);
    assert.deepEqual(found.filter((f) => /^(lockout-|account-root-)/.test(f.ruleId)).map((f) => f.ruleId), [], AWS);
  }
});

test('one root cause, one finding: an Effect in the wrong case is its own finding, read as meant for lockout', () => {
  for (const effect of ['allow', 'ALLOW']) {
    const found = lint(policy({ ...ROOT, Effect: effect }, USER));
    assert.ok(found.some((f) => f.ruleId === 'statement-effect'), `${effect}: the Effect itself is reported`);
    assert.deepEqual(found.filter((f) => /^(lockout-|account-root-)/.test(f.ruleId)).map((f) => f.ruleId), [], effect);
  }
  // A Deny in the wrong case still takes control away, as it evidently means to.
  const deny = { Effect: 'deny', Principal: { AWS: '*' }, Action: 'kms:PutKeyPolicy', Resource: '*' };
  assert.equal(lint(policy(ROOT, deny), 'lockout-put-key-policy').length, 1);
});

test('a malformed principal is not guessed at: it may keep control, so the lockout check stays silent', () => {
  // The HealthLake guide's `...:KeyAdminRole` (no `role/`) with kms:*: whatever it means, it may keep control.
  const admin = { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:KeyAdminRole` }, Action: 'kms:*', Resource: '*' };
  assert.deepEqual(lint(policy(USER, admin), 'lockout-put-key-policy'), []);
  const control = putKeyPolicyCheck(buildModel(policy(USER, admin)));
  assert.equal(control.lockout, false);
  assert.ok(![...control.keepers, ...control.maybeKeepers.map((m) => m.principal)].some((p) => p.includes('role/KeyAdminRole')), 'no guessed correction');
  // A malformed principal whose statement does not allow kms:PutKeyPolicy cannot keep control: still a lockout.
  assert.equal(lint(policy(USER, { ...admin, Action: 'kms:Decrypt' }), 'lockout-put-key-policy').length, 1);
});

test('symbolic principals: this account\'s root and a role reference keep control; lockout only in every variant', () => {
  const A = hole('account', 'AWS::AccountId');
  const rootOf = { ...ROOT, Principal: { AWS: `arn:aws:iam::${A}:root` } };
  assert.deepEqual(keyControl(evalPolicy(buildModel(policy(rootOf, USER)))).keepers, [`arn:aws:iam::${A}:root`]);
  const ref = hole('arn:role', 'KeyAdminRole.Arn');
  assert.equal(keyControl(evalPolicy(buildModel(policy(USER, { ...ROOT, Principal: { AWS: ref } })))).lockout, false);
  const opaque = hole('opaque', 'var.key_admin_arn');
  assert.equal(keyControl(evalPolicy(buildModel(policy(USER, { ...ROOT, Principal: { AWS: opaque } })))).lockout, false);
  const withRoot = evalPolicy(buildModel(policy(rootOf, USER)));
  const without = evalPolicy(buildModel(policy(USER)));
  assert.equal(lockoutInEveryVariant([withRoot, without]), false, 'the root statement may be present');
  assert.equal(lockoutInEveryVariant([without, without]), true);
});
