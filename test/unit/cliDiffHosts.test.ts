/** `hlkms diff` on CloudFormation templates and Terraform files: key policies paired by resource and compared by evaluation. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hlkms } from './diffSupport';

const cfn = (reader: string, extra = '') => `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Version: 2012-10-17
        Statement:
          - Sid: Enable IAM User Permissions
            Effect: Allow
            Principal: {AWS: !Sub "arn:aws:iam::\${AWS::AccountId}:root"}
            Action: kms:*
            Resource: "*"
          - Sid: HealthLake
            Effect: Allow
            Principal: {AWS: !Sub "arn:aws:iam::\${AWS::AccountId}:role/FhirWriter"}
            Action: [kms:DescribeKey, kms:CreateGrant, kms:GenerateDataKey, kms:Decrypt]
            Resource: "*"
            Condition:
              StringEquals:
                kms:ViaService: ${reader}
${extra}`;

const publicDecrypt = `          - Sid: Anyone
            Effect: Allow
            Principal: {AWS: "*"}
            Action: kms:Decrypt
            Resource: "*"
`;

test('a template whose key policy gains a public Decrypt: the key policy is named by its resource, exit 1', async () => {
  const r = await hlkms(['diff', '--format', 'json', 'old.yaml', 'new.yaml'], { 'old.yaml': cfn('healthlake.us-east-1.amazonaws.com'), 'new.yaml': cfn('healthlake.us-east-1.amazonaws.com', publicDecrypt) });
  assert.equal(r.code, 1, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.deepEqual(out.public, { before: false, after: true });
  assert.ok(out.changes.some((c: { principal: string; action: string; after: string }) => c.principal === '*' && c.action === 'kms:Decrypt' && c.after === 'Allow'), r.stdout);
  const text = await hlkms(['diff', 'old.yaml', 'new.yaml'], { 'old.yaml': cfn('healthlake.us-east-1.amazonaws.com'), 'new.yaml': cfn('healthlake.us-east-1.amazonaws.com', publicDecrypt) });
  assert.match(text.stdout, /Key\.KeyPolicy/);
});

test('a template whose ViaService becomes the global name loses HealthLake for the role; the Region as !Sub is the same', async () => {
  const lost = await hlkms(['diff', '--format', 'json', 'old.yaml', 'new.yaml'], { 'old.yaml': cfn('healthlake.us-east-1.amazonaws.com'), 'new.yaml': cfn('healthlake.amazonaws.com') });
  assert.equal(lost.code, 1, lost.stdout);
  assert.match(lost.stdout, /"arn:aws:iam::\$\{AWS::AccountId\}:role\/FhirWriter"/, 'principals read as the template writes them');
  for (const format of ['text', 'markdown']) {
    const shown = await hlkms(['diff', '--format', format, 'old.yaml', 'new.yaml'], { 'old.yaml': cfn('healthlake.us-east-1.amazonaws.com'), 'new.yaml': cfn('healthlake.amazonaws.com') });
    assert.match(shown.stdout, /role\/FhirWriter \(\$\{AWS::AccountId\}\)/, format);
  }
  const writer = JSON.parse(lost.stdout).healthlake.filter((h: { principal: string }) => h.principal.endsWith('role/FhirWriter'));
  assert.deepEqual(writer.map((h: { capability: string; before: string; after: string }) => `${h.capability} ${h.before}→${h.after}`), ['create direct→iam', 'write direct→iam', 'read direct→iam']);
  // Reformatted (flow style, reordered statements) with the Region from the stack: no change for anyone.
  const same = cfn('!Sub healthlake.${AWS::Region}.amazonaws.com');
  const rewritten = same.replace('            Action: [kms:DescribeKey, kms:CreateGrant, kms:GenerateDataKey, kms:Decrypt]', '            Action:\n              - kms:Decrypt\n              - kms:GenerateDataKey\n              - kms:CreateGrant\n              - kms:DescribeKey');
  const r = await hlkms(['diff', '--format', 'json', 'old.yaml', 'new.yaml'], { 'old.yaml': same, 'new.yaml': rewritten });
  assert.equal(r.code, 0, r.stdout);
  assert.deepEqual(JSON.parse(r.stdout).changes, []);
});

const tf = (via: string) => `data "aws_caller_identity" "current" {}

resource "aws_kms_key" "datastore" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "Enable IAM User Permissions"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::\${data.aws_caller_identity.current.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "HealthLake"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::111122223333:role/FhirWriter" }
        Action    = ["kms:DescribeKey", "kms:CreateGrant", "kms:GenerateDataKey", "kms:Decrypt"]
        Resource  = "*"
        Condition = { StringEquals = { "kms:ViaService" = "${via}" } }
      },
    ]
  })
}
`;

test('a Terraform file: the key policy of aws_kms_key.datastore compared by evaluation', async () => {
  const lost = await hlkms(['diff', 'old.tf', 'new.tf'], { 'old.tf': tf('healthlake.us-east-1.amazonaws.com'), 'new.tf': tf('healthlake.amazonaws.com') });
  assert.equal(lost.code, 1, lost.stdout + lost.stderr);
  assert.match(lost.stdout, /aws_kms_key\.datastore\.policy/);
  const same = await hlkms(['diff', 'old.tf', 'new.tf'], { 'old.tf': tf('healthlake.us-east-1.amazonaws.com'), 'new.tf': tf('healthlake.us-east-1.amazonaws.com').replace('Sid       = "HealthLake"', 'Sid       = "UseThroughHealthLake"') });
  assert.equal(same.code, 0, same.stdout + same.stderr);
});
