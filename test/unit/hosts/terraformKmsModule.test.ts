/**
 * The terraform-aws-modules/kms registry module as a key policy site: which calls are read (source forms, version
 * pins), the statements the module builds from its inputs (checked by evaluation: lockout, HealthLake verdicts),
 * `key_statements` in the forms each major reads, findings on the input lines, inputs the file cannot know, the
 * `policy` input, and `module.x.key_arn` linking a HealthLake data store.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pinnedMajor } from '../../../server/src/service/hosts/terraform/kmsModule';
import { analyzeTf, lineOf, plain, prepared, sitesOf, textAt } from './terraformSupport';

prepared();

const kms = (body: string, head = 'source  = "terraform-aws-modules/kms/aws"\n  version = "~> 3.0"') => `module "kms" {\n  ${head}\n\n${body}\n}\n`;
const STORE = `
resource "awscc_healthlake_fhir_datastore" "fhir" {
  datastore_type_version = "R4"
  sse_configuration = {
    kms_encryption_config = {
      cmk_type   = "CUSTOMER_MANAGED_KMS_KEY"
      kms_key_id = module.kms.key_arn
    }
  }
}
`;
/** Errors and warnings, as `line rule`. */
const problems = (text: string, files: Record<string, string> = {}) =>
  analyzeTf(text, files).findings.filter((f) => f.severity !== 'info').map((f) => `${lineOf(text, f.offset)} ${f.ruleId}`);
/** The line of the first occurrence of `needle`. */
const line = (text: string, needle: string) => lineOf(text, text.indexOf(needle));
const verdict = (text: string, files: Record<string, string> = {}) => analyzeTf(text, files).findings.find((f) => f.ruleId === 'datastore-key-verdict');

const VIA_SERVICE = `  key_statements = [
    {
      sid       = "HealthLake"
      actions   = ["kms:Decrypt", "kms:GenerateDataKey*", "kms:DescribeKey", "kms:CreateGrant"]
      resources = ["*"]
      principals = [
        {
          type        = "AWS"
          identifiers = ["arn:aws:iam::\${data.aws_caller_identity.current.account_id}:role/HealthLakeWriter"]
        }
      ]
      conditions = [
        {
          test     = "StringEquals"
          variable = "kms:ViaService"
          values   = ["healthlake.amazonaws.com"]
        }
      ]
    }
  ]`;

test('the module by its registry address, with a registry host, or by its Git repository; other modules and subfolders are not read', () => {
  for (const head of [
    'source = "terraform-aws-modules/kms/aws"',
    'source  = "registry.terraform.io/terraform-aws-modules/kms/aws"\n  version = "2.1.0"',
    'source = "git::https://github.com/terraform-aws-modules/terraform-aws-kms.git?ref=v3.1.0"',
    'source = "github.com/terraform-aws-modules/terraform-aws-kms?ref=v2.2.1"',
    'source = "git@github.com:terraform-aws-modules/terraform-aws-kms.git"',
  ]) {
    assert.deepEqual(sitesOf(kms('  key_users = ["arn:aws:iam::111122223333:role/u"]', head)).map((s) => [s.name, s.kind]), [['module.kms.key_policy', 'key-policy']], head);
  }
  for (const head of ['source = "cloudposse/kms-key/aws"', 'source = "terraform-aws-modules/kms/aws//wrappers"', 'source = "./modules/kms"', 'source = var.kms_source']) {
    const text = kms('  policy = "not a policy"\n  key_users = ["arn:aws:iam::111122223333:HealthLakeRole"]', head);
    assert.deepEqual(sitesOf(text), [], head);
    assert.deepEqual(analyzeTf(text).findings, [], head);
  }
});

test('version pins: the majors 1 to 4 are read, a pin that allows only later majors leaves the module opaque and silent', () => {
  assert.equal(pinnedMajor('~> 2.0'), 2);
  assert.equal(pinnedMajor('3.1.0'), 3);
  assert.equal(pinnedMajor('= 4.0.1'), 4);
  assert.equal(pinnedMajor('v1.5.0'), 1);
  assert.equal(pinnedMajor('>= 1.5, < 3.0'), undefined);
  assert.equal(pinnedMajor('>= 2.1, < 3.0'), 2);
  assert.equal(pinnedMajor('>= 1.5'), undefined);
  assert.equal(pinnedMajor('~> 5.0'), null);
  assert.equal(pinnedMajor('>= 5'), null);
  assert.equal(pinnedMajor('< 1.0'), null);
  const later = kms('  enable_default_policy = false\n  key_users = ["arn:aws:iam::111122223333:role/u"]', 'source  = "terraform-aws-modules/kms/aws"\n  version = "~> 5.0"');
  assert.deepEqual(sitesOf(later), []);
  assert.deepEqual(analyzeTf(later).findings, []);
});

test('the default policy gives the account root kms:*: lockout is safe, and the data store using module.kms.key_arn is linked to it', () => {
  const text = kms('  description = "FHIR key"') + STORE;
  const [site] = sitesOf(text);
  assert.deepEqual(plain(site!.value), {
    Version: '2012-10-17',
    Statement: [{ Sid: 'Default', Effect: 'Allow', Action: ['kms:*'], Resource: '*', Principal: { AWS: 'arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root' } }],
  });
  assert.equal(site!.healthLake?.datastore, 'awscc_healthlake_fhir_datastore.fhir');
  assert.deepEqual(problems(text), []);
  const v = verdict(text);
  assert.ok(v);
  assert.equal(textAt(text, v), 'module.kms.key_arn');
  assert.match(v.message, /module\.kms\.key_policy/);
  assert.match(v.message, /account \$\{data\.aws_caller_identity\.current\.account_id\}: create iam, write iam, read iam/);
});

test('key_id and the aliases output link the data store too; a key from another module does not', () => {
  for (const ref of ['module.kms.key_id', 'module.kms.aliases["healthlake"].target_key_arn']) {
    assert.ok(verdict(kms('') + STORE.replace('module.kms.key_arn', ref)), ref);
  }
  assert.equal(verdict(kms('') + STORE.replace('module.kms.key_arn', 'module.other.key_arn')), undefined);
  // An alias resource that targets the module's key.
  const alias = 'resource "aws_kms_alias" "fhir" {\n  name          = "alias/fhir"\n  target_key_id = module.kms.key_id\n}\n';
  assert.ok(verdict(kms('') + alias + STORE.replace('module.kms.key_arn', 'aws_kms_alias.fhir.arn')));
});

test('a data store in another file of the module links the same way', () => {
  const text = kms('  key_users = ["arn:aws:iam::111122223333:role/Writer"]');
  const site = analyzeTf(text, { 'datastore.tf': STORE }).analysis.sites[0]!.site;
  assert.equal(site.healthLake?.datastore, 'awscc_healthlake_fhir_datastore.fhir (datastore.tf)');
  const v = verdict(text, { 'datastore.tf': STORE });
  assert.match(v?.message ?? '', /role\/Writer: create (direct|iam|no|undecided), write direct, read direct/);
});

test('the default statement turned off: lockout when nobody else administers the key, shown on enable_default_policy', () => {
  const users = '  key_users = ["arn:aws:iam::111122223333:role/User"]';
  const off = kms(`  enable_default_policy = false\n${users}`);
  assert.deepEqual(problems(off), [`${line(off, 'enable_default_policy')} lockout-put-key-policy`]);
  // Owners or administrators keep control; a list the file cannot know may hold one.
  for (const keep of ['key_owners = ["arn:aws:iam::111122223333:role/Owner"]', 'key_administrators = ["arn:aws:iam::111122223333:role/Admin"]', 'key_owners = var.key_owners', 'key_administrators = concat(var.admins, [aws_iam_role.admin.arn])']) {
    assert.deepEqual(problems(kms(`  enable_default_policy = false\n  ${keep}\n${users}`)), [], keep);
  }
  assert.deepEqual(problems(kms(`  enable_default_policy = var.default_policy\n${users}`)), []);
  // Empty lists leave their statements out.
  const empty = kms(`  enable_default_policy = false\n  key_owners = []\n  key_administrators = null\n${users}`);
  assert.deepEqual(problems(empty), [`${line(empty, 'enable_default_policy')} lockout-put-key-policy`]);
});

test('the statements each principal input adds, as the module writes them', () => {
  const text = kms(`  enable_default_policy = false
  key_owners = ["arn:aws:iam::111122223333:role/Owner"]
  key_administrators = ["arn:aws:iam::111122223333:role/Admin"]
  key_users = ["arn:aws:iam::111122223333:role/User"]
  key_service_users = ["arn:aws:iam::111122223333:role/Service"]
  key_service_roles_for_autoscaling = ["arn:aws:iam::111122223333:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling"]
  key_symmetric_encryption_users = ["arn:aws:iam::111122223333:role/Sym"]
  key_hmac_users = ["arn:aws:iam::111122223333:role/Hmac"]
  key_asymmetric_public_encryption_users = ["arn:aws:iam::111122223333:role/Pub"]
  key_asymmetric_sign_verify_users = ["arn:aws:iam::111122223333:role/Sign"]`);
  const statements = (plain(sitesOf(text)[0]!.value) as { Statement: { Sid: string; Action: string[]; Condition?: unknown }[] }).Statement;
  assert.deepEqual(statements.map((s) => s.Sid), ['KeyOwner', 'KeyAdministration', 'KeyUsage', 'KeyServiceUsage', 'KeyServiceRolesASG', 'KeyServiceRolesASGPersistentVol', 'KeySymmetricEncryption', 'KeyHMAC', 'KeyAsymmetricPublicEncryption', 'KeyAsymmetricSignVerify']);
  assert.deepEqual(statements[3]!.Condition, { Bool: { 'kms:GrantIsForAWSResource': 'true' } });
  assert.ok(statements[1]!.Action.includes('kms:Put*') && statements[1]!.Action.includes('kms:ScheduleKeyDeletion'));
  // The module's own statements raise nothing but the note that, with the default statement off, IAM policies cannot grant use.
  assert.deepEqual(problems(text), []);
  assert.deepEqual(analyzeTf(text).findings.map((f) => f.ruleId), ['account-root-missing']);
});

test('a principal mistake in an input lands on that item', () => {
  const text = kms('  key_administrators = ["arn:aws:iam::111122223333:role/Admin", "arn:aws:iam::111122223333:HealthLakeRole"]');
  const [f, ...rest] = analyzeTf(text).findings;
  assert.equal(f?.ruleId, 'principal-format');
  assert.equal(textAt(text, f!), '"arn:aws:iam::111122223333:HealthLakeRole"');
  assert.deepEqual(rest, []);
});

test('a global kms:ViaService in key_statements: one warning, on its values line, none elsewhere', () => {
  for (const [head, body] of [
    ['source  = "terraform-aws-modules/kms/aws"\n  version = "~> 3.0"', VIA_SERVICE],
    ['source  = "terraform-aws-modules/kms/aws"\n  version = "~> 4.0"', VIA_SERVICE.replace('conditions =', 'condition =')],
    // A role the module defines, by reference.
    ['source  = "terraform-aws-modules/kms/aws"\n  version = "~> 3.0"', VIA_SERVICE.replace(/"arn:aws:iam::[^"]*HealthLakeWriter"/, 'aws_iam_role.writer.arn')],
    ['source  = "terraform-aws-modules/kms/aws"', VIA_SERVICE.replace('conditions =', 'condition =')],
    // Before major 4 a map of statements is read too (for_each over its values).
    ['source  = "terraform-aws-modules/kms/aws"\n  version = "2.2.0"', VIA_SERVICE.replace('key_statements = [\n    {', 'key_statements = {\n    healthlake = {').replace(/\n {2}\]$/, '\n  }')],
  ] as const) {
    const text = kms(body, head) + STORE;
    assert.deepEqual(problems(text), [`${line(text, 'values   = ["healthlake.amazonaws.com"]')} healthlake-via-service`], `${head}\n${body}`);
    const f = analyzeTf(text).findings.find((x) => x.ruleId === 'healthlake-via-service')!;
    assert.equal(textAt(text, f), '"healthlake.amazonaws.com"');
    assert.ok(verdict(text), 'linked to the data store');
  }
});

test('each major reads its own name for the conditions: conditions before 4, condition from 4 on; the other name is reported', () => {
  const v3 = kms(VIA_SERVICE.replace('conditions =', 'condition ='), 'source  = "terraform-aws-modules/kms/aws"\n  version = "~> 3.0"');
  const v4 = kms(VIA_SERVICE, 'source  = "terraform-aws-modules/kms/aws"\n  version = "~> 4.0"');
  for (const [text, read, written] of [[v3, 'conditions', 'condition'], [v4, 'condition', 'conditions']] as const) {
    const statement = (plain(sitesOf(text)[0]!.value) as { Statement: { Sid: string; Condition?: unknown }[] }).Statement.find((s) => s.Sid === 'HealthLake');
    assert.equal(statement?.Condition, undefined, 'the module ignores the other name');
    // One finding, on the name the module ignores, with the rename as its fix; nothing about the conditions it drops.
    const [f, ...rest] = analyzeTf(text).findings;
    assert.deepEqual(rest, []);
    assert.equal(f?.ruleId, 'terraform-module-input');
    assert.equal(f.severity, 'warning');
    assert.equal(textAt(text, f), written);
    assert.match(f.message, new RegExp(`reads a key statement's conditions from \`${read}\` and ignores \`${written}\`.*applies with none of these conditions`));
    const edit = f.data!.fixes![0]!.edits[0]!;
    const fixed = text.slice(0, edit.offset) + edit.content + text.slice(edit.offset + edit.length);
    assert.deepEqual(analyzeTf(fixed).findings.map((x) => x.ruleId), ['healthlake-via-service'], 'the conditions now read, and the global ViaService value with them');
  }
  // Unpinned, either name is read and neither is reported.
  assert.deepEqual(analyzeTf(kms(VIA_SERVICE, 'source = "terraform-aws-modules/kms/aws"')).findings.map((x) => x.ruleId), ['healthlake-via-service']);
});

test('key_statements written the way modules write them: effect defaults to Allow, nulls are unset, principals and conditions merge', () => {
  const text = kms(`  key_statements = [
    {
      sid           = "Logs"
      effect        = null
      actions       = ["kms:Encrypt*", "kms:Decrypt*"]
      not_actions   = null
      resources     = ["*"]
      principals    = [{ type = "Service", identifiers = ["logs.\${data.aws_region.current.name}.amazonaws.com"] }, { type = "Service", identifiers = ["delivery.logs.amazonaws.com"] }]
      conditions    = [
        { test = "ArnLike", variable = "kms:EncryptionContext:aws:logs:arn", values = ["arn:aws:logs:\${data.aws_region.current.name}:\${data.aws_caller_identity.current.account_id}:log-group:*"] },
      ]
    },
    {
      sid        = "Deny"
      effect     = "Deny"
      actions    = ["kms:ScheduleKeyDeletion"]
      resources  = ["*"]
      principals = [{ type = "*", identifiers = ["*"] }]
    },
  ]`);
  const statements = (plain(sitesOf(text)[0]!.value) as { Statement: unknown[] }).Statement;
  assert.deepEqual(statements.slice(1), [
    { Sid: 'Logs', Effect: 'Allow', Action: ['kms:Encrypt*', 'kms:Decrypt*'], Resource: ['*'], Principal: { Service: ['logs.${data.aws_region.current.name}.amazonaws.com', 'delivery.logs.amazonaws.com'] }, Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': ['arn:aws:logs:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:log-group:*'] } } },
    { Sid: 'Deny', Effect: 'Deny', Action: ['kms:ScheduleKeyDeletion'], Resource: ['*'], Principal: '*' },
  ]);
  assert.deepEqual(problems(text), []);
});

test('inputs the file cannot know are statements that may exist: no finding, no lockout, no verdict built on them', () => {
  for (const body of [
    '  key_statements = var.key_statements',
    '  key_statements = [var.statement, local.other]',
    '  key_statements = concat(local.base, [for s in var.extra : s])',
    '  key_statements = var.enabled ? [{ sid = "X", actions = ["kms:Decrypt", "kms:DescribeKey", "kms:CreateGrant", "kms:GenerateDataKey"], resources = ["*"], principals = [{ type = "AWS", identifiers = [var.role] }] }] : []',
    '  key_statements = [{ sid = "X", actions = var.actions, resources = ["*"], principals = var.principals, conditions = var.conditions }]',
    '  source_policy_documents = [data.aws_iam_policy_document.base.json]\n  override_policy_documents = var.overrides',
    '  key_users = var.users\n  key_owners = local.owners',
  ]) {
    for (const off of ['', '  enable_default_policy = false\n']) {
      const text = kms(off + body) + STORE;
      assert.deepEqual(problems(text), [], text);
    }
  }
});

test('create = false builds no key; the policy input is the key policy instead of the built one', () => {
  assert.deepEqual(sitesOf(kms('  create = false\n  key_users = ["x"]')), []);
  const text = kms(`  key_users = ["arn:aws:iam::111122223333:role/User"]
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Sid = "Root", Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:HealthLakeRole" }, Action = "kms:*", Resource = "*" }]
  })`) + STORE;
  const sites = sitesOf(text);
  assert.deepEqual(sites.map((s) => [s.name, s.kind]), [['module.kms.policy', 'key-policy']]);
  assert.equal(sites[0]!.healthLake?.datastore, 'awscc_healthlake_fhir_datastore.fhir');
  const f = analyzeTf(text).findings.find((x) => x.ruleId === 'principal-format');
  assert.equal(textAt(text, f!), '"arn:aws:iam::111122223333:HealthLakeRole"');
  // A policy from elsewhere: the module's own statements are not what the key gets, so nothing is read.
  assert.deepEqual(sitesOf(kms('  policy = var.key_policy\n  enable_default_policy = false\n  key_users = ["x"]')), []);
});

test('a policy document passed as the policy input is a key policy, linked to the data store', () => {
  const text = `${kms('  policy = data.aws_iam_policy_document.key.json')}
data "aws_iam_policy_document" "key" {
  statement {
    sid       = "Root"
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
  }
}
${STORE}`;
  const sites = sitesOf(text);
  assert.deepEqual(sites.map((s) => [s.name, s.kind]), [['data.aws_iam_policy_document.key', 'key-policy']]);
  assert.equal(sites[0]!.healthLake?.datastore, 'awscc_healthlake_fhir_datastore.fhir');
});

test('the DNSSEC statements with enable_route53_dnssec, their source conditions open', () => {
  const text = kms('  enable_route53_dnssec = true\n  route53_dnssec_sources = [{ account_ids = ["111122223333"] }]');
  const statements = (plain(sitesOf(text)[0]!.value) as { Statement: { Sid: string; Principal: unknown }[] }).Statement;
  assert.deepEqual(statements.map((s) => s.Sid), ['Default', 'Route53DnssecService', 'Route53DnssecGrant']);
  assert.deepEqual(statements[1]!.Principal, { Service: 'dnssec-route53.${data.aws_partition.current.dns_suffix}' });
  assert.deepEqual(problems(text), []);
});

test('a fix changes a value written in an input, in HCL, and never the structure the module builds', () => {
  const text = kms(VIA_SERVICE.replace('conditions =', 'condition ='), 'source  = "terraform-aws-modules/kms/aws"\n  version = "~> 4.0"\n  key_owners = ["arn:aws:iam::111122223333:role/Owner"]') + STORE;
  const f = analyzeTf(text).findings.find((x) => x.ruleId === 'healthlake-via-service')!;
  const fix = f.data?.fixes?.find((x) => x.preferred);
  assert.ok(fix, 'a fix is offered');
  assert.deepEqual(fix.edits.map((e) => [textAt(text, e), e.content]), [['"healthlake.amazonaws.com"', '"healthlake.us-east-1.amazonaws.com"']]);
  const fixed = text.slice(0, fix.edits[0]!.offset) + fix.edits[0]!.content + text.slice(fix.edits[0]!.offset + fix.edits[0]!.length);
  assert.deepEqual(problems(fixed), []);
  // Adding a statement (the lockout fix) would change what the module builds: not offered.
  const off = kms('  enable_default_policy = false\n  key_users = ["arn:aws:iam::111122223333:role/User"]');
  const lockout = analyzeTf(off).findings.find((x) => x.ruleId === 'lockout-put-key-policy');
  assert.deepEqual(lockout?.data?.fixes ?? [], []);
});

test("on a HealthLake key, the module's administrator, grant and HMAC statements are not taken as HealthLake's", () => {
  for (const body of [
    '  key_administrators = ["arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/Admin"]',
    '  key_administrators = [data.aws_iam_session_context.current.issuer_arn]',
    '  key_administrators = var.admins',
    '  key_service_users = [aws_iam_role.ec2.arn]',
    '  key_hmac_users = ["arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/Mac"]',
    '  enable_default_policy = false\n  key_owners = ["arn:aws:iam::111122223333:role/Owner"]\n  key_administrators = var.admins',
  ]) {
    const text = kms(body) + STORE;
    assert.deepEqual(problems(text), [], body);
    assert.ok(verdict(text), body);
  }
  // A key user is: without kms:CreateGrant it reads and writes but cannot create data stores (a note, not a warning).
  const users = kms('  key_users = [aws_iam_role.app.arn]') + STORE;
  assert.deepEqual(analyzeTf(users).findings.filter((f) => f.ruleId === 'healthlake-missing-action').map((f) => f.severity), ['info']);
});

test('a principal list chosen by a conditional: an empty branch leaves the statement out, it does not empty its Principal', () => {
  const users = '  key_users = ["arn:aws:iam::111122223333:role/User"]';
  assert.deepEqual(problems(kms('  key_users = var.on ? ["arn:aws:iam::111122223333:role/User"] : []')), []);
  // Owners that may be there keep lockout undecided; owners empty either way do not.
  assert.deepEqual(problems(kms(`  enable_default_policy = false\n  key_owners = var.on ? ["arn:aws:iam::111122223333:role/Owner"] : []\n${users}`)), []);
  const never = kms(`  enable_default_policy = false\n  key_owners = var.on ? [] : null\n${users}`);
  assert.deepEqual(problems(never), [`${line(never, 'enable_default_policy')} lockout-put-key-policy`]);
});
