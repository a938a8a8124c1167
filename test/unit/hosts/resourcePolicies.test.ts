/**
 * Resource policies in infrastructure code (S3 bucket, SQS queue, SNS topic and Secrets Manager policies): the
 * common ones, written the way templates write them, lint without an error or a warning; a bucket open to anyone
 * is the public-principal finding on its own line. And SAM functions' inline policy documents.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, describe, lineOf, serious } from './support';
import { analyzeTf, prepared } from './terraformSupport';

prepared();

const template = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  ImportBucket:
    Type: AWS::S3::Bucket
  ImportBucketPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref ImportBucket
      PolicyDocument:
        Version: 2012-10-17
        Statement:
          - Sid: DenyInsecureTransport
            Effect: Deny
            Principal: "*"
            Action: s3:*
            Resource:
              - !GetAtt ImportBucket.Arn
              - !Sub \${ImportBucket.Arn}/*
            Condition:
              Bool:
                aws:SecureTransport: false
          - Sid: HealthLakeImportRole
            Effect: Allow
            Principal:
              AWS: !GetAtt ImportRole.Arn
            Action:
              - s3:GetObject
              - s3:ListBucket
            Resource:
              - !GetAtt ImportBucket.Arn
              - !Sub \${ImportBucket.Arn}/*
  ImportRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: 2012-10-17
        Statement:
          - Effect: Allow
            Principal: { Service: healthlake.amazonaws.com }
            Action: sts:AssumeRole
  Events:
    Type: AWS::SNS::Topic
  EventsPolicy:
    Type: AWS::SNS::TopicPolicy
    Properties:
      Topics: [!Ref Events]
      PolicyDocument:
        Version: 2012-10-17
        Statement:
          - Effect: Allow
            Principal: { Service: events.amazonaws.com }
            Action: sns:Publish
            Resource: !Ref Events
            Condition:
              StringEquals:
                aws:SourceAccount: !Ref AWS::AccountId
  Jobs:
    Type: AWS::SQS::Queue
  JobsPolicy:
    Type: AWS::SQS::QueuePolicy
    Properties:
      Queues: [!Ref Jobs]
      PolicyDocument:
        Version: 2012-10-17
        Statement:
          - Effect: Allow
            Principal: { Service: sns.amazonaws.com }
            Action: sqs:SendMessage
            Resource: !GetAtt Jobs.Arn
            Condition:
              ArnEquals:
                aws:SourceArn: !Ref Events
`;

test('resource policies of a template are read and lint clean when written the usual way', () => {
  const analysis = analyze(template);
  assert.deepEqual(analysis.sites.map((s) => `${s.site.name} ${s.kind}`).sort(), [
    'EventsPolicy.PolicyDocument resource-policy',
    'ImportBucketPolicy.PolicyDocument resource-policy',
    'ImportRole.AssumeRolePolicyDocument resource-policy',
    'JobsPolicy.PolicyDocument resource-policy',
  ]);
  assert.deepEqual(serious(analysis.findings), [], describe(template, analysis.findings));
});

test('a bucket policy that lets anyone read is the public-principal finding, on its principal line', () => {
  const text = template.replace('AWS: !GetAtt ImportRole.Arn', 'AWS: "*"');
  const findings = analyze(text).findings;
  const open = findings.find((f) => f.ruleId === 'public-principal');
  assert.ok(open, describe(text, findings));
  assert.equal(lineOf(text, open.offset), text.split('\n').findIndex((l) => l.includes('AWS: "*"')) + 1);
});

test('Terraform: aws_s3_bucket_policy, aws_sqs_queue_policy and a policy document that feeds a bucket policy', () => {
  const text = `resource "aws_s3_bucket" "import" {
  bucket = "fhir-import"
}

data "aws_iam_policy_document" "tls_only" {
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.import.arn, "\${aws_s3_bucket.import.arn}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "import" {
  bucket = aws_s3_bucket.import.id
  policy = data.aws_iam_policy_document.tls_only.json
}

resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}

resource "aws_sqs_queue_policy" "jobs" {
  queue_url = aws_sqs_queue.jobs.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "sns.amazonaws.com" }
      Action    = "sqs:SendMessage"
      Resource  = aws_sqs_queue.jobs.arn
      Condition = { ArnEquals = { "aws:SourceArn" = var.topic_arn } }
    }]
  })
}
`;
  const { analysis, findings } = analyzeTf(text);
  assert.deepEqual(analysis.sites.map((s) => `${s.site.name} ${s.kind}`).sort(), [
    'aws_sqs_queue_policy.jobs.policy resource-policy',
    'data.aws_iam_policy_document.tls_only resource-policy',
  ]);
  assert.deepEqual(serious(findings), [], describe(text, findings));
});

test('SAM: the policy documents among a function\'s Policies are read; managed policy names and SAM templates are not policies', () => {
  const text = `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Resources:
  Exporter:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      Policies:
        - AWSLambdaBasicExecutionRole
        - KMSDecryptPolicy:
            KeyId: !Ref DataStoreKey
        - Version: "2012-10-17"
          Statement:
            - Effect: Allow
              Action:
                - healthlake:StartFHIRExportJob
                - healthlake:DescribeFHIRExportJob
              Resource: !Sub arn:\${AWS::Partition}:healthlake:\${AWS::Region}:\${AWS::AccountId}:datastore/fhir/*
            - Effect: Allow
              Action: kms:Decryptt
              Resource: "*"
`;
  const analysis = analyze(text);
  assert.deepEqual(analysis.sites.map((s) => `${s.site.name} ${s.kind}`), ['Exporter.Policies[2] identity-policy']);
  const findings = serious(analysis.findings);
  assert.deepEqual(findings.map((f) => f.ruleId), ['unknown-action'], describe(text, analysis.findings));
  assert.equal(lineOf(text, findings[0]!.offset), text.split('\n').findIndex((l) => l.includes('kms:Decryptt')) + 1);
});
