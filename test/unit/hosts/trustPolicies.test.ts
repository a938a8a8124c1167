/**
 * A role's trust policy names no Resource (IAM rejects one there). When the host says a policy is a role's trust
 * policy, that holds whatever its actions are, even a variable (`actions = var.trusted_role_actions`, as the
 * terraform-aws-modules IAM role modules write it); when nothing says what kind it is, a statement with a principal
 * whose actions a template fills in may be one. A principal type a template fills in may be any type. An identity
 * policy without Resource, or a resource policy with written actions, is still an error.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, describe, lineOf, serious } from './support';
import { analyzeTf, prepared } from './terraformSupport';

prepared();

const resourceFindings = (text: string, findings: readonly { ruleId: string; offset: number }[]) =>
  findings.filter((f) => f.ruleId === 'resource-element').map((f) => lineOf(text, f.offset));

test('Terraform: a trust policy document whose actions are a variable has no Resource and is not reported', () => {
  const text = `data "aws_iam_policy_document" "assume_role" {
  statement {
    effect  = "Allow"
    actions = var.trusted_role_actions

    principals {
      type        = "AWS"
      identifiers = var.trusted_role_arns
    }
  }
}

resource "aws_iam_role" "this" {
  name               = var.role_name
  assume_role_policy = coalesce(var.custom_role_trust_policy, try(data.aws_iam_policy_document.assume_role[0].json, ""))
}
`;
  const { findings } = analyzeTf(text);
  assert.deepEqual(resourceFindings(text, findings), [], describe(text, findings));
});

test('Terraform: the same statement in an identity policy still has no Resource: one error on its statement', () => {
  const text = `data "aws_iam_policy_document" "permissions" {
  statement {
    effect  = "Allow"
    actions = var.allowed_actions
  }
}

resource "aws_iam_policy" "this" {
  policy = data.aws_iam_policy_document.permissions.json
}
`;
  const { findings } = analyzeTf(text);
  assert.deepEqual(resourceFindings(text, findings), [2], describe(text, findings));
});

test('CloudFormation: AssumeRolePolicyDocument with its actions from a parameter is not reported; a role policy is', () => {
  const text = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  TrustedActions:
    Type: CommaDelimitedList
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              Service: lambda.amazonaws.com
            Action: !Ref TrustedActions
      Policies:
        - PolicyName: inline
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: !Ref TrustedActions
`;
  const { findings } = analyze(text);
  assert.deepEqual(resourceFindings(text, findings), [21], describe(text, findings));
});

test('Terraform: a trust document read through a module (cloudposse role): actions and principal type from variables, no finding', () => {
  const text = `data "aws_iam_policy_document" "assume_role" {
  count = length(keys(var.principals))

  statement {
    effect  = "Allow"
    actions = [var.assume_role_action]

    principals {
      type        = element(keys(var.principals), count.index)
      identifiers = var.principals[element(keys(var.principals), count.index)]
    }
  }
}

module "aggregated_assume_policy" {
  source           = "cloudposse/iam-policy-document-aggregator/aws"
  source_documents = data.aws_iam_policy_document.assume_role.*.json
}
`;
  const { findings } = analyzeTf(text);
  assert.deepEqual(serious(findings), [], describe(text, findings));
});

test('a resource policy statement whose actions are written still needs a Resource; a written principal type is still checked', () => {
  const text = `data "aws_iam_policy_document" "bucket" {
  statement {
    effect  = "Allow"
    actions = ["s3:GetObject"]

    principals {
      type        = "Services"
      identifiers = ["cloudfront.amazonaws.com"]
    }
  }
}

resource "aws_s3_bucket_policy" "this" {
  bucket = var.bucket
  policy = data.aws_iam_policy_document.bucket.json
}
`;
  const { findings } = analyzeTf(text);
  assert.deepEqual(serious(findings).map((f) => [f.ruleId, lineOf(text, f.offset)]), [['resource-element', 2], ['policy-schema', 7]], describe(text, findings));
});

test('a trust policy that any AWS account may assume is public; one that names its principals or an organization is not', () => {
  const role = (principal: string, condition = '') => `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              AWS: ${principal}
            Action: sts:AssumeRole${condition}
`;
  const open = role("'*'");
  const found = analyze(open).findings.filter((f) => f.ruleId === 'public-principal');
  assert.equal(found.length, 1, describe(open, analyze(open).findings));
  assert.equal(lineOf(open, found[0]!.offset), 11);
  assert.match(found[0]!.message, /Any AWS account can assume this role/);
  for (const safe of [
    role('arn:aws:iam::111122223333:root'),
    role("'*'", '\n            Condition:\n              StringEquals:\n                aws:PrincipalOrgID: o-abcdef1234'),
    role("'*'", '\n            Condition:\n              StringEquals:\n                aws:PrincipalAccount: "111122223333"'),
  ]) assert.deepEqual(analyze(safe).findings.filter((f) => f.ruleId === 'public-principal'), [], describe(safe, analyze(safe).findings));
});

test('Terraform: a trust policy document that any AWS account may assume is public', () => {
  const text = `data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
  }
}

resource "aws_iam_role" "r" {
  name               = "r"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}
`;
  const { findings } = analyzeTf(text);
  assert.deepEqual(findings.filter((f) => f.ruleId === 'public-principal').map((f) => lineOf(text, f.offset)), [6], describe(text, findings));
});
