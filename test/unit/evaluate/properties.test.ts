/**
 * Properties of the evaluator: the decision does not change when statements or list items are reordered, when
 * condition key names change case, or when a statement is split into two with the same meaning.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildModel } from '../../../server/src/service/model';
import { evaluate, type EvalRequest } from '../../../server/src/service/evaluate/index';
import { assertProperty } from '../../support/fuzz';

const ACCOUNT = '111122223333';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/Analyst`;
const PRINCIPALS = [ROLE, `arn:aws:iam::${ACCOUNT}:root`, `arn:aws:iam::${ACCOUNT}:role/Other`, '*', 'arn:aws:iam::444455556666:role/Analyst'];
const ACTIONS = ['kms:Decrypt', 'kms:Encrypt', 'kms:CreateGrant', 'kms:DescribeKey', 'kms:GenerateDataKey', 'kms:Gen*', 'kms:*', 'kms:Re?ncrypt*'];
const KEY = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const RESOURCES = ['*', KEY, 'arn:aws:kms:us-east-1:111122223333:key/*', 'arn:aws:kms:*:444455556666:key/*'];
const KEYS = ['kms:ViaService', 'kms:CallerAccount', 'aws:PrincipalTag/team', 'kms:GrantOperations'];
const VALUES = ['healthlake.us-east-1.amazonaws.com', 'healthlake.*.amazonaws.com', ACCOUNT, '444455556666', 'data', 'ops', 'Decrypt', 'Encrypt', '${aws:PrincipalTag/team}'];
const OPERATORS = ['StringEquals', 'StringNotEquals', 'StringLike', 'StringNotLike', 'StringEqualsIfExists', 'ForAnyValue:StringEquals', 'ForAllValues:StringLike', 'Null'];

const list = <T>(items: readonly T[]) => fc.uniqueArray(fc.constantFrom(...items), { minLength: 1, maxLength: 3 });
const condition = fc.dictionary(fc.constantFrom(...OPERATORS), fc.dictionary(fc.constantFrom(...KEYS), list(VALUES), { minKeys: 1, maxKeys: 2 }), { maxKeys: 2 });
const statement = fc.record({
  Effect: fc.constantFrom('Allow', 'Deny'),
  Principal: fc.oneof(fc.constant('*'), list(PRINCIPALS).map((AWS) => ({ AWS }))),
  Action: list(ACTIONS),
  Resource: list(RESOURCES),
  Condition: condition,
});
const request = fc.record({
  principal: fc.constantFrom(...PRINCIPALS.filter((p) => p !== '*'), `arn:aws:sts::${ACCOUNT}:assumed-role/Analyst/s1`),
  action: fc.constantFrom('kms:Decrypt', 'kms:Encrypt', 'kms:CreateGrant', 'kms:GenerateDataKey', 'kms:ReEncryptFrom'),
  resource: fc.option(fc.constant(KEY), { nil: undefined }),
  context: fc.dictionary(fc.constantFrom(...KEYS), fc.oneof(fc.constantFrom(...VALUES.filter((v) => !v.includes('$'))), list(['Decrypt', 'Encrypt', 'RetireGrant']))),
});

type St = { Effect: string; Principal: unknown; Action: string[]; Resource: string[]; Condition: Record<string, Record<string, string[]>> };
const decision = (statements: St[], r: EvalRequest) => evaluate(buildModel(JSON.stringify({ Version: '2012-10-17', Statement: statements })), r).decision;
const clean = (r: { resource?: string } & Omit<EvalRequest, 'resource'>): EvalRequest => (r.resource === undefined ? { principal: r.principal, action: r.action, context: r.context } : r);
const reversed = <T>(xs: T[]) => [...xs].reverse();
const reverseEntries = <T>(o: Record<string, T>, f: (v: T) => T = (v) => v) => Object.fromEntries(reversed(Object.entries(o)).map(([k, v]) => [k, f(v)]));
const RUNS = 300;

test('reordering statements does not change the decision', () => {
  assertProperty('evaluate-reordered-statements', fc.property(fc.array(statement, { maxLength: 5 }), request, (sts, r) => decision(sts, clean(r)) === decision(reversed(sts), clean(r))), RUNS);
});

test('reordering list items, condition keys and operators does not change the decision', () => {
  const shuffle = (s: St): St => ({
    ...s, Action: reversed(s.Action), Resource: reversed(s.Resource),
    Principal: typeof s.Principal === 'string' ? s.Principal : { AWS: reversed((s.Principal as { AWS: string[] }).AWS) },
    Condition: reverseEntries(s.Condition, (keys) => reverseEntries(keys, reversed)),
  });
  assertProperty('evaluate-reordered-lists', fc.property(fc.array(statement, { maxLength: 4 }), request, (sts, r) => decision(sts, clean(r)) === decision(sts.map(shuffle), clean(r))), RUNS);
});

test('condition key names are case-insensitive, in the policy and in the request', () => {
  const upper = (s: St): St => ({ ...s, Condition: Object.fromEntries(Object.entries(s.Condition).map(([op, keys]) => [op, reverseEntries(Object.fromEntries(Object.entries(keys).map(([k, v]) => [k.toUpperCase(), v])))])) });
  assertProperty('evaluate-condition-key-case', fc.property(fc.array(statement, { maxLength: 4 }), request, (sts, r) => {
    const lowerContext = { ...clean(r), context: Object.fromEntries(Object.entries(r.context).map(([k, v]) => [k.toLowerCase(), v])) };
    const d = decision(sts, clean(r));
    return d === decision(sts.map(upper), clean(r)) && d === decision(sts, lowerContext);
  }), RUNS);
});

test('splitting a statement by its actions or its resources does not change the decision', () => {
  const byAction = (s: St): St[] => s.Action.map((a) => ({ ...s, Action: [a] }));
  const byResource = (s: St): St[] => s.Resource.map((x) => ({ ...s, Resource: [x] }));
  assertProperty('evaluate-split-statements', fc.property(fc.array(statement, { maxLength: 4 }), request, (sts, r) => {
    const d = decision(sts, clean(r));
    return d === decision(sts.flatMap(byAction), clean(r)) && d === decision(sts.flatMap(byResource), clean(r));
  }), RUNS);
});

test('a property holds: an explicit Deny that applies is never overridden', () => {
  assertProperty('evaluate-deny-wins', fc.property(fc.array(statement, { maxLength: 4 }), request, (sts, r) => {
    const deny: St = { Effect: 'Deny', Principal: '*', Action: ['*'], Resource: ['*'], Condition: {} };
    assert.equal(decision([...sts, deny], clean(r)), 'ExplicitDeny');
  }), RUNS);
});
