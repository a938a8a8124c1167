/**
 * A policy variable that cannot be resolved matches nothing (AWS's policy-variable documentation): in every
 * element and operator family, so an Allow never allows and a Deny never denies because of it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ROLE, decide } from './support';

const BUCKET = 'arn:aws:s3:::amzn-s3-demo-bucket';
const allow = (extra: object) => [{ Effect: 'Allow', Principal: { AWS: ROLE }, Action: 's3:GetObject', ...extra }];
const denyAll = (extra: object) => [
  { Effect: 'Allow', Principal: { AWS: ROLE }, Action: 's3:GetObject', Resource: '*' },
  { Effect: 'Deny', Principal: '*', Action: 's3:GetObject', ...extra },
];
const get = (context: Record<string, string> = {}) => ({ action: 's3:GetObject', resource: `${BUCKET}/home/alice/notes.txt`, context });

test('Resource: an unresolved variable matches nothing, a resolved one matches', () => {
  const policy = allow({ Resource: `${BUCKET}/home/\${aws:PrincipalTag/Department}/*` });
  assert.equal(decide(policy, get({ 'aws:PrincipalTag/Department': 'alice' })), 'Allow');
  assert.equal(decide(policy, get()), 'ImplicitDeny');
  // Other items of the list still match on their own.
  const two = allow({ Resource: [`${BUCKET}/home/\${aws:PrincipalTag/Department}/*`, `${BUCKET}/home/*`] });
  assert.equal(decide(two, get()), 'Allow');
});

test('NotResource: an unresolved variable makes the element fail, in an Allow and in a Deny', () => {
  const notResource = { NotResource: `${BUCKET}/home/\${aws:PrincipalTag/Department}/*` };
  assert.equal(decide(allow(notResource), get()), 'ImplicitDeny', 'an Allow must not allow everything but an unknown');
  assert.equal(decide(allow(notResource), get({ 'aws:PrincipalTag/Department': 'bob' })), 'Allow');
  assert.equal(decide(allow(notResource), get({ 'aws:PrincipalTag/Department': 'alice' })), 'ImplicitDeny');
  assert.equal(decide(denyAll(notResource), get()), 'Allow', 'a Deny must not deny because of an unknown');
  assert.equal(decide(denyAll(notResource), get({ 'aws:PrincipalTag/Department': 'bob' })), 'ExplicitDeny');
});

test('every negated operator with an unresolved variable does not hold (key present)', () => {
  const cases: [string, string, string][] = [
    ['StringNotEquals', 'aws:ResourceOrgID', '${aws:PrincipalOrgID}'],
    ['StringNotEqualsIgnoreCase', 'aws:ResourceOrgID', '${aws:PrincipalOrgID}'],
    ['StringNotLike', 'aws:ResourceOrgID', '${aws:PrincipalOrgID}*'],
    ['ArnNotEquals', 'aws:SourceArn', 'arn:aws:s3:::${aws:PrincipalTag/Department}'],
    ['ArnNotLike', 'aws:SourceArn', 'arn:aws:s3:::${aws:PrincipalTag/Department}-*'],
    ['StringNotEqualsIfExists', 'aws:ResourceOrgID', '${aws:PrincipalOrgID}'],
    ['ForAllValues:StringNotEquals', 'aws:TagKeys', '${aws:PrincipalTag/Department}'],
    ['ForAnyValue:StringNotLike', 'aws:TagKeys', '${aws:PrincipalTag/Department}'],
  ];
  const present = { 'aws:ResourceOrgID': 'o-exampleorgid', 'aws:SourceArn': 'arn:aws:s3:::logs', 'aws:TagKeys': 'env' };
  for (const [op, key, value] of cases) {
    const Condition = { [op]: { [key]: value } };
    assert.equal(decide(allow({ Resource: '*', Condition }), get(present)), 'ImplicitDeny', `Allow ${op}`);
    assert.equal(decide(denyAll({ Resource: '*', Condition }), get(present)), 'Allow', `Deny ${op}`);
    const resolved = { ...present, 'aws:PrincipalOrgID': 'o-other', 'aws:PrincipalTag/Department': 'ops' };
    assert.equal(decide(allow({ Resource: '*', Condition }), get(resolved)), 'Allow', `Allow ${op}, resolved`);
  }
});

test('positive operators and set operators with an unresolved variable do not match', () => {
  const present = { 'aws:ResourceTag/owner': 'alice', 'aws:TagKeys': 'alice' };
  for (const Condition of [
    { StringEquals: { 'aws:ResourceTag/owner': '${aws:username}' } },
    { StringLike: { 'aws:ResourceTag/owner': '${aws:username}*' } },
    { StringEqualsIfExists: { 'aws:ResourceTag/owner': '${aws:username}' } },
    { 'ForAnyValue:StringEquals': { 'aws:TagKeys': '${aws:username}' } },
    { 'ForAllValues:StringEquals': { 'aws:TagKeys': '${aws:username}' } },
  ]) {
    assert.equal(decide(allow({ Resource: '*', Condition }), get(present)), 'ImplicitDeny', JSON.stringify(Condition));
    assert.equal(decide(allow({ Resource: '*', Condition }), get({ ...present, 'aws:username': 'alice' })), 'Allow', JSON.stringify(Condition));
  }
  // Another listed value can still match.
  const either = { StringEquals: { 'aws:ResourceTag/owner': ['${aws:username}', 'alice'] } };
  assert.equal(decide(allow({ Resource: '*', Condition: either }), get(present)), 'Allow');
});

test('a missing condition key is decided before any variable: IfExists and negated operators hold, as documented', () => {
  for (const op of ['StringNotEquals', 'StringEqualsIfExists', 'ArnNotLikeIfExists']) {
    const Condition = { [op]: { 'aws:SourceArn': 'arn:aws:s3:::${aws:PrincipalTag/Department}' } };
    assert.equal(decide(allow({ Resource: '*', Condition }), get()), 'Allow', op);
  }
});

test('a default value resolves the variable; a multivalued key never does; variables are literal in 2008-10-17', () => {
  const withDefault = allow({ Resource: `${BUCKET}/home/\${aws:PrincipalTag/Department, 'alice'}/*` });
  assert.equal(decide(withDefault, get()), 'Allow');
  const multi = allow({ Resource: '*', Condition: { StringNotEquals: { 'aws:ResourceTag/owner': '${aws:TagKeys}' } } });
  assert.equal(decide(multi, { ...get({ 'aws:ResourceTag/owner': 'alice' }), context: { 'aws:ResourceTag/owner': 'alice', 'aws:TagKeys': ['a', 'b'] } }), 'ImplicitDeny');
  const old = JSON.stringify({ Version: '2008-10-17', Statement: allow({ NotResource: `${BUCKET}/home/\${aws:username}/*` }) });
  assert.equal(decide(old, get()), 'Allow', 'in 2008-10-17 "${aws:username}" is literal text, so the NotResource holds');
});

test('Numeric and Date operators take no variables: such a value cannot be compared, so a negated one does not hold', () => {
  const Condition = { NumericNotEquals: { 's3:max-keys': '${aws:PrincipalTag/limit}' } };
  assert.equal(decide(allow({ Resource: '*', Condition }), get({ 's3:max-keys': '10', 'aws:PrincipalTag/limit': '5' })), 'ImplicitDeny');
});
