/**
 * Resource ARNs that can never match (part of resource-arn): a KMS ARN without a Region, an IAM ARN with one,
 * an alias name where a key id belongs. Plain JSON here; the hosts below write them the way templates do.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, lint, spanOf } from '../../support/service';
import { identityStatement, policy } from './policyText';
import { analyze, applyHostFix, describe, hostLint, span } from '../hosts/support';
import { analyzeTf, prepared } from '../hosts/terraformSupport';

prepared();

const ID = 'resource-arn';
const st = (Action: unknown, Resource: unknown) => policy(identityStatement({ Action, Resource }));

test('a KMS key ARN without a Region matches no key: one finding at the ARN', () => {
  const text = st(['kms:Decrypt', 'kms:GenerateDataKey'], 'arn:aws:kms::111122223333:key/*');
  const findings = lint(text);
  assert.deepEqual(findings.map((f) => [f.ruleId, spanOf(text, f)]), [[ID, '"arn:aws:kms::111122223333:key/*"']]);
  assert.match(findings[0]!.message, /names no Region, and every kms ARN has one/);
});

test('an IAM role ARN with a Region matches no role; the fix leaves it out', () => {
  const text = st('iam:PassRole', 'arn:aws:iam:us-east-1:111122223333:role/HealthLakeImport');
  const [f, ...rest] = lint(text, ID);
  assert.equal(rest.length, 0);
  assert.match(f!.message, /names a Region, and iam ARNs have none/);
  const fixed = applyFix(text, f!);
  assert.equal(JSON.parse(fixed).Statement[0].Resource, 'arn:aws:iam::111122223333:role/HealthLakeImport');
  assert.deepEqual(lint(fixed, ID), []);
});

test('an alias name where a key id belongs: kms:ResourceAliases for key actions, the alias ARN for alias actions', () => {
  const text = st(['kms:Decrypt'], 'arn:aws:kms:us-east-1:111122223333:key/aws/secretsmanager');
  const findings = lint(text);
  assert.deepEqual(findings.map((f) => f.ruleId), [ID], 'one mistake, one finding');
  assert.match(findings[0]!.message, /`key\/aws\/secretsmanager` is the alias name `alias\/aws\/secretsmanager` written where a key id belongs/);
  const fixed = JSON.parse(applyFix(text, findings[0]!)).Statement[0];
  assert.equal(fixed.Resource, 'arn:aws:kms:us-east-1:111122223333:key/*');
  assert.deepEqual(fixed.Condition, { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': 'alias/aws/secretsmanager' } });
  assert.deepEqual(lint(applyFix(text, findings[0]!)).filter((f) => f.severity !== 'info' && f.severity !== 'hint'), []);

  const aliasOnly = st('kms:DeleteAlias', 'arn:aws:kms:us-east-1:111122223333:key/alias/old-name');
  const [f] = lint(aliasOnly, ID);
  assert.match(f!.message, /is the alias name `alias\/old-name`/);
  const renamed = applyFix(aliasOnly, f!);
  assert.equal(JSON.parse(renamed).Statement[0].Resource, 'arn:aws:kms:us-east-1:111122223333:alias/old-name');
  assert.deepEqual(lint(renamed, ID), []);
});

test('ARNs that can match are left alone', () => {
  for (const resource of [
    'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab', 'arn:aws:kms:*:111122223333:key/*',
    'arn:aws:kms:us-east-1:111122223333:alias/aws/secretsmanager', 'arn:aws:iam::111122223333:role/Admin',
    'arn:aws:s3:::bucket/*', 'arn:aws:dynamodb::111122223333:global-table/t', 'arn:aws:kms:us-east-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab',
    'arn:aws:swf:us-east-1:111122223333:/domain/d', 'arn:aws:route53:::hostedzone/Z1',
  ]) {
    assert.deepEqual(lint(st('*', resource), ID), [], resource);
  }
});

test('templated JSON: arn:aws:kms::${account_id}:key/* is reported; the same ARN with a Region is not', () => {
  const tpl = (resource: string) => `{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Action": ["kms:Decrypt", "kms:GenerateDataKey"],
    "Resource": "${resource}"
  }]
}`;
  const text = tpl('arn:aws:kms::${account_id}:key/*');
  const findings = analyze(text, 'app-policy.json.tpl').findings.filter((f) => f.ruleId === ID);
  assert.deepEqual(findings.map((f) => span(text, f)), ['"arn:aws:kms::${account_id}:key/*"'], describe(text, findings));
  assert.deepEqual(analyze(tpl('arn:aws:kms:${region}:${account_id}:key/*'), 'app-policy.json.tpl').findings.filter((f) => f.ruleId === ID), []);
});

test('CloudFormation: !Sub without a Region and an alias name as key id, each once at its value', () => {
  const text = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  AppPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: [kms:Decrypt, kms:GenerateDataKey]
            Resource: !Sub "arn:\${AWS::Partition}:kms::\${AWS::AccountId}:key/*"
          - Effect: Allow
            Action: kms:Decrypt
            Resource: !Sub "arn:\${AWS::Partition}:kms:\${AWS::Region}:\${AWS::AccountId}:key/aws/secretsmanager"
          - Effect: Allow
            Action: kms:Decrypt
            Resource: !Sub "arn:\${AWS::Partition}:kms:\${AWS::Region}:\${AWS::AccountId}:key/*"
`;
  const findings = hostLint(text, 'template.yaml', ID);
  assert.deepEqual(findings.map((f) => span(text, f)), [
    '"arn:${AWS::Partition}:kms::${AWS::AccountId}:key/*"',
    '"arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/aws/secretsmanager"',
  ], describe(text, findings));
  assert.match(findings[1]!.message, /alias name `alias\/aws\/secretsmanager`/);
});

test('Terraform: an ARN interpolated without a Region is reported at the string; the fixed form is clean', () => {
  const module = (arn: string) => `data "aws_caller_identity" "current" {}
data "aws_region" "current" {}

resource "aws_iam_policy" "app" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["kms:Decrypt"]
      Resource = "${arn}"
    }]
  })
}
`;
  const text = module('arn:aws:kms::${data.aws_caller_identity.current.account_id}:key/*');
  const findings = analyzeTf(text).findings.filter((f) => f.ruleId === ID);
  assert.deepEqual(findings.map((f) => span(text, f)), ['"arn:aws:kms::${data.aws_caller_identity.current.account_id}:key/*"'], describe(text, findings));
  assert.deepEqual(analyzeTf(module('arn:aws:kms:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:key/*')).findings.filter((f) => f.ruleId === ID), []);
});

test('CloudFormation JSON and Terraform: an alias name as key id is reported once, at the value', () => {
  const template = JSON.stringify({
    AWSTemplateFormatVersion: '2010-09-09',
    Resources: {
      AppPolicy: {
        Type: 'AWS::IAM::ManagedPolicy',
        Properties: {
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: ['kms:Decrypt'], Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/alias/app' } }],
          },
        },
      },
    },
  }, null, 2);
  const findings = hostLint(template, 'template.json', ID);
  assert.equal(findings.length, 1, describe(template, findings));
  assert.match(span(template, findings[0]!), /^\{\s*"Fn::Sub": "arn:\$\{AWS::Partition\}:kms:\$\{AWS::Region\}:\$\{AWS::AccountId\}:key\/alias\/app"\s*\}$/, 'the Fn::Sub value');
  assert.match(findings[0]!.message, /alias name `alias\/app`/);

  const tf = `resource "aws_iam_policy" "app" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["kms:Decrypt"]
      Resource = "arn:aws:kms:us-east-1:111122223333:key/aws/secretsmanager"
    }]
  })
}
`;
  const tfFindings = analyzeTf(tf).findings.filter((f) => f.ruleId === ID || f.ruleId === 'alias-resource');
  assert.deepEqual(tfFindings.map((f) => [f.ruleId, span(tf, f)]), [[ID, '"arn:aws:kms:us-east-1:111122223333:key/aws/secretsmanager"']], describe(tf, tfFindings));
});

test('the missing Region is added when the policy or the template names it; otherwise no fix', () => {
  const text = policy(
    identityStatement({ Action: 'kms:Decrypt', Resource: 'arn:aws:kms::111122223333:key/*' }),
    identityStatement({ Sid: 'Store', Action: 'healthlake:ReadResource', Resource: 'arn:aws:healthlake:eu-west-2:111122223333:datastore/fhir/*' }),
  );
  const [f] = lint(text, ID);
  const fixed = applyFix(text, f!);
  assert.equal(JSON.parse(fixed).Statement[0].Resource, 'arn:aws:kms:eu-west-2:111122223333:key/*');
  assert.deepEqual(lint(fixed, ID), []);
  assert.equal(lint(st('kms:Decrypt', 'arn:aws:kms::111122223333:key/*'), ID)[0]!.data, undefined, 'no Region anywhere: nothing to guess');

  const tf = `data "aws_region" "current" {}

resource "aws_iam_policy" "app" {
  description = "Application access in \${data.aws_region.current.name}"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["kms:Decrypt"]
      Resource = "arn:aws:kms::111122223333:key/*"
    }]
  })
}
`;
  const [t] = analyzeTf(tf).findings.filter((x) => x.ruleId === ID);
  const written = applyHostFix(tf, t!);
  assert.match(written, /Resource = "arn:aws:kms:\$\{data\.aws_region\.current\.name\}:111122223333:key\/\*"/);
  assert.deepEqual(analyzeTf(written).findings.filter((x) => x.ruleId === ID), []);
});
