/**
 * Terraform `locals` in policies: `local.account_id` set to `data.aws_caller_identity.current.account_id` is this
 * account, a local built from other locals is read through them, in this file or another file of the module; what
 * a local leaves open stays undecided, never an error. A finding on a value from a local gets no automatic fix.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTf, prepared } from './terraformSupport';
import { describe, serious } from './support';
import { service } from '../../support/service';
import { terraformTrees } from '../../../server/src/service/hosts/terraform/host';

prepared();

const locals = `data "aws_caller_identity" "current" {}
data "aws_region" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  region     = data.aws_region.current.name
  creator    = "arn:aws:iam::\${local.account_id}:role/HealthLakeCreator"
  loop       = local.loop
}
`;

const key = (principal: string, via = 'healthlake.${local.region}.amazonaws.com') => `resource "aws_kms_key" "datastore" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "Root", Effect = "Allow", Principal = { AWS = "arn:aws:iam::\${local.account_id}:root" }, Action = "kms:*", Resource = "*" },
      {
        Sid       = "HealthLake"
        Effect    = "Allow"
        Principal = { AWS = ${principal} }
        Action    = ["kms:CreateGrant", "kms:DescribeKey", "kms:GenerateDataKey", "kms:Decrypt"]
        Resource  = "*"
        Condition = { StringEquals = { "kms:ViaService" = "${via}", "kms:CallerAccount" = local.account_id } }
      },
    ]
  })
}

resource "awscc_healthlake_fhir_datastore" "store" {
  datastore_type_version = "R4"
  sse_configuration = {
    kms_encryption_config = { cmk_type = "CUSTOMER_MANAGED_KMS_KEY", kms_key_id = aws_kms_key.datastore.arn }
  }
}
`;

test('locals for the account, the Region and a role decide the verdict: nothing undecided, nothing wrong', () => {
  const text = locals + key('local.creator');
  const { findings } = analyzeTf(text);
  assert.deepEqual(serious(findings), [], describe(text, findings));
  assert.equal(findings.filter((f) => /undecided|leaves open/.test(f.message)).length, 0, describe(text, findings));
  const verdict = findings.find((f) => f.ruleId === 'datastore-key-verdict');
  assert.match(verdict?.message ?? '', /account \$\{data\.aws_caller_identity\.current\.account_id\}: create iam, write iam, read iam; role\/HealthLakeCreator: create direct, write direct, read direct\./);
});

test('locals from another file of the module are read too', () => {
  const { findings } = analyzeTf(key('local.creator'), { 'locals.tf': locals });
  assert.match(findings.find((f) => f.ruleId === 'datastore-key-verdict')?.message ?? '', /role\/HealthLakeCreator: create direct/);
});

test('a mistake in what a local holds is reported where the policy uses it, without an automatic fix', () => {
  const text = locals.replace('role/HealthLakeCreator', 'HealthLakeCreator') + key('local.creator');
  const { findings } = analyzeTf(text);
  const principal = findings.find((f) => f.ruleId === 'principal-format');
  assert.ok(principal, describe(text, findings));
  assert.equal(text.slice(principal.offset, principal.offset + principal.length), 'local.creator');
  assert.deepEqual(principal.data?.fixes ?? [], []);
});

test('a local that refers to itself, or one the module does not define, stays an open reference', () => {
  for (const principal of ['local.loop', 'local.nowhere']) {
    const text = locals + key(principal);
    const { findings } = analyzeTf(text);
    assert.deepEqual(serious(findings), [], describe(text, findings));
    assert.match(findings.find((f) => f.ruleId === 'datastore-key-verdict')?.message ?? '', /undecided/);
  }
});

test('typing in the locals of an open file re-checks the policies that read them', () => {
  const engine = service({ healthLake: true });
  const uri = 'file:///module/main.tf';
  let text = locals + key('local.creator');
  terraformTrees.open(uri, text);
  try {
    const principalErrors = () => engine.analyze({ uri, text })!.findings.filter((f) => f.ruleId === 'principal-format').length;
    assert.equal(principalErrors(), 0);
    const at = text.indexOf('role/HealthLakeCreator');
    const pos = (o: number) => { const before = text.slice(0, o).split('\n'); return { line: before.length - 1, character: before.at(-1)!.length }; };
    text = terraformTrees.update(uri, [{ range: { start: pos(at), end: pos(at + 'role/'.length) }, text: '' }])!;
    assert.equal(principalErrors(), 1);
    text = terraformTrees.update(uri, [{ range: { start: pos(at), end: pos(at) }, text: 'role/' }])!;
    assert.equal(principalErrors(), 0);
  } finally {
    terraformTrees.close(uri);
  }
});

/** A key policy held in a local (the guide's two mistakes in it), and the key that uses it as `use`. */
const policyLocal = `data "aws_caller_identity" "current" {}

locals {
  default_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "Root", Effect = "Allow", Principal = { AWS = "arn:aws:iam::\${data.aws_caller_identity.current.account_id}:root" }, Action = "kms:*", Resource = "*" },
      {
        Sid       = "HealthLake"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::\${data.aws_caller_identity.current.account_id}:role/Fhir" }
        Action    = ["kms:DescribeKey", "kms:CreateGrant", "kms:GenerateDataKey"]
        Resource  = "*"
        Condition = { StringEquals = { "kms:ViaService" = "healthlake.amazonaws.com" } }
      },
    ]
  })
}
`;
const keyUsing = (policy: string) => `variable "policy" {
  type    = string
  default = ""
}

resource "aws_kms_key" "fhir" {
  policy = ${policy}
}

resource "awscc_healthlake_fhir_datastore" "store" {
  datastore_type_version = "R4"
  sse_configuration = {
    kms_encryption_config = { cmk_type = "CUSTOMER_MANAGED_KMS_KEY", kms_key_id = aws_kms_key.fhir.arn }
  }
}
`;

test('a key policy held in a local is checked where the local writes it: alone, as the default of a conditional, in coalesce', () => {
  for (const use of ['local.default_policy', 'var.policy != "" ? var.policy : local.default_policy', 'coalesce(var.policy, local.default_policy)']) {
    const text = policyLocal + keyUsing(use);
    const { findings, analysis } = analyzeTf(text);
    assert.deepEqual(analysis.sites.map((s) => [s.site.name, s.kind]), [['local.default_policy', 'key-policy']], use);
    assert.deepEqual(serious(findings).map((f) => [f.ruleId, text.slice(f.offset, f.offset + f.length)]), [
      ['healthlake-missing-action', '["kms:DescribeKey", "kms:CreateGrant", "kms:GenerateDataKey"]'],
      ['healthlake-via-service', '"healthlake.amazonaws.com"'],
    ], `${use}\n${describe(text, findings)}`);
    assert.ok(findings.some((f) => f.ruleId === 'datastore-key-verdict'), 'the data store is linked to the key through the local');
  }
});

test('a policy local in another file of the module is checked in its own file, as the kind its use gives it', () => {
  const { findings, analysis } = analyzeTf(policyLocal, { 'main.tf': keyUsing('var.policy == "" ? local.default_policy : var.policy') }, 'policy.tf');
  assert.deepEqual(analysis.sites.map((s) => [s.site.name, s.kind]), [['local.default_policy', 'key-policy']]);
  assert.deepEqual(serious(findings).map((f) => f.ruleId), ['healthlake-missing-action', 'healthlake-via-service'], describe(policyLocal, findings));
  // Nothing else in the file is a policy: a local without a Statement is not one, and the key's own file has no site.
  assert.deepEqual(analyzeTf(keyUsing('local.default_policy'), { 'policy.tf': policyLocal }).analysis.sites, []);
});

test('the KMS registry module given a policy local: the local is its key policy', () => {
  const text = `${policyLocal}
module "kms" {
  source  = "terraform-aws-modules/kms/aws"
  version = "~> 3.0"
  policy  = local.default_policy
}
`;
  const { findings, analysis } = analyzeTf(text);
  assert.deepEqual(analysis.sites.map((s) => [s.site.name, s.kind]), [['local.default_policy', 'key-policy']]);
  assert.deepEqual(serious(findings).map((f) => f.ruleId), ['healthlake-missing-action', 'healthlake-via-service'], describe(text, findings));
});

test('a local whose JSON only mentions a Statement (not a policy) is no policy site', () => {
  const text = `locals {
  notes    = jsonencode({ Comment = "Statement of work", Items = ["a"] })
  nested   = jsonencode({ Config = { Statement = "x" } })
  greeting = "Statement: hello"
}
`;
  assert.deepEqual(analyzeTf(text).analysis.sites, []);
});

test('jsonencode(local.key_policy) of a policy object written in locals: the object is the key policy, and its fix edits the local', () => {
  const text = policyLocal.replace('default_policy = jsonencode({', 'key_policy = {').replace(/\n  }\)\n}\n$/, '\n  }\n}\n') + keyUsing('jsonencode(local.key_policy)');
  const { findings, analysis, service: engine } = analyzeTf(text);
  assert.deepEqual(analysis.sites.map((s) => [s.site.name, s.kind]), [['local.key_policy', 'key-policy']], text);
  const missing = findings.find((f) => f.ruleId === 'healthlake-missing-action');
  assert.ok(missing, describe(text, findings));
  const fix = missing.data?.fixes?.[0];
  assert.ok(fix);
  const fixed = fix.edits.reduceRight((t, e) => t.slice(0, e.offset) + e.content + t.slice(e.offset + e.length), text);
  assert.match(fixed, /Action {4}= \["kms:DescribeKey", "kms:CreateGrant", "kms:GenerateDataKey", "kms:Decrypt"\]/);
  assert.equal(engine.analyze({ uri: 'file:///module/main.tf', text: fixed })!.findings.filter((f) => f.ruleId === 'healthlake-missing-action').length, 0);
});

test('a policy object in locals that does not parse gives no policy-shape finding: a local may be an object', () => {
  const text = `locals {
  key_policy = {
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "kms:*" Resource = "*" }]
  }
}

resource "aws_kms_key" "k" {
  policy = jsonencode(local.key_policy)
}
`;
  const { findings } = analyzeTf(text);
  assert.deepEqual(findings.filter((f) => f.ruleId === 'policy-shape'), [], describe(text, findings));
});

test('a local that a policy argument fills in (replace, format) is a template, not a policy: silence, as for a local nothing uses', () => {
  const template = `locals {
  policy_template = <<EOT
{
  "Version": "2012-10-17",
  "Statement": [
    { "Sid": "Root", "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::ACCOUNT_ID:root" }, "Action": "kms:*", "Resource": "*" }
  ]
}
EOT
}
`;
  for (const use of ['replace(local.policy_template, "ACCOUNT_ID", var.account_id)', 'format(local.policy_template)']) {
    const text = `${template}\nresource "aws_kms_key" "k" {\n  policy = ${use}\n}\n`;
    const { findings, analysis } = analyzeTf(text);
    assert.deepEqual(analysis.sites, [], use);
    assert.deepEqual(findings, [], describe(text, findings));
  }
  assert.deepEqual(analyzeTf(template).analysis.sites, [], 'a policy local nothing uses');
});
