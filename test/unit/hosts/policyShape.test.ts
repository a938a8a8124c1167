/**
 * A policy property of the wrong shape is one error at the property, never a silent "no policy here": `KeyPolicy`
 * written as a list of statements (the statements still checked), a plain or empty `PolicyDocument`, Terraform's
 * `policy = [...]` or an object without `jsonencode`. What a template computes stays silent.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, describe, serious, span } from './support';
import { analyzeTf, prepared } from './terraformSupport';

prepared();

const template = (property: string, value: string, type = 'AWS::KMS::Key') => `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  PolicyJson:
    Type: String
Resources:
  Thing:
    Type: ${type}
    Properties:
      ${property}:${value}
`;

const listPolicy = `
        - Sid: Enable IAM User Permissions
          Effect: Allow
          Principal:
            AWS: !Sub arn:aws:iam::\${AWS::AccountId}:root
          Action: kms:*
          Resource: '*'
        - Sid: Readers
          Effect: Allow
          Principal:
            AWS: !Sub arn:aws:iam::\${AWS::AccountId}:role/reader
          Action: [kms:Decrypt, kms:DescribeKeys]
          Resource: '*'`;

test('KeyPolicy written as a list of statements: one error at the property, and the statements are still checked', () => {
  const text = template('KeyPolicy', listPolicy);
  const a = analyze(text);
  const shape = a.findings.filter((f) => f.ruleId === 'policy-shape');
  assert.equal(shape.length, 1, describe(text, a.findings));
  assert.equal(shape[0]!.severity, 'error');
  assert.equal(span(text, shape[0]!), '- Sid: Enable IAM User Permissions');
  assert.match(shape[0]!.message, /^KeyPolicy must be a policy object with Version and Statement; CloudFormation rejects a list/);
  assert.deepEqual(serious(a.findings).map((f) => `${f.ruleId} ${span(text, f)}`), ['policy-shape - Sid: Enable IAM User Permissions', 'unknown-action kms:DescribeKeys']);
});

test('a scalar or empty policy property is one error; an intrinsic or a JSON string is not judged as a shape', () => {
  for (const [property, value, type] of [['PolicyDocument', ' my-kms-policy', 'AWS::IAM::ManagedPolicy'], ['KeyPolicy', ' 42', 'AWS::KMS::Key'],
    ['PolicyDocument', '', 'AWS::S3::BucketPolicy'], ['PolicyDocument', ' \'[{"Effect": "Allow"}]\'', 'AWS::IAM::Policy']] as const) {
    const text = template(property, value, type);
    const a = analyze(text);
    assert.deepEqual(a.findings.map((f) => f.ruleId), ['policy-shape'], `${property}:${value}\n${describe(text, a.findings)}`);
    assert.match(a.findings[0]!.message, new RegExp(`^${property} must be a policy object`));
  }
  for (const value of [' !Ref PolicyJson', ' !ImportValue shared-key-policy',
    ' \'{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"}]}\'']) {
    const text = template('KeyPolicy', value);
    assert.deepEqual(serious(analyze(text).findings), [], `${value}\n${describe(text, analyze(text).findings)}`);
  }
});

test('Terraform: policy = [...] or an object without jsonencode is one error at the attribute; its statements are still checked', () => {
  const text = `resource "aws_kms_key" "k" {
  policy = [jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Sid = "Root", Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" }, Action = "kms:*", Resource = "*" },
                 { Sid = "Use", Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:role/app" }, Action = "kms:Decrpyt", Resource = "*" }]
  })]
}

resource "aws_iam_policy" "p" {
  policy = {
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::b/*" }]
  }
}

resource "aws_iam_policy" "q" {
  policy = var.policy_json
}
`;
  const { findings } = analyzeTf(text);
  assert.deepEqual(serious(findings).map((f) => `${f.ruleId} ${span(text, f)}`), ['policy-shape policy', 'unknown-action "kms:Decrpyt"', 'policy-shape policy'], describe(text, findings));
  assert.match(findings.find((f) => f.ruleId === 'policy-shape')!.message, /Terraform rejects a list/);
});
