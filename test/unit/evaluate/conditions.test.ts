import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allowWhen, decide } from './support';

/** Whether the one condition holds for a context. */
const holds = (condition: object, context: Record<string, unknown>) =>
  decide(allowWhen(condition), { context: context as Record<string, string> }) === 'Allow';

test('String: case-sensitive values, IgnoreCase, Like wildcards, negation', () => {
  assert.ok(holds({ StringEquals: { 'kms:CallerAccount': '111122223333' } }, { 'kms:CallerAccount': '111122223333' }));
  assert.ok(!holds({ StringEquals: { 'aws:PrincipalTag/team': 'Data' } }, { 'aws:PrincipalTag/team': 'data' }));
  assert.ok(holds({ StringEqualsIgnoreCase: { 'aws:PrincipalTag/team': 'Data' } }, { 'aws:PrincipalTag/team': 'data' }));
  assert.ok(holds({ StringLike: { 'kms:ViaService': 'healthlake.*.amazonaws.com' } }, { 'kms:ViaService': 'healthlake.eu-west-1.amazonaws.com' }));
  assert.ok(!holds({ StringLike: { 'kms:ViaService': 'healthlake.*.amazonaws.com' } }, { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' }));
  assert.ok(!holds({ StringEquals: { 'kms:ViaService': 'healthlake.*.amazonaws.com' } }, { 'kms:ViaService': 'healthlake.eu-west-1.amazonaws.com' }), 'StringEquals has no wildcards');
  assert.ok(holds({ StringNotEquals: { 'aws:PrincipalTag/team': 'ops' } }, { 'aws:PrincipalTag/team': 'data' }));
  assert.ok(!holds({ StringNotLike: { 'aws:PrincipalTag/team': 'd*' } }, { 'aws:PrincipalTag/team': 'data' }));
  assert.ok(holds({ StringNotEqualsIgnoreCase: { 'aws:PrincipalTag/team': 'OPS' } }, { 'aws:PrincipalTag/team': 'data' }));
});

test('keys are case-insensitive', () => {
  assert.ok(holds({ StringEquals: { 'KMS:VIASERVICE': 'healthlake.us-east-1.amazonaws.com' } }, { 'kms:ViaService': 'healthlake.us-east-1.amazonaws.com' }));
});

test('several values are OR-ed; a negated operator\'s values are NOR-ed; keys and operators are AND-ed', () => {
  const twoValues = { StringEquals: { 'aws:PrincipalTag/team': ['ops', 'data'] } };
  assert.ok(holds(twoValues, { 'aws:PrincipalTag/team': 'data' }));
  assert.ok(!holds(twoValues, { 'aws:PrincipalTag/team': 'web' }));
  const nor = { StringNotEquals: { 'aws:PrincipalTag/team': ['ops', 'data'] } };
  assert.ok(!holds(nor, { 'aws:PrincipalTag/team': 'data' }));
  assert.ok(holds(nor, { 'aws:PrincipalTag/team': 'web' }));
  const twoKeys = { StringEquals: { 'kms:CallerAccount': '111122223333', 'kms:ViaService': 'healthlake.us-east-1.amazonaws.com' } };
  assert.ok(holds(twoKeys, { 'kms:CallerAccount': '111122223333', 'kms:ViaService': 'healthlake.us-east-1.amazonaws.com' }));
  assert.ok(!holds(twoKeys, { 'kms:CallerAccount': '111122223333', 'kms:ViaService': 's3.us-east-1.amazonaws.com' }));
  const twoOps = { StringEquals: { 'kms:CallerAccount': '111122223333' }, Bool: { 'kms:GrantIsForAWSResource': 'true' } };
  assert.ok(holds(twoOps, { 'kms:CallerAccount': '111122223333', 'kms:GrantIsForAWSResource': true }));
  assert.ok(!holds(twoOps, { 'kms:CallerAccount': '111122223333', 'kms:GrantIsForAWSResource': false }));
});

test('a missing key: positive operators fail, negated ones hold, IfExists holds, Null tests presence', () => {
  assert.ok(!holds({ StringEquals: { 'kms:ViaService': 'x' } }, {}));
  assert.ok(holds({ StringNotEquals: { 'kms:ViaService': 'x' } }, {}));
  assert.ok(holds({ StringNotLike: { 'kms:ViaService': 'x*' } }, {}));
  assert.ok(holds({ ArnNotLike: { 'aws:SourceArn': 'arn:aws:s3:::x' } }, {}));
  assert.ok(holds({ NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, {}));
  assert.ok(!holds({ IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, {}));
  assert.ok(holds({ StringLikeIfExists: { 'ec2:InstanceType': ['t1.*', 't2.*', 'm3.*'] } }, {}));
  assert.ok(holds({ StringLikeIfExists: { 'ec2:InstanceType': ['t1.*', 't2.*', 'm3.*'] } }, { 'ec2:InstanceType': 't2.micro' }));
  assert.ok(!holds({ StringLikeIfExists: { 'ec2:InstanceType': ['t1.*', 't2.*', 'm3.*'] } }, { 'ec2:InstanceType': 'c5.large' }));
  assert.ok(holds({ Null: { 'aws:TokenIssueTime': 'true' } }, {}));
  assert.ok(!holds({ Null: { 'aws:TokenIssueTime': 'true' } }, { 'aws:TokenIssueTime': '2026-01-01T00:00:00Z' }));
  assert.ok(holds({ Null: { 'aws:TokenIssueTime': false } }, { 'aws:TokenIssueTime': '2026-01-01T00:00:00Z' }));
  assert.ok(!holds({ Null: { 'aws:TokenIssueTime': 'false' } }, {}));
});

// The examples of AWS's documentation of set operators, on aws:TagKeys.
test('ForAllValues: every request value must be in the policy values; an absent or empty key holds', () => {
  const c = { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['environment', 'cost-center'] } };
  assert.ok(holds(c, { 'aws:TagKeys': ['environment'] }));
  assert.ok(holds(c, { 'aws:TagKeys': ['environment', 'cost-center'] }));
  assert.ok(!holds(c, { 'aws:TagKeys': ['environment', 'dept'] }));
  assert.ok(holds(c, {}));
  assert.ok(holds(c, { 'aws:TagKeys': [] }));
});

test('ForAnyValue: at least one request value must be in the policy values; an absent key fails', () => {
  const c = { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['environment', 'cost-center'] } };
  assert.ok(holds(c, { 'aws:TagKeys': ['environment', 'dept'] }));
  assert.ok(!holds(c, { 'aws:TagKeys': ['dept'] }));
  assert.ok(!holds(c, {}));
});

test('negated set operators: ForAllValues:StringNotEquals and ForAnyValue:StringNotEquals', () => {
  const all = { 'ForAllValues:StringNotEquals': { 'aws:TagKeys': ['environment', 'cost-center'] } };
  assert.ok(holds(all, { 'aws:TagKeys': ['dept'] }));
  assert.ok(!holds(all, { 'aws:TagKeys': ['dept', 'environment'] }));
  assert.ok(holds(all, {}));
  const any = { 'ForAnyValue:StringNotEquals': { 'aws:TagKeys': ['environment', 'cost-center'] } };
  assert.ok(holds(any, { 'aws:TagKeys': ['dept', 'environment'] }));
  assert.ok(!holds(any, { 'aws:TagKeys': ['environment'] }));
  assert.ok(!holds(any, {}));
});

test('kms:GrantOperations: a ForAllValues list that leaves one of HealthLake\'s operations out does not match', () => {
  const nine = ['CreateGrant', 'Decrypt', 'DescribeKey', 'Encrypt', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'ReEncryptFrom', 'ReEncryptTo', 'RetireGrant'];
  const c = (ops: string[]) => ({ 'ForAllValues:StringEquals': { 'kms:GrantOperations': ops } });
  assert.ok(holds(c(nine), { 'kms:GrantOperations': nine }));
  assert.ok(!holds(c(nine.filter((o) => o !== 'RetireGrant')), { 'kms:GrantOperations': nine }));
});

test('a multivalued key under a plain operator compares one value: a request with several never matches', () => {
  assert.ok(holds({ StringEquals: { 'aws:TagKeys': 'dept' } }, { 'aws:TagKeys': ['dept'] }));
  assert.ok(!holds({ StringEquals: { 'aws:TagKeys': 'dept' } }, { 'aws:TagKeys': ['env', 'dept'] }));
  assert.ok(!holds({ StringNotEquals: { 'aws:TagKeys': 'dept' } }, { 'aws:TagKeys': ['env', 'ops'] }));
});

test('Numeric and Date comparisons', () => {
  assert.ok(holds({ NumericLessThanEquals: { 's3:max-keys': '10' } }, { 's3:max-keys': 10 }));
  assert.ok(!holds({ NumericLessThan: { 's3:max-keys': '10' } }, { 's3:max-keys': '10' }));
  assert.ok(holds({ NumericGreaterThan: { 'kms:ScheduleKeyDeletionPendingWindowInDays': 20 } }, { 'kms:ScheduleKeyDeletionPendingWindowInDays': '30' }));
  assert.ok(holds({ NumericNotEquals: { 'n:x': '3' } }, { 'n:x': '4' }));
  assert.ok(!holds({ NumericEquals: { 'n:x': 'abc' } }, { 'n:x': 'abc' }), 'not a number never matches');
  assert.ok(holds({ DateLessThan: { 'aws:CurrentTime': '2026-12-31T23:59:59Z' } }, { 'aws:CurrentTime': '2026-06-01T00:00:00Z' }));
  assert.ok(!holds({ DateGreaterThan: { 'aws:CurrentTime': '2026-12-31T23:59:59Z' } }, { 'aws:CurrentTime': '2026-06-01T00:00:00Z' }));
  assert.ok(holds({ DateGreaterThanEquals: { 'aws:EpochTime': '1700000000' } }, { 'aws:EpochTime': '1800000000' }));
  assert.ok(holds({ DateEquals: { 'aws:CurrentTime': '2026-06-01T00:00:00Z' } }, { 'aws:CurrentTime': '1780272000' }), 'epoch seconds and ISO 8601 compare');
});

test('Bool is case-insensitive; Binary compares the base64 text', () => {
  assert.ok(holds({ Bool: { 'aws:SecureTransport': 'TRUE' } }, { 'aws:SecureTransport': true }));
  assert.ok(holds({ Bool: { 'kms:GrantIsForAWSResource': true } }, { 'kms:GrantIsForAWSResource': 'true' }));
  assert.ok(!holds({ Bool: { 'aws:SecureTransport': 'true' } }, { 'aws:SecureTransport': 'false' }));
  assert.ok(holds({ BinaryEquals: { 'k:bin': 'QmluYXJ5VmFsdWU=' } }, { 'k:bin': 'QmluYXJ5VmFsdWU=' }));
  assert.ok(!holds({ BinaryEquals: { 'k:bin': 'QmluYXJ5VmFsdWU=' } }, { 'k:bin': 'b3RoZXI=' }));
});

test('IpAddress: IPv4 and IPv6 CIDR blocks and bare addresses', () => {
  assert.ok(holds({ IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, { 'aws:SourceIp': '203.0.113.77' }));
  assert.ok(!holds({ IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, { 'aws:SourceIp': '203.0.114.1' }));
  assert.ok(holds({ IpAddress: { 'aws:SourceIp': '203.0.113.5' } }, { 'aws:SourceIp': '203.0.113.5' }));
  assert.ok(holds({ IpAddress: { 'aws:SourceIp': '2001:DB8:1234:5678::/64' } }, { 'aws:SourceIp': '2001:db8:1234:5678:abcd::1' }));
  assert.ok(!holds({ IpAddress: { 'aws:SourceIp': '2001:DB8:1234:5678::/64' } }, { 'aws:SourceIp': '2001:db8:1234:5679::1' }));
  assert.ok(!holds({ IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, { 'aws:SourceIp': '::1' }));
  assert.ok(holds({ NotIpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '2001:db8::/32'] } }, { 'aws:SourceIp': '198.51.100.1' }));
});

test('Arn operators match part by part, with wildcards', () => {
  const arn = 'arn:aws:healthlake:us-east-1:111122223333:datastore/fhir/abc';
  assert.ok(holds({ ArnLike: { 'aws:SourceArn': 'arn:aws:healthlake:*:111122223333:datastore/fhir/*' } }, { 'aws:SourceArn': arn }));
  assert.ok(holds({ ArnEquals: { 'aws:SourceArn': arn } }, { 'aws:SourceArn': arn }));
  assert.ok(!holds({ ArnLike: { 'aws:SourceArn': 'arn:aws:healthlake:*:444455556666:*' } }, { 'aws:SourceArn': arn }));
  assert.ok(holds({ ArnNotLike: { 'aws:SourceArn': 'arn:aws:s3:::*' } }, { 'aws:SourceArn': arn }));
  assert.ok(!holds({ ArnLike: { 'aws:SourceArn': 'arn:aws:healthlake:*' } }, { 'aws:SourceArn': 'not-an-arn' }));
});

test('an unknown operator never holds (and says so)', () => {
  assert.ok(!holds({ StringEqualz: { 'kms:CallerAccount': '111122223333' } }, { 'kms:CallerAccount': '111122223333' }));
  assert.ok(!holds({ NullIfExists: { 'kms:CallerAccount': 'true' } }, {}));
});
