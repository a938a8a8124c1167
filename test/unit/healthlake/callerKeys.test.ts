/** Conditions on what only the real caller carries are not judged: no false alarms on organization guardrails. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonModel, lint, service } from '../../support/service';
import { statementVerdict } from '../../../server/src/service/healthlake/verdict';

const root = { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' };
const healthLake = (extra: object = {}) => ({
  Sid: 'Allow HealthLake', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/FhirApp' },
  Action: ['kms:DescribeKey', 'kms:CreateGrant', 'kms:GenerateDataKey', 'kms:Decrypt'], Resource: '*',
  Condition: { StringEquals: { 'kms:ViaService': 'healthlake.us-east-1.amazonaws.com' }, ...extra },
});
const policy = (...statements: object[]) => ({ Version: '2012-10-17', Statement: [root, ...statements] });
const healthLakeFindings = (p: object) => lint(p).filter((f) => /^healthlake-/.test(f.ruleId) && f.severity !== 'info');

test('an Allow that also requires the caller\'s organization path is not reported', () => {
  const p = policy(healthLake({ 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': ['o-abc/r-1/ou-1/*'] } }));
  assert.deepEqual(healthLakeFindings(p), []);
});

test('the verdict says such a statement depends on the caller, not that it fails', () => {
  // Without the account-root statement, so nothing else lets the requests through.
  const p = { Version: '2012-10-17', Statement: [healthLake({ StringEquals: { 'kms:ViaService': 'healthlake.us-east-1.amazonaws.com', 'aws:PrincipalTag/team': 'fhir' } })] };
  const s = service();
  const model = jsonModel(s, JSON.stringify(p, null, 2));
  const v = statementVerdict(model, 0, { settings: s.settings });
  assert.ok(v);
  const [who] = v.principals;
  assert.deepEqual({ create: who!.create, write: who!.write, read: who!.read }, { create: 'undecided', write: 'undecided', read: 'undecided' });
  assert.match(v.markdown, /\| role\/FhirApp \| undecided \| undecided \| undecided \|/);
  assert.match(v.markdown, /aws:PrincipalTag\/team/);
});

test('a Deny outside the organization (StringNotEquals aws:PrincipalOrgID) is not an alarm', () => {
  const deny = { Sid: 'Deny outside the organization', Effect: 'Deny', Principal: '*', Action: 'kms:*', Resource: '*', Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-abcdefghij' } } };
  assert.deepEqual(healthLakeFindings(policy(healthLake(), deny)), []);
});

test('a Deny on the source IP blocks HealthLake: calls made on the caller\'s behalf carry no aws:SourceIp', () => {
  const deny = { Sid: 'Deny outside the office', Effect: 'Deny', Principal: '*', Action: 'kms:*', Resource: '*', Condition: { NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } };
  const findings = healthLakeFindings(policy(healthLake(), deny));
  assert.ok(findings.some((f) => f.ruleId === 'healthlake-access'), JSON.stringify(findings.map((f) => f.message)));
});

test('leaving out only kms:CreateGrant (a reader/writer application) is a note, not an error', () => {
  const app = { ...healthLake(), Action: ['kms:DescribeKey', 'kms:GenerateDataKey', 'kms:Decrypt'] };
  const findings = lint(policy(app), 'healthlake-missing-action');
  assert.equal(findings.length, 1);
  assert.equal(findings[0]!.severity, 'info');
  assert.match(findings[0]!.message, /only reads and writes/);
});
