import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lint, spanOf } from '../../support/service';
import { keyStatement, policy } from './policyText';

const ID = 'condition-value-type';
const withCondition = (condition: object) => policy(keyStatement({ Condition: condition }));

test('values of the right form are fine', () => {
  const text = withCondition({
    Bool: { 'kms:GrantIsForAWSResource': 'true', 'aws:SecureTransport': false },
    NumericLessThanEquals: { 'kms:ScheduleKeyDeletionPendingWindowInDays': '30' },
    DateLessThan: { 'aws:CurrentTime': '2026-12-31T23:59:59Z', 'aws:EpochTime': 1767225599 },
    IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '2001:DB8:1234:5678::/64', '198.51.100.7'] },
    ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/HealthLake*' },
    StringEquals: { 'kms:CallerAccount': '111122223333', 'aws:PrincipalTag/team': '${aws:username}' },
    Null: { 'kms:EncryptionContextKeys': 'false' },
  });
  assert.deepEqual(lint(text, ID), []);
});

test('a Bool key with "yes" can never match', () => {
  const text = withCondition({ Bool: { 'kms:GrantIsForAWSResource': 'yes' } });
  const [f] = lint(text, ID);
  assert.ok(f);
  assert.equal(f.severity, 'error');
  assert.equal(spanOf(text, f), '"yes"');
  assert.match(f.message, /Bool takes `true` or `false`/);
});

test('bad numbers, dates, CIDRs and Null values are reported at the value', () => {
  const text = withCondition({
    NumericLessThan: { 'kms:RotationPeriodInDays': 'ninety' },
    DateGreaterThan: { 'aws:CurrentTime': '31/12/2026' },
    NotIpAddress: { 'aws:SourceIp': ['10.0.0.0/33', '10.0.0.1'] },
    Null: { 'aws:SourceVpc': 'maybe' },
  });
  assert.deepEqual(lint(text, ID).map((f) => spanOf(text, f)), ['"ninety"', '"31/12/2026"', '"10.0.0.0/33"', '"maybe"']);
});

test('a negated operator says the condition is always true', () => {
  const [f] = lint(withCondition({ NotIpAddress: { 'aws:SourceIp': 'home' } }), ID);
  assert.match(f!.message, /negated, always true/);
});

test('a String operator on a Bool key and a Numeric operator on a String key are warnings on the key', () => {
  const text = withCondition({ StringEquals: { 'kms:GrantIsForAWSResource': 'true' }, NumericEquals: { 'kms:CallerAccount': 111122223333 } });
  const findings = lint(text, ID);
  assert.deepEqual(findings.map((f) => [f.severity, spanOf(text, f)]), [
    ['warning', '"kms:GrantIsForAWSResource"'], ['warning', '"kms:CallerAccount"'],
  ]);
  assert.match(findings[0]!.message, /type Bool.*use a Bool operator/);
});

test('ARN operators on string keys are accepted; a non-ARN value is a warning', () => {
  assert.deepEqual(lint(withCondition({ ArnEquals: { 'kms:GranteePrincipal': 'arn:aws:iam::111122223333:role/x' } }), ID), []);
  const [f] = lint(withCondition({ ArnEquals: { 'aws:SourceArn': 'datastore/fhir/1' } }), ID);
  assert.equal(f?.severity, 'warning');
});

test('dates that do not exist are errors that say so; real ones in every W3C form are fine', () => {
  const text = withCondition({ DateLessThan: { 'aws:CurrentTime': ['2026-13-01T00:00:00Z', '2026-02-30', '2026-06-01T25:00:00Z'] } });
  const findings = lint(text, ID);
  assert.deepEqual(findings.map((f) => spanOf(text, f)), ['"2026-13-01T00:00:00Z"', '"2026-02-30"', '"2026-06-01T25:00:00Z"']);
  for (const f of findings) assert.match(f.message, /not a date that exists/);
  const fine = withCondition({ DateGreaterThan: { 'aws:CurrentTime': ['2028-02-29', '2026', '2026-06', '2026-06-01T12:30+02:00', '2026-06-01T12:30:15.250Z'] } });
  assert.deepEqual(lint(fine, ID), []);
});

test('values from a template are not judged; a literal part that decides still is', () => {
  assert.deepEqual(lint(withCondition({ NumericLessThan: { 'kms:RotationPeriodInDays': '\uE010opaque|var.days\uE011' } }), ID), []);
  assert.deepEqual(lint(withCondition({ IpAddress: { 'aws:SourceIp': '\uE010opaque|var.cidr\uE011' } }), ID), []);
  assert.equal(lint(withCondition({ DateLessThan: { 'aws:CurrentTime': '2026-13-\uE010region|AWS::Region\uE011' } }), ID).length, 1);
});
