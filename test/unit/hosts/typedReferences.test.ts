/**
 * References whose kind is known (`aws_kms_key.k.arn`, `!GetAtt Store.DatastoreArn`) are ARNs of that type in
 * every host: the action/resource, alias and key-policy Resource checks judge them; untyped ones stay silent.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describe, hostLint, span } from './support';
import { analyzeTf, prepared } from './terraformSupport';
import type { Finding } from '../../../server/src/service/types';

prepared();

const RULES = new Set(['action-resource-mismatch', 'alias-resource', 'key-policy-resource']);
const judged = (findings: readonly Finding[]) => findings.filter((f) => RULES.has(f.ruleId));
const tfLint = (text: string) => judged(analyzeTf(text).findings);

// ---- Terraform ----------------------------------------------------------------------------------------------

const TF_RESOURCES = `resource "awscc_healthlake_fhir_datastore" "records" {
  datastore_name         = "records"
  datastore_type_version = "R4"
}

resource "aws_s3_bucket" "exports" {
  bucket = "healthlake-exports"
}

resource "aws_kms_key" "healthlake" {
  description = "HealthLake data store key"
}

resource "aws_kms_alias" "healthlake" {
  name          = "alias/healthlake"
  target_key_id = aws_kms_key.healthlake.key_id
}
`;

const tfPolicy = (statements: string) => `${TF_RESOURCES}
resource "aws_iam_policy" "app" {
  name = "healthlake-app"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
${statements}
    ]
  })
}
`;

test('Terraform: ListFHIRDatastores scoped to a data store ARN never allows it, reported at the action', () => {
  const text = tfPolicy(`      {
        Effect   = "Allow"
        Action   = ["healthlake:ListFHIRDatastores"]
        Resource = awscc_healthlake_fhir_datastore.records.datastore_arn
      },`);
  const findings = tfLint(text);
  assert.equal(findings.length, 1, describe(text, findings));
  assert.equal(findings[0]!.ruleId, 'action-resource-mismatch');
  assert.equal(span(text, findings[0]!), '"healthlake:ListFHIRDatastores"');
  assert.match(findings[0]!.message, /`\$\{awscc_healthlake_fhir_datastore\.records\.datastore_arn\}` \(the ARN of a healthlake datastore\) is not one/);
});

test('Terraform: kms:Decrypt on a bucket ARN, and s3:GetObject on the bucket rather than its objects', () => {
  const text = tfPolicy(`      {
        Effect   = "Allow"
        Action   = ["kms:Decrypt"]
        Resource = aws_s3_bucket.exports.arn
      },
      {
        Effect   = "Allow"
        Action   = ["s3:GetObject"]
        Resource = [aws_s3_bucket.exports.arn]
      },`);
  const findings = tfLint(text);
  assert.deepEqual(findings.map((f) => span(text, f)), ['"kms:Decrypt"', '"s3:GetObject"'], describe(text, findings));
  assert.match(findings[0]!.message, /the ARN of an s3 bucket/);
});

test('Terraform: a key action on an alias reference is one finding, the alias one, with no fix', () => {
  const text = tfPolicy(`      {
        Effect   = "Allow"
        Action   = ["kms:Decrypt", "kms:GenerateDataKey"]
        Resource = aws_kms_alias.healthlake.arn
      },`);
  const findings = tfLint(text);
  assert.deepEqual(findings.map((f) => f.ruleId), ['alias-resource'], describe(text, findings));
  assert.equal(span(text, findings[0]!), 'aws_kms_alias.healthlake.arn');
  assert.equal(findings[0]!.data?.fixes, undefined);
});

test('Terraform: typed references used right give nothing; untyped ones are not judged', () => {
  const text = tfPolicy(`      {
        Effect   = "Allow"
        Action   = ["kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey"]
        Resource = [aws_kms_key.healthlake.arn, data.aws_kms_key.shared.arn]
      },
      {
        Effect   = "Allow"
        Action   = ["healthlake:ReadResource", "healthlake:SearchWithGet"]
        Resource = awscc_healthlake_fhir_datastore.records.datastore_arn
      },
      {
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:PutObject"]
        Resource = "\${aws_s3_bucket.exports.arn}/*"
      },
      {
        Effect   = "Allow"
        Action   = ["s3:ListBucket"]
        Resource = aws_s3_bucket.exports.arn
      },
      {
        Effect   = "Allow"
        Action   = ["kms:Decrypt", "logs:CreateLogStream", "states:StartExecution"]
        Resource = [var.key_arn, module.other.arn, aws_cloudwatch_log_group.app.arn, aws_sfn_state_machine.flow.arn]
      },`);
  assert.deepEqual(tfLint(text), [], describe(text, tfLint(text)));
});

test('Terraform: a key policy whose Resource is a reference to a bucket is an error at Resource; a variable is not judged', () => {
  const key = (resource: string) => `${TF_RESOURCES}
data "aws_caller_identity" "current" {}

resource "aws_kms_key" "records" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "EnableIAMUserPermissions"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::\${data.aws_caller_identity.current.account_id}:root" }
      Action    = "kms:*"
      Resource  = ${resource}
    }]
  })
}
`;
  const text = key('aws_s3_bucket.exports.arn');
  const findings = tfLint(text);
  assert.deepEqual(findings.map((f) => [f.ruleId, span(text, f)]), [['key-policy-resource', 'aws_s3_bucket.exports.arn']], describe(text, findings));
  assert.match(findings[0]!.message, /`\$\{aws_s3_bucket\.exports\.arn\}` is the ARN of an s3 bucket/);
  assert.deepEqual(tfLint(key('var.key_resource')), []);
  assert.deepEqual(tfLint(key('"*"')), []);
});

// ---- CloudFormation (YAML and JSON) ----------------------------------------------------------------------------

const CFN_YAML = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Records:
    Type: AWS::HealthLake::FHIRDatastore
    Properties:
      DatastoreTypeVersion: R4
  Exports:
    Type: AWS::S3::Bucket
  RecordsKey:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Version: "2012-10-17"
        Statement:
          - Sid: EnableIAMUserPermissions
            Effect: Allow
            Principal:
              AWS: !Sub "arn:\${AWS::Partition}:iam::\${AWS::AccountId}:root"
            Action: kms:*
            Resource: !GetAtt Exports.Arn
  AppPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: healthlake:ListFHIRDatastores
            Resource: !GetAtt Records.DatastoreArn
          - Effect: Allow
            Action:
              - healthlake:ReadResource
              - healthlake:SearchWithPost
            Resource: !GetAtt Records.DatastoreArn
          - Effect: Allow
            Action: kms:Decrypt
            Resource:
              - !GetAtt RecordsKey.Arn
              - !GetAtt Exports.Arn
          - Effect: Allow
            Action: kms:GenerateDataKey
            Resource: !GetAtt Exports.Arn
          - Effect: Allow
            Action: s3:GetObject
            Resource: !Sub "\${Exports.Arn}/*"
          - Effect: Allow
            Action: states:StartExecution
            Resource: !Ref Flow
  Flow:
    Type: AWS::StepFunctions::StateMachine
`;

test('CloudFormation YAML: each typed mistake once, at its value; right uses and untyped references give nothing', () => {
  const findings = judged(hostLint(CFN_YAML, 'template.yaml'));
  assert.deepEqual(findings.map((f) => [f.ruleId, span(CFN_YAML, f)]), [
    ['key-policy-resource', 'Exports.Arn'],
    ['action-resource-mismatch', 'healthlake:ListFHIRDatastores'],
    ['action-resource-mismatch', 'kms:GenerateDataKey'],
  ], describe(CFN_YAML, findings));
});

test('CloudFormation JSON: Fn::GetAtt in both forms carries the type', () => {
  const template = {
    AWSTemplateFormatVersion: '2010-09-09',
    Resources: {
      Records: { Type: 'AWS::HealthLake::FHIRDatastore', Properties: { DatastoreTypeVersion: 'R4' } },
      Exports: { Type: 'AWS::S3::Bucket' },
      Key: { Type: 'AWS::KMS::Key' },
      AppPolicy: {
        Type: 'AWS::IAM::ManagedPolicy',
        Properties: {
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              { Effect: 'Allow', Action: 'healthlake:ListFHIRDatastores', Resource: { 'Fn::GetAtt': ['Records', 'DatastoreArn'] } },
              { Effect: 'Allow', Action: 'kms:Decrypt', Resource: { 'Fn::GetAtt': 'Exports.Arn' } },
              { Effect: 'Allow', Action: ['kms:Decrypt', 'kms:DescribeKey'], Resource: { 'Fn::GetAtt': ['Key', 'Arn'] } },
            ],
          },
        },
      },
    },
  };
  const text = JSON.stringify(template, null, 2);
  const findings = judged(hostLint(text, 'template.json'));
  assert.deepEqual(findings.map((f) => span(text, f)), ['"healthlake:ListFHIRDatastores"', '"kms:Decrypt"'], describe(text, findings));
});

test('Terraform aws_iam_policy_document: a typed reference in resources is judged at its list item', () => {
  const text = `${TF_RESOURCES}
data "aws_iam_policy_document" "app" {
  statement {
    sid       = "ReadExports"
    actions   = ["s3:GetObject"]
    resources = ["\${aws_s3_bucket.exports.arn}/*"]
  }

  statement {
    sid       = "UseKey"
    actions   = ["kms:Decrypt"]
    resources = [aws_s3_bucket.exports.arn]
  }
}

resource "aws_iam_policy" "app" {
  policy = data.aws_iam_policy_document.app.json
}
`;
  const findings = tfLint(text);
  assert.deepEqual(findings.map((f) => [f.ruleId, span(text, f)]), [['action-resource-mismatch', '"kms:Decrypt"']], describe(text, findings));
});

test('Terraform: a bucket action on the objects of a typed bucket reference never matches; an object action on the bucket neither', () => {
  const text = `${TF_RESOURCES}
data "aws_iam_policy_document" "export" {
  statement {
    actions   = ["s3:ListBucket"]
    resources = ["\${aws_s3_bucket.exports.arn}/*"]
  }
  statement {
    actions   = ["s3:PutObject"]
    resources = [aws_s3_bucket.exports.arn]
  }
  statement {
    actions   = ["s3:ListBucket", "s3:PutObject"]
    resources = [aws_s3_bucket.exports.arn, "\${aws_s3_bucket.exports.arn}/*"]
  }
}

resource "aws_iam_policy" "export" {
  policy = data.aws_iam_policy_document.export.json
}
`;
  const findings = tfLint(text);
  // The bucket's name is any text without "/", so `${bucket}/*` could only be an access point if the Region and
  // account of an access point ARN could be empty: they never are.
  assert.deepEqual(findings.map((f) => [f.ruleId, span(text, f)]), [['action-resource-mismatch', '"s3:ListBucket"'], ['action-resource-mismatch', '"s3:PutObject"']], describe(text, findings));
});
