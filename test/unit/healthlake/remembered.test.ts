import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeJson, applyFix, service, spanOf } from '../../support/service';
import { ACCOUNT, FOUR, healthLakeStatement, ROLE, ROOT_STATEMENT } from './support';

/** A key policy with one of each HealthLake problem whose finding points into a statement or a condition. */
const statements = [
  ROOT_STATEMENT,
  healthLakeStatement({ Sid: 'Missing action', Action: FOUR.slice(0, 3) }),
  healthLakeStatement({ Sid: 'Wrong Region', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/A` }, Condition: { StringEquals: { 'kms:ViaService': 'healthlake.us-west-2.amazonaws.com', 'kms:CallerAccount': ACCOUNT } } }),
  healthLakeStatement({ Sid: 'Other account', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/B` }, Condition: { StringEquals: { 'kms:ViaService': 'healthlake.us-east-2.amazonaws.com', 'kms:CallerAccount': '444455556666' } } }),
  healthLakeStatement({ Sid: 'Grant too narrow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/C` }, Condition: { StringEquals: { 'kms:ViaService': 'healthlake.us-east-2.amazonaws.com' }, 'ForAllValues:StringEquals': { 'kms:GrantOperations': ['Decrypt'] } } }),
  healthLakeStatement({ Sid: 'Needs a tag', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/D` }, Condition: { StringEquals: { 'kms:ViaService': 'healthlake.us-east-2.amazonaws.com', 'aws:RequestedRegion': 'eu-west-1' } } }),
  { Sid: 'No decrypt for E', Effect: 'Deny', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/E` }, Action: 'kms:Decrypt', Resource: '*' },
  healthLakeStatement({ Sid: 'Denied', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/E` } }),
];
const policy = (list: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: list }, null, 2);
const original = policy(statements);

/** Edits that change nothing the simulation reads, only where things are written. */
const edits: [string, string][] = [
  ['whitespace before the statements', original.replace('"Statement": [', '"Statement": [\n\n    ')],
  ['a Sid typed in', original.replace('"Sid": "Enable IAM User Permissions"', '"Sid": "Enable IAM User Permissionsxyz"')],
  ['a statement written on one line', policy([ROOT_STATEMENT]).replace(/\n\s*\]\n\}$/, `,\n${statements.slice(1).map((s) => JSON.stringify(s)).join(',\n')}\n]\n}`)],
  ['properties in another order', policy(statements.map((s) => Object.fromEntries(Object.entries(s).reverse())))],
];

test('findings after an edit that leaves the policy\'s content unchanged equal those of a fresh analysis', () => {
  const editing = service();
  const first = analyzeJson(editing, original).findings;
  assert.ok(['healthlake-missing-action', 'healthlake-via-service', 'healthlake-caller-account', 'healthlake-grant-conditions', 'healthlake-access']
    .every((id) => first.some((f) => f.ruleId === id)), first.map((f) => f.ruleId).join());
  for (const [what, text] of edits) {
    assert.notEqual(text, original, what);
    const remembered = analyzeJson(editing, text).findings;
    const fresh = analyzeJson(service(), text).findings;
    assert.deepEqual(remembered, fresh, what);
    const at = (t: string) => (f: { offset: number; length: number }) => spanOf(t, f).replace(/\s+/g, '');
    assert.deepEqual(remembered.map(at(text)), first.map(at(original)), `${what}: the same places`);
  }
});

test('the hover verdict after such an edit equals a fresh one', () => {
  const editing = service();
  analyzeJson(editing, original);
  const text = edits[0]![1];
  const at = text.indexOf('"Sid": "Grant too narrow"');
  const remembered = editing.hover(analyzeJson(editing, text), at);
  assert.match(remembered?.markdown ?? '', /HealthLake through this key/);
  assert.deepEqual(remembered, service().hover(analyzeJson(service(), text), at));
});

test('an edit that changes what the simulation reads is judged again', () => {
  const editing = service();
  analyzeJson(editing, original);
  const fixed = original.replace('"healthlake.us-west-2.amazonaws.com"', '"healthlake.us-east-2.amazonaws.com"');
  const after = analyzeJson(editing, fixed).findings;
  assert.ok(!after.some((f) => f.ruleId === 'healthlake-via-service'));
  assert.deepEqual(after, analyzeJson(service(), fixed).findings);
  // A Sid that starts to name HealthLake makes a policy HealthLake's: the Sid is part of what is read.
  const plain = policy([ROOT_STATEMENT, { Sid: 'Use', Effect: 'Allow', Principal: { AWS: ROLE }, Action: ['kms:Decrypt'], Resource: '*' }]);
  assert.deepEqual(analyzeJson(editing, plain).findings.filter((f) => f.ruleId.startsWith('healthlake-')), []);
  const named = plain.replace('"Sid": "Use"', '"Sid": "Use for HealthLake"');
  assert.ok(analyzeJson(editing, named).findings.some((f) => f.ruleId === 'healthlake-missing-action'));
});

test('a fix remembered from the statement\'s last place edits it where it is now', () => {
  const editing = service();
  analyzeJson(editing, original);
  const text = edits[0]![1];
  const f = analyzeJson(editing, text).findings.find((x) => x.ruleId === 'healthlake-missing-action');
  assert.ok(f);
  const fixed = applyFix(text, f);
  assert.deepEqual((JSON.parse(fixed) as { Statement: { Action: string[] }[] }).Statement[1]!.Action, FOUR);
  assert.ok(!analyzeJson(service(), fixed).findings.some((x) => x.ruleId === 'healthlake-missing-action'));
});
