/** Terraform through the whole engine: findings on host lines, fixes as HCL edits, HealthLake data stores, modules. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits } from '../../../server/src/service/edits';
import { analyzeTf, lineOf, prepared, textAt } from './terraformSupport';

prepared();

const guide = `data "aws_caller_identity" "current" {}

resource "aws_kms_key" "healthlake" {
  description = "HealthLake data store key"
  policy = jsonencode({
    Version = "2012-10-17"
    Id      = "key-healthlake-guide-example"
    Statement = [
      {
        Sid       = "Enable IAM policies"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::\${data.aws_caller_identity.current.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Effect = "Allow"
        Principal = {
          AWS = "arn:aws:iam::\${data.aws_caller_identity.current.account_id}:HealthLakeFullAccessRole"
        }
        Action = [
          "kms:CreateGrant",
          "kms:GenerateDataKey",
          "kms:DescribeKey"
        ]
        Resource = "*"
        Condition = {
          StringEquals = {
            "kms:ViaService"    = "healthlake.amazonaws.com"
            "kms:CallerAccount" = data.aws_caller_identity.current.account_id
          }
        }
      }
    ]
  })
}
`;
const lineNumber = (needle: string) => guide.split('\n').findIndex((l) => l.includes(needle)) + 1;

test('the HealthLake guide\'s example in jsonencode: the principal and kms:ViaService on their own lines, nothing on the account root', () => {
  const { findings } = analyzeTf(guide);
  const principal = findings.find((f) => f.ruleId === 'principal-format');
  const via = findings.find((f) => f.ruleId === 'healthlake-via-service');
  assert.ok(principal && via, findings.map((f) => f.ruleId).join());
  assert.equal(textAt(guide, principal), '"arn:aws:iam::${data.aws_caller_identity.current.account_id}:HealthLakeFullAccessRole"');
  assert.equal(lineOf(guide, principal.offset), lineNumber(':HealthLakeFullAccessRole'));
  assert.equal(textAt(guide, via), '"healthlake.amazonaws.com"');
  assert.equal(lineOf(guide, via.offset), lineNumber('"kms:ViaService"'));
  const rootLine = lineNumber(':root"');
  assert.deepEqual(findings.filter((f) => lineOf(guide, f.offset) === rootLine || (f.severity !== 'info' && f.severity !== 'hint' && /lockout|account-root|public/.test(f.ruleId))), []);
});

test('the preferred kms:ViaService fix edits that one line', () => {
  const { findings } = analyzeTf(guide);
  const via = findings.find((f) => f.ruleId === 'healthlake-via-service')!;
  const fix = via.data?.fixes?.find((f) => f.preferred);
  assert.ok(fix, 'a preferred fix');
  const after = applyEdits(guide, fix.edits);
  const before = guide.split('\n');
  const changed = after.split('\n').flatMap((l, i) => (l === before[i] ? [] : [i + 1]));
  assert.equal(after.split('\n').length, before.length);
  assert.deepEqual(changed, [lineNumber('"kms:ViaService"')]);
  assert.match(after, /"kms:ViaService" {4}= "healthlake\.us-east-1\.amazonaws\.com"/);
  assert.equal(analyzeTf(after).findings.filter((f) => f.ruleId === 'healthlake-via-service').length, 0);
});

test('every fix of the guide\'s findings writes HCL that still reads as the same policy site', () => {
  let text = guide;
  const applied: string[] = [];
  for (let round = 0; round < 8; round++) {
    const next = analyzeTf(text).findings.find((f) => (f.severity === 'error' || f.severity === 'warning') && f.data?.fixes?.length);
    if (!next) break;
    const fix = next.data!.fixes!.find((f) => f.preferred) ?? next.data!.fixes![0]!;
    text = applyEdits(text, fix.edits);
    applied.push(next.ruleId);
    assert.equal(analyzeTf(text).analysis.sites.length, 1, `after fixing ${next.ruleId}:\n${text}`);
  }
  assert.ok(applied.includes('healthlake-via-service') && applied.includes('healthlake-missing-action'), applied.join());
  const left = analyzeTf(text).findings.filter((f) => f.severity === 'error' || f.severity === 'warning');
  assert.deepEqual(left.filter((f) => applied.includes(f.ruleId)).map((f) => f.ruleId), [], text);
  assert.match(text, /"kms:Decrypt"/);
});

const cleanModule = {
  'kms.tf': `data "aws_caller_identity" "current" {}
data "aws_region" "current" {}

# The data store's key; its policy is in policies.tf.
resource "aws_kms_key" "healthlake" {
  description         = "HealthLake FHIR data store key"
  enable_key_rotation = true
  policy              = data.aws_iam_policy_document.key.json
}

resource "awscc_healthlake_fhir_datastore" "fhir" {
  datastore_type_version = "R4"
  sse_configuration = {
    kms_encryption_config = {
      cmk_type   = "CUSTOMER_MANAGED_KMS_KEY"
      kms_key_id = aws_kms_key.healthlake.arn
    }
  }
}

resource "aws_iam_policy" "creator" {
  name = "healthlake-creator"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "UseTheKey"
        Effect   = "Allow"
        Action   = ["kms:CreateGrant", "kms:DescribeKey", "kms:GenerateDataKey", "kms:Decrypt"]
        Resource = aws_kms_key.healthlake.arn
      },
      {
        Sid      = "HealthLake"
        Effect   = "Allow"
        Action   = ["healthlake:CreateFHIRDatastore", "healthlake:DescribeFHIRDatastore"]
        Resource = "*"
      }
    ]
  })
}
`,
  'policies.tf': `variable "creator_role_arn" {
  type        = string
  description = "The role that creates the data store"
}

data "aws_iam_policy_document" "key" {
  statement {
    sid       = "EnableIAMPolicies"
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::\${data.aws_caller_identity.current.account_id}:root"]
    }
  }

  statement {
    sid       = "HealthLakeCreator"
    actions   = ["kms:CreateGrant", "kms:DescribeKey", "kms:GenerateDataKey", "kms:Decrypt"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = [var.creator_role_arn]
    }
    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["healthlake.\${data.aws_region.current.name}.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "kms:CallerAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }

  dynamic "statement" {
    for_each = var.reader_role_arns
    content {
      sid       = "Reader\${statement.key}"
      actions   = ["kms:Decrypt", "kms:DescribeKey"]
      resources = ["*"]
      principals {
        type        = "AWS"
        identifiers = [statement.value]
      }
    }
  }
}
`,
};

test('a clean module split over files, with var.creator_role_arn and a dynamic statement, gets no error or warning', () => {
  for (const [name, text] of Object.entries(cleanModule)) {
    const others = Object.fromEntries(Object.entries(cleanModule).filter(([n]) => n !== name));
    const { analysis, findings } = analyzeTf(text, others, name);
    assert.ok(analysis.sites.length >= 1, name);
    assert.deepEqual(findings.filter((f) => f.severity === 'error' || f.severity === 'warning').map((f) => `${f.ruleId}: ${f.message}`), [], name);
  }
  const { analysis } = analyzeTf(cleanModule['policies.tf'], { 'kms.tf': cleanModule['kms.tf'] }, 'policies.tf');
  assert.equal(analysis.sites[0]!.kind, 'key-policy');
  assert.equal(analysis.sites[0]!.site.healthLake?.datastore, 'awscc_healthlake_fhir_datastore.fhir (kms.tf)');
});

test('a key used by the module\'s HealthLake data store gets the HealthLake checks; an AWS owned key gets none', () => {
  const key = (cmk: string) => `data "aws_caller_identity" "current" {}
resource "aws_kms_key" "k" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "Root", Effect = "Allow", Principal = { AWS = "arn:aws:iam::\${data.aws_caller_identity.current.account_id}:root" }, Action = "kms:*", Resource = "*" },
      { Sid = "Writer", Effect = "Allow", Principal = { AWS = "arn:aws:iam::\${data.aws_caller_identity.current.account_id}:role/Writer" }, Action = ["kms:Encrypt", "kms:DescribeKey"], Resource = "*" },
    ]
  })
}
resource "awscc_healthlake_fhir_datastore" "fhir" {
  datastore_type_version = "R4"
  sse_configuration = {
    kms_encryption_config = {
      cmk_type   = "${cmk}"
      kms_key_id = aws_kms_key.k.arn
    }
  }
}
`;
  const customer = analyzeTf(key('CUSTOMER_MANAGED_KMS_KEY')).findings.filter((f) => f.ruleId.startsWith('healthlake-'));
  assert.deepEqual(customer.map((f) => f.ruleId), ['healthlake-missing-action']);
  assert.equal(analyzeTf(key('AWS_OWNED_KMS_KEY')).findings.filter((f) => f.ruleId.startsWith('healthlake-')).length, 0);
});
