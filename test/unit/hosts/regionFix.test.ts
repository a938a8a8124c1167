/**
 * The kms:ViaService fix in infrastructure code writes the Region the stack or module deploys to, in the host's own
 * syntax: `!Sub` in YAML, `Fn::Sub` in JSON, the `data.aws_region` attribute the Terraform file already reads. A key
 * lives in that Region and a data store uses a key of its own Region, so the fix is safe. Plain JSON, a JSON string
 * inside a template and a module that reads no Region keep the named Region, for a person to confirm.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, applyHostFix, changedLines } from './support';
import { analyzeTf, prepared } from './terraformSupport';

prepared();

const statement = {
  Sid: 'HealthLake', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/Creator' },
  Action: ['kms:CreateGrant', 'kms:DescribeKey', 'kms:GenerateDataKey', 'kms:Decrypt'], Resource: '*',
  Condition: { StringEquals: { 'kms:ViaService': 'healthlake.amazonaws.com', 'kms:CallerAccount': '111122223333' } },
};
const root = { Sid: 'Root', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' };
const policy = { Version: '2012-10-17', Statement: [root, statement] };
const datastore = { Type: 'AWS::HealthLake::FHIRDatastore', Properties: { DatastoreTypeVersion: 'R4', SseConfiguration: { KmsEncryptionConfig: { CmkType: 'CUSTOMER_MANAGED_KMS_KEY', KmsKeyId: { 'Fn::GetAtt': ['Key', 'Arn'] } } } } };

const preferred = (findings: ReturnType<typeof analyze>['findings']) => {
  const via = findings.find((f) => f.ruleId === 'healthlake-via-service');
  assert.ok(via, 'a kms:ViaService finding');
  return { via, fix: via.data?.fixes?.find((f) => f.preferred) };
};

test('CloudFormation JSON: the fix writes {"Fn::Sub": "healthlake.${AWS::Region}.amazonaws.com"} on that one line', () => {
  const text = JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: { Key: { Type: 'AWS::KMS::Key', Properties: { KeyPolicy: policy } }, Store: datastore } }, null, 2);
  const { via, fix } = preferred(analyze(text, 'template.json').findings);
  assert.equal(fix?.title, 'Use "healthlake.${AWS::Region}.amazonaws.com"');
  assert.equal(fix?.safe, true);
  const fixed = applyHostFix(text, via);
  assert.equal(changedLines(text, fixed).length, 1);
  assert.match(fixed, /"kms:ViaService": \{\s*"Fn::Sub": "healthlake\.\$\{AWS::Region\}\.amazonaws\.com"\s*\}/);
  assert.equal(analyze(fixed, 'template.json').findings.filter((f) => f.ruleId === 'healthlake-via-service').length, 0);
});

test('a key policy given as a JSON string in a template keeps the named Region (a string cannot hold !Sub)', () => {
  const text = `Resources:\n  Key:\n    Type: AWS::KMS::Key\n    Properties:\n      KeyPolicy: '${JSON.stringify(policy)}'\n`;
  const { fix } = preferred(analyze(text).findings);
  assert.equal(fix?.title, 'Use "healthlake.us-east-1.amazonaws.com"');
  assert.notEqual(fix?.safe, true);
});

const tfModule = (region: string) => `data "aws_caller_identity" "current" {}
data "aws_region" "current" {}
${region}
resource "aws_kms_key" "k" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "Root", Effect = "Allow", Principal = { AWS = "arn:aws:iam::\${data.aws_caller_identity.current.account_id}:root" }, Action = "kms:*", Resource = "*" },
      {
        Sid       = "HealthLake"
        Effect    = "Allow"
        Principal = { AWS = var.creator_role_arn }
        Action    = ["kms:CreateGrant", "kms:DescribeKey", "kms:GenerateDataKey", "kms:Decrypt"]
        Resource  = "*"
        Condition = { StringEquals = { "kms:ViaService" = "healthlake.amazonaws.com" } }
      },
    ]
  })
}
`;

test('Terraform: the fix interpolates the data.aws_region attribute the file already reads, on that one line', () => {
  const text = tfModule('output "region" { value = data.aws_region.current.name }');
  const { via, fix } = preferred(analyzeTf(text).findings);
  assert.equal(fix?.title, 'Use "healthlake.${data.aws_region.current.name}.amazonaws.com"');
  assert.equal(fix?.safe, true);
  const fixed = applyHostFix(text, via);
  assert.equal(changedLines(text, fixed).length, 1);
  assert.match(fixed, /"kms:ViaService" = "healthlake\.\$\{data\.aws_region\.current\.name\}\.amazonaws\.com"/);
  assert.equal(analyzeTf(fixed).findings.filter((f) => f.ruleId === 'healthlake-via-service').length, 0);
});

test('Terraform: a module that reads no Region keeps the named Region, not applied by fix-all', () => {
  const { fix } = preferred(analyzeTf(tfModule('')).findings);
  assert.equal(fix?.title, 'Use "healthlake.us-east-1.amazonaws.com"');
  assert.notEqual(fix?.safe, true);
});
