/**
 * HealthLake readiness over symbolic values: this account and this Region as holes, principals given as
 * references. What depends on a hole is undecided: never an error, a note naming the reference where it
 * decides the verdict.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonModel, lint, service } from '../../support/service';
import { hole } from '../../../server/src/service/symbolic';
import { statementVerdict } from '../../../server/src/service/healthlake/verdict';
import { healthLakeReadiness } from '../../../server/src/service/healthlake/readiness';
import { FOUR } from './support';

const A = hole('account', 'AWS::AccountId');
const R = hole('region', 'AWS::Region');
const root = { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'kms:*', Resource: '*' };
const statement = (Principal: object, Condition: object = { StringEquals: { 'kms:ViaService': `healthlake.${R}.amazonaws.com`, 'kms:CallerAccount': A } }) =>
  ({ Sid: 'Allow HealthLake to use the key', Effect: 'Allow', Principal, Action: FOUR, Resource: '*', Condition });
const policy = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
const verdict = (text: string, index: number) => {
  const s = service();
  return statementVerdict(jsonModel(s, text), index, { settings: s.settings });
};
const loud = (text: string) => lint(text).filter((f) => f.severity === 'error' || f.severity === 'warning').map((f) => `${f.ruleId}: ${f.message}`);

test('this account and this Region: the template form of a sound policy is clean, and HealthLake can do everything', () => {
  const text = policy(root, statement({ AWS: `arn:aws:iam::${A}:role/HealthLakeAdmin` }));
  assert.deepEqual(lint(text), []);
  const v = verdict(text, 1)!;
  assert.match(v.markdown, /requests via `healthlake\.\$\{AWS::Region\}\.amazonaws\.com`/);
  assert.match(v.markdown, /\| role\/HealthLakeAdmin \| direct \| direct \| direct \|/);
  const s = service();
  assert.equal(healthLakeReadiness(jsonModel(s, text), s.settings)!.region.region, R, 'the Region hole is the simulated Region');
});

test('a role given as a reference (!GetAtt Role.Arn) is in this account and can do everything', () => {
  const ref = hole('arn:role', 'HealthLakeAdminRole.Arn');
  const text = policy(root, statement({ AWS: ref }));
  assert.deepEqual(loud(text), []);
  assert.match(verdict(text, 1)!.markdown, /\| \$\{HealthLakeAdminRole\.Arn\} \| direct \| direct \| direct \|/);
});

test('what the literal part decides is still decided: the global name never matches, whatever the Region', () => {
  const text = policy(root, statement({ AWS: `arn:aws:iam::${A}:role/HealthLakeAdmin` }, { StringEquals: { 'kms:ViaService': 'healthlake.amazonaws.com', 'kms:CallerAccount': A } }));
  const via = lint(text, 'healthlake-via-service');
  assert.equal(via.length, 1);
  assert.match(via[0]!.message, /not region-qualified/);
});

test('a variable principal leaves the verdict undecided: a note naming it, no error or warning', () => {
  const v = hole('opaque', 'var.creator_role_arn');
  const text = policy(root, statement({ AWS: v }));
  assert.deepEqual(loud(text), []);
  const notes = lint(text, 'healthlake-access');
  assert.equal(notes.length, 1);
  assert.equal(notes[0]!.severity, 'info');
  assert.match(notes[0]!.message, /for \$\{var\.creator_role_arn\} depends on .*`\$\{var\.creator_role_arn\}`.*which this file leaves open/);
  const verdictText = verdict(text, 1)!.markdown;
  assert.match(verdictText, /\| \$\{var\.creator_role_arn\} \| undecided \| undecided \| undecided \|/);
});

test('a literal Region named in kms:ViaService against this account\'s principal decides; a literal account against a hole is open', () => {
  // A literal account in kms:CallerAccount for a principal of this account: may be the same account.
  const text = policy(root, statement({ AWS: `arn:aws:iam::${A}:role/HealthLakeAdmin` }, { StringEquals: { 'kms:ViaService': 'healthlake.us-east-2.amazonaws.com', 'kms:CallerAccount': '111122223333' } }));
  assert.deepEqual(lint(text, 'healthlake-caller-account'), []);
  assert.ok(lint(text, 'healthlake-access').every((f) => f.severity === 'info'));
});

test('a kms:CallerAccount that can never be this account is reported with the account as written, and no automatic fix', () => {
  const text = policy(root, statement({ AWS: `arn:aws:iam::${A}:role/HealthLakeAdmin` }, { StringEquals: { 'kms:ViaService': `healthlake.${R}.amazonaws.com`, 'kms:CallerAccount': 'my-account' } }));
  const [f, ...rest] = lint(text, 'healthlake-caller-account');
  assert.equal(rest.length, 0);
  assert.match(f!.message, /calling principal \(\$\{AWS::AccountId\}\)/);
  assert.doesNotMatch(f!.message, /[\uE010\uE011]/);
  assert.equal(f!.data?.fixes, undefined);
  // No finding anywhere shows the private hole markers.
  assert.ok(lint(policy({ ...root, Principal: { AWS: `arn:aws:iam::${A}:role/App` } })).every((x) => !/[\uE010\uE011]/.test(x.message)));
});
