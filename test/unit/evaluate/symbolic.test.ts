/**
 * The evaluator over values with holes (symbolic.ts): a match that depends on a hole is undecided, known
 * symbols equal themselves, and what the literal part already decides is decided.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hole } from '../../../server/src/service/symbolic';
import { triMatch } from '../../../server/src/service/evaluate/symbols';
import { run } from './support';

const A = hole('account', 'AWS::AccountId');
const A2 = hole('account', 'data.aws_caller_identity.current.account_id');
const R = hole('region', 'AWS::Region');
const ROLE_REF = hole('arn:role', 'AdminRole.Arn');
const allowTo = (AWS: string, extra: object = {}) => [{ Effect: 'Allow', Principal: { AWS }, Action: 'kms:Decrypt', Resource: '*', ...extra }];

test('this account\'s root is this account\'s root, whatever the host calls the account', () => {
  const r = run(allowTo(`arn:aws:iam::${A}:root`), { principal: `arn:aws:iam::${A2}:root` });
  assert.equal(r.decision, 'Allow');
  assert.equal(r.undecided, undefined);
  // A role of this account is delegated to the account, as with a literal account.
  assert.equal(run(allowTo(`arn:aws:iam::${A}:root`), { principal: `arn:aws:iam::${A}:role/App` }).allowedVia, 'account-delegation');
});

test('a literal account against this account is undecided, never allowed nor denied for certain', () => {
  const r = run(allowTo(`arn:aws:iam::${A}:root`), { principal: 'arn:aws:iam::111122223333:role/App' });
  assert.equal(r.decision, 'ImplicitDeny');
  assert.deepEqual(r.undecided?.possible.sort(), ['Allow', 'ImplicitDeny']);
  assert.deepEqual(r.undecided?.dependsOn, ['${AWS::AccountId}']);
  // A literal part that cannot match decides: a user is never a role.
  assert.equal(run(allowTo(`arn:aws:iam::${A}:role/App`), { principal: 'arn:aws:iam::111122223333:user/App' }).undecided, undefined);
});

test('a reference equals itself and may be anyone else', () => {
  assert.equal(run(allowTo(ROLE_REF), { principal: ROLE_REF }).decision, 'Allow');
  const other = run(allowTo(ROLE_REF), { principal: 'arn:aws:iam::111122223333:role/Analyst' });
  assert.equal(other.decision, 'ImplicitDeny');
  assert.ok(other.undecided?.possible.includes('Allow'));
});

test('kms:CallerAccount = this account matches principals in this account', () => {
  const statements = allowTo('*', { Condition: { StringEquals: { 'kms:CallerAccount': A } } });
  assert.equal(run(statements, { principal: `arn:aws:iam::${A}:role/App`, context: { 'kms:CallerAccount': A2 } }).decision, 'Allow');
  const literal = run(statements, { principal: 'arn:aws:iam::111122223333:role/App', context: { 'kms:CallerAccount': '111122223333' } });
  assert.ok(literal.undecided?.possible.includes('Allow'));
  // A value that is not an account id can never be this account.
  assert.equal(run(statements, { context: { 'kms:CallerAccount': 'not-an-account' } }).undecided, undefined);
});

test('kms:ViaService healthlake.${AWS::Region}.amazonaws.com is the regional form', () => {
  const via = (value: string, op = 'StringEquals') => allowTo('*', { Condition: { [op]: { 'kms:ViaService': value } } });
  const own = { context: { 'kms:ViaService': `healthlake.${R}.amazonaws.com` } };
  assert.equal(run(via(`healthlake.${R}.amazonaws.com`), own).decision, 'Allow');
  assert.equal(run(via('healthlake.*.amazonaws.com', 'StringLike'), own).decision, 'Allow');
  const global = run(via('healthlake.amazonaws.com'), own);
  assert.equal(global.decision, 'ImplicitDeny');
  assert.equal(global.undecided, undefined, 'the global name never matches, whatever the Region');
  const literal = run(via('healthlake.us-east-2.amazonaws.com'), own);
  assert.ok(literal.undecided?.possible.includes('Allow'), 'a named Region may be this one');
  assert.ok(run(via(`healthlake.${R}.amazonaws.com`), { context: { 'kms:ViaService': 'healthlake.eu-west-1.amazonaws.com' } }).undecided);
});

test('a Deny that may apply makes an Allow undecided; one that cannot, does not', () => {
  const statements = [
    ...allowTo('arn:aws:iam::111122223333:role/App'),
    { Effect: 'Deny', Principal: '*', Action: 'kms:Decrypt', Resource: '*', Condition: { StringNotEquals: { 'aws:PrincipalAccount': A } } },
  ];
  const r = run(statements, { principal: 'arn:aws:iam::111122223333:role/App', context: { 'aws:PrincipalAccount': '111122223333' } });
  assert.equal(r.decision, 'Allow');
  assert.deepEqual(r.undecided?.possible.sort(), ['Allow', 'ExplicitDeny']);
});

test('resources with holes: the literal part decides, the hole leaves the rest open', () => {
  const on = (Resource: string) => [{ Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource }];
  const key = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
  assert.ok(run(on(`arn:aws:kms:${R}:${A}:key/*`), { resource: key }).undecided);
  assert.equal(run(on(`arn:aws:kms:${R}:${A}:alias/*`), { resource: key }).undecided, undefined);
  assert.equal(run(on(`arn:aws:kms:${R}:${A}:key/*`), { resource: `arn:aws:kms:${R}:${A}:key/abc` }).decision, 'Allow');
});

test('matching holes: samples per kind, literal ends, wildcards', () => {
  assert.equal(triMatch('healthlake.*.amazonaws.com', `healthlake.${R}.amazonaws.com`, true), true);
  assert.equal(triMatch('s3.*.amazonaws.com', `healthlake.${R}.amazonaws.com`, true), false);
  assert.equal(triMatch(`arn:aws:iam::${A}:root`, 'arn:aws:iam::111122223333:root', false), 'maybe');
  assert.equal(triMatch(`arn:aws:iam::${A}:root`, 'arn:aws:iam::1111:root', false), false, 'an account hole is 12 digits');
  assert.equal(triMatch(hole('opaque', 'var.x'), 'anything', true), 'maybe');
  assert.equal(triMatch(`prefix-${hole('opaque', 'var.x')}`, `other-${hole('opaque', 'var.y')}`, false), false);
});

test('different holes on the two sides stay open', () => {
  assert.equal(triMatch(`arn:aws:kms:${R}:111122223333:key/*`, `arn:aws:kms:us-east-1:${A}:key/x`, true), 'maybe');
  assert.equal(triMatch(`arn:aws:kms:${R}:${A}:key/*`, `arn:aws:kms:${R}:${A}:alias/x`, true), false);
});

test('a Deny that may apply and no Allow: denied either way, explicitly or implicitly', () => {
  const deny = [{ Effect: 'Deny', Principal: '*', Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalAccount': A } } }];
  const r = run(deny, { context: { 'aws:PrincipalAccount': '111122223333' } });
  assert.equal(r.decision, 'ImplicitDeny');
  assert.deepEqual(r.undecided?.possible, ['ExplicitDeny', 'ImplicitDeny']);
});

test('a condition whose operator or key a host leaves open (test = var.test) may hold: undecided, not refused', () => {
  for (const Condition of [{ [hole('opaque', 'var.test')]: { 'kms:ViaService': 'x' } }, { StringEquals: { [hole('opaque', 'var.key')]: 'x' } }]) {
    const r = run([{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/App' }, Action: 'kms:Decrypt', Resource: '*', Condition }], { principal: 'arn:aws:iam::111122223333:role/App' });
    assert.equal(r.decision, 'ImplicitDeny');
    assert.ok(r.undecided?.possible.includes('Allow'), JSON.stringify(Condition));
  }
});
