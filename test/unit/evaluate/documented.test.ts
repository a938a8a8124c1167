/**
 * AWS's documented evaluation examples, each with its documented outcome: the IAM User Guide pages on policy
 * evaluation logic, condition operators, set operators (multivalued keys), NotPrincipal, NotAction,
 * NotResource, policy variables, IfExists and Null, and the KMS Developer Guide's key policy examples.
 * Identity-policy examples name no principal (they apply to whoever holds them).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildModel } from '../../../server/src/service/model';
import { evaluate, type Decision, type EvalRequest } from '../../../server/src/service/evaluate/index';

interface Example {
  page: string;
  name: string;
  statements: object[];
  request: Partial<EvalRequest>;
  expect: Decision;
}

const ALICE = 'arn:aws:iam::123456789012:user/alice';
const BUCKET = 'arn:aws:s3:::amzn-s3-demo-bucket';
const tags = (department: string, role: string) => ({ 'aws:PrincipalTag/department': department, 'aws:PrincipalTag/role': role });
const multi = { Effect: 'Allow', Action: 'iam:*', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/department': ['finance', 'hr', 'legal'], 'aws:PrincipalTag/role': ['audit', 'security'] } } };
const listHome = { Effect: 'Allow', Action: 's3:ListBucket', Resource: BUCKET, Condition: { StringLike: { 's3:prefix': ['', 'home/', 'home/${aws:username}/'] } } };
const home = { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: `${BUCKET}/home/\${aws:username}/*` };
const instanceTypes = { Effect: 'Allow', Action: 'ec2:RunInstances', Resource: '*', Condition: { StringLikeIfExists: { 'ec2:InstanceType': ['t1.*', 't2.*', 'm3.*'] } } };
const tempOnly = { Effect: 'Deny', Action: '*', Resource: '*', Condition: { Null: { 'aws:TokenIssueTime': 'true' } } };
const allowAll = { Effect: 'Allow', Action: '*', Resource: '*' };
const notPrincipal = { Effect: 'Deny', NotPrincipal: { AWS: ['arn:aws:iam::444455556666:user/Bob', 'arn:aws:iam::444455556666:root'] }, Action: 's3:*', Resource: [BUCKET, `${BUCKET}/*`] };
const bucketAllow = { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `${BUCKET}/*` };
const tagKeys = { Effect: 'Allow', Action: 'ec2:CreateTags', Resource: '*', Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['environment', 'cost-center'] } } };
const anyTag = { Effect: 'Allow', Action: 'ec2:CreateTags', Resource: '*', Condition: { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['environment', 'cost-center'] } } };
const ebs = {
  Sid: 'Allow access through EBS for all principals in the account that are authorized to use EBS', Effect: 'Allow', Principal: { AWS: '*' },
  Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:CreateGrant', 'kms:DescribeKey'], Resource: '*',
  Condition: { StringEquals: { 'kms:CallerAccount': '111122223333', 'kms:ViaService': 'ec2.us-west-2.amazonaws.com' } },
};
const ebsCaller = { principal: 'arn:aws:iam::111122223333:role/App', action: 'kms:Decrypt' };

const examples: Example[] = [
  { page: 'Policy evaluation logic', name: 'nothing allows: implicit deny', statements: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }], request: { action: 's3:PutObject' }, expect: 'ImplicitDeny' },
  { page: 'Policy evaluation logic', name: 'an explicit deny overrides an allow', statements: [allowAll, { Effect: 'Deny', Action: 's3:DeleteBucket', Resource: '*' }], request: { action: 's3:DeleteBucket' }, expect: 'ExplicitDeny' },
  { page: 'Policy evaluation logic', name: 'an allow with no deny allows', statements: [allowAll, { Effect: 'Deny', Action: 's3:DeleteBucket', Resource: '*' }], request: { action: 's3:GetObject' }, expect: 'Allow' },
  { page: 'Multiple context keys or values', name: 'keys AND-ed, values OR-ed: hr + audit', statements: [multi], request: { action: 'iam:GetUser', context: tags('hr', 'audit') }, expect: 'Allow' },
  { page: 'Multiple context keys or values', name: 'keys AND-ed, values OR-ed: hr + developer', statements: [multi], request: { action: 'iam:GetUser', context: tags('hr', 'developer') }, expect: 'ImplicitDeny' },
  { page: 'Condition operators: String', name: 'StringLike s3:prefix with ${aws:username}: own home', statements: [listHome], request: { principal: ALICE, action: 's3:ListBucket', resource: BUCKET, context: { 's3:prefix': 'home/alice/', 'aws:username': 'alice' } }, expect: 'Allow' },
  { page: 'Condition operators: String', name: 'StringLike s3:prefix with ${aws:username}: another home', statements: [listHome], request: { principal: ALICE, action: 's3:ListBucket', resource: BUCKET, context: { 's3:prefix': 'home/bob/', 'aws:username': 'alice' } }, expect: 'ImplicitDeny' },
  { page: 'Condition operators: Numeric', name: 'NumericLessThanEquals s3:max-keys 10: 10', statements: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: BUCKET, Condition: { NumericLessThanEquals: { 's3:max-keys': '10' } } }], request: { action: 's3:ListBucket', resource: BUCKET, context: { 's3:max-keys': '10' } }, expect: 'Allow' },
  { page: 'Condition operators: Numeric', name: 'NumericLessThanEquals s3:max-keys 10: 11', statements: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: BUCKET, Condition: { NumericLessThanEquals: { 's3:max-keys': '10' } } }], request: { action: 's3:ListBucket', resource: BUCKET, context: { 's3:max-keys': '11' } }, expect: 'ImplicitDeny' },
  { page: 'Condition operators: Date', name: 'DateGreaterThan aws:TokenIssueTime', statements: [{ Effect: 'Allow', Action: 'iam:*AccessKey*', Resource: '*', Condition: { DateGreaterThan: { 'aws:TokenIssueTime': '2020-01-01T00:00:01Z' } } }], request: { action: 'iam:CreateAccessKey', context: { 'aws:TokenIssueTime': '2026-03-01T12:00:00Z' } }, expect: 'Allow' },
  { page: 'Condition operators: Boolean', name: 'Deny Bool aws:SecureTransport false over plain HTTP', statements: [allowAll, { Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }], request: { action: 's3:GetObject', context: { 'aws:SecureTransport': false } }, expect: 'ExplicitDeny' },
  { page: 'Condition operators: Boolean', name: 'Deny Bool aws:SecureTransport false over TLS', statements: [allowAll, { Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }], request: { action: 's3:GetObject', context: { 'aws:SecureTransport': true } }, expect: 'Allow' },
  { page: 'Condition operators: Binary', name: 'BinaryEquals base64 value', statements: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { BinaryEquals: { key: 'QmluYXJ5VmFsdWVJbkJhc2U2NA==' } } }], request: { action: 's3:GetObject', context: { key: 'QmluYXJ5VmFsdWVJbkJhc2U2NA==' } }, expect: 'Allow' },
  { page: 'Condition operators: IP address', name: 'IpAddress 203.0.113.0/24, inside', statements: [{ Effect: 'Allow', Action: 'iam:*', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } }], request: { action: 'iam:GetUser', context: { 'aws:SourceIp': '203.0.113.27' } }, expect: 'Allow' },
  { page: 'Condition operators: IP address', name: 'IpAddress IPv4 and IPv6 ranges, an IPv6 caller', statements: [{ Effect: 'Allow', Action: 'iam:*', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '2001:DB8:1234:5678::/64'] } } }], request: { action: 'iam:GetUser', context: { 'aws:SourceIp': '2001:db8:1234:5678::1' } }, expect: 'Allow' },
  { page: 'Condition operators: IP address', name: 'IpAddress 203.0.113.0/24, outside', statements: [{ Effect: 'Allow', Action: 'iam:*', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } }], request: { action: 'iam:GetUser', context: { 'aws:SourceIp': '198.51.100.7' } }, expect: 'ImplicitDeny' },
  { page: 'Condition operators: ARN', name: 'ArnEquals aws:SourceArn for an SNS topic', statements: [{ Effect: 'Allow', Principal: { Service: 'sns.amazonaws.com' }, Action: 'sqs:SendMessage', Resource: 'arn:aws:sqs:us-east-1:123456789012:QUEUE-ID', Condition: { ArnEquals: { 'aws:SourceArn': 'arn:aws:sns:us-east-1:123456789012:TOPIC-ID' } } }], request: { principal: 'sns.amazonaws.com', action: 'sqs:SendMessage', resource: 'arn:aws:sqs:us-east-1:123456789012:QUEUE-ID', context: { 'aws:SourceArn': 'arn:aws:sns:us-east-1:123456789012:TOPIC-ID' } }, expect: 'Allow' },
  { page: 'Condition operators: ...IfExists', name: 'StringLikeIfExists, no instance type in the request', statements: [instanceTypes], request: { action: 'ec2:RunInstances' }, expect: 'Allow' },
  { page: 'Condition operators: ...IfExists', name: 'StringLikeIfExists, t2.micro', statements: [instanceTypes], request: { action: 'ec2:RunInstances', context: { 'ec2:InstanceType': 't2.micro' } }, expect: 'Allow' },
  { page: 'Condition operators: ...IfExists', name: 'StringLikeIfExists, c5.large', statements: [instanceTypes], request: { action: 'ec2:RunInstances', context: { 'ec2:InstanceType': 'c5.large' } }, expect: 'ImplicitDeny' },
  { page: 'Condition operators: Null', name: 'Null aws:TokenIssueTime true: long-term credentials denied', statements: [allowAll, tempOnly], request: { action: 's3:GetObject' }, expect: 'ExplicitDeny' },
  { page: 'Condition operators: Null', name: 'Null aws:TokenIssueTime true: temporary credentials allowed', statements: [allowAll, tempOnly], request: { action: 's3:GetObject', context: { 'aws:TokenIssueTime': '2026-03-01T12:00:00Z' } }, expect: 'Allow' },
  { page: 'Set operators (multivalued keys)', name: 'ForAllValues: only listed tag keys', statements: [tagKeys], request: { action: 'ec2:CreateTags', context: { 'aws:TagKeys': ['environment', 'cost-center'] } }, expect: 'Allow' },
  { page: 'Set operators (multivalued keys)', name: 'ForAllValues: one tag key not listed', statements: [tagKeys], request: { action: 'ec2:CreateTags', context: { 'aws:TagKeys': ['environment', 'dept'] } }, expect: 'ImplicitDeny' },
  { page: 'Set operators (multivalued keys)', name: 'ForAllValues: also true without tag keys', statements: [tagKeys], request: { action: 'ec2:CreateTags' }, expect: 'Allow' },
  { page: 'Set operators (multivalued keys)', name: 'ForAnyValue: one listed tag key is enough', statements: [anyTag], request: { action: 'ec2:CreateTags', context: { 'aws:TagKeys': ['dept', 'cost-center'] } }, expect: 'Allow' },
  { page: 'Set operators (multivalued keys)', name: 'ForAnyValue: false without tag keys', statements: [anyTag], request: { action: 'ec2:CreateTags' }, expect: 'ImplicitDeny' },
  { page: 'NotPrincipal', name: 'Deny with NotPrincipal: Bob, listed with his account, is exempt', statements: [bucketAllow, notPrincipal], request: { principal: 'arn:aws:iam::444455556666:user/Bob', action: 's3:GetObject', resource: `${BUCKET}/report.csv` }, expect: 'Allow' },
  { page: 'NotPrincipal', name: 'Deny with NotPrincipal: another user of that account is denied', statements: [bucketAllow, notPrincipal], request: { principal: 'arn:aws:iam::444455556666:user/Carol', action: 's3:GetObject', resource: `${BUCKET}/report.csv` }, expect: 'ExplicitDeny' },
  { page: 'NotPrincipal', name: 'Deny with NotPrincipal: the listed account root is exempt', statements: [bucketAllow, notPrincipal], request: { principal: 'arn:aws:iam::444455556666:root', action: 's3:GetObject', resource: `${BUCKET}/report.csv` }, expect: 'Allow' },
  { page: 'NotAction', name: 'Allow NotAction iam:*: S3 allowed', statements: [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }], request: { action: 's3:ListAllMyBuckets' }, expect: 'Allow' },
  { page: 'NotAction', name: 'Allow NotAction iam:*: IAM not allowed', statements: [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }], request: { action: 'iam:CreateUser' }, expect: 'ImplicitDeny' },
  { page: 'NotAction', name: 'Deny NotAction iam:* without MFA: S3 denied', statements: [allowAll, { Effect: 'Deny', NotAction: 'iam:*', Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } }], request: { action: 's3:GetObject' }, expect: 'ExplicitDeny' },
  { page: 'NotResource', name: 'Allow s3:* NotResource the payroll folder: elsewhere', statements: [{ Effect: 'Allow', Action: 's3:*', NotResource: ['arn:aws:s3:::HRBucket/Payroll', 'arn:aws:s3:::HRBucket/Payroll/*'] }], request: { action: 's3:GetObject', resource: 'arn:aws:s3:::HRBucket/Benefits/plan.pdf' }, expect: 'Allow' },
  { page: 'NotResource', name: 'Allow s3:* NotResource the payroll folder: payroll', statements: [{ Effect: 'Allow', Action: 's3:*', NotResource: ['arn:aws:s3:::HRBucket/Payroll', 'arn:aws:s3:::HRBucket/Payroll/*'] }], request: { action: 's3:GetObject', resource: 'arn:aws:s3:::HRBucket/Payroll/june.csv' }, expect: 'ImplicitDeny' },
  { page: 'Policy variables', name: '${aws:username} in Resource: own folder', statements: [home], request: { principal: ALICE, action: 's3:GetObject', resource: `${BUCKET}/home/alice/a.txt`, context: { 'aws:username': 'alice' } }, expect: 'Allow' },
  { page: 'Policy variables', name: '${aws:username} in Resource: a role has no user name', statements: [home], request: { principal: 'arn:aws:iam::123456789012:role/App', action: 's3:GetObject', resource: `${BUCKET}/home/alice/a.txt` }, expect: 'ImplicitDeny' },
  { page: 'Policy variables', name: 'a default value when the tag is missing', statements: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `${BUCKET}/\${aws:PrincipalTag/team, 'company-wide'}/*` }], request: { action: 's3:GetObject', resource: `${BUCKET}/company-wide/handbook.pdf` }, expect: 'Allow' },
  { page: 'KMS key policies', name: 'EBS through kms:ViaService and kms:CallerAccount', statements: [ebs], request: { ...ebsCaller, context: { 'kms:CallerAccount': '111122223333', 'kms:ViaService': 'ec2.us-west-2.amazonaws.com' } }, expect: 'Allow' },
  { page: 'KMS key policies', name: 'the EBS statement does not allow direct calls', statements: [ebs], request: { ...ebsCaller, context: { 'kms:CallerAccount': '111122223333' } }, expect: 'ImplicitDeny' },
  { page: 'KMS key policies', name: 'the account principal delegates to IAM', statements: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' }], request: ebsCaller, expect: 'Allow' },
];

test('AWS\'s documented evaluation examples give their documented outcomes', () => {
  const wrong: string[] = [];
  for (const e of examples) {
    const model = buildModel(JSON.stringify({ Version: '2012-10-17', Statement: e.statements }));
    const got = evaluate(model, { principal: ALICE, action: 's3:GetObject', ...e.request }).decision;
    if (got !== e.expect) wrong.push(`${e.page}: ${e.name}: expected ${e.expect}, got ${got}`);
  }
  assert.deepEqual(wrong, []);
  assert.ok(examples.length >= 40);
});
