/**
 * `data "template_file"` as a policy: `.rendered` (plain, indexed with `count`, inside `"${...}"`) gives the
 * template the kind of the policy it is used as; a template in a file of the module is linted there, one written in
 * place is a site of the `.tf` file; `vars` the file knows fill their placeholders (in `templatefile()` too).
 */
import { test } from 'node:test';
import fc from 'fast-check';
import assert from 'node:assert/strict';
import { registerHost } from '../../../server/src/service/hosts/api';
import { templateJson } from '../../../server/src/service/hosts/templateJson';
import { analyzeTf, folderOf, lineOf, plain, prepared, sitesOf, textAt } from './terraformSupport';
import { service } from '../../support/service';
import { fuzzParams } from '../../support/fuzz';

prepared();
registerHost(templateJson);

const KEY_TEMPLATE = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Admin",
      "Effect": "Allow",
      "Principal": {"AWS": "arn:aws:iam::\${account_id}:role/\${admin_role}"},
      "Action": "kms:*",
      "Resource": "*"
    },
    {
      "Sid": "Reader",
      "Effect": "Allow",
      "Principal": {"AWS": "arn:aws:iam::\${account_id}:HealthLakeRole"},
      "Action": "kms:Decrypt",
      "Resource": "*"
    }
  ]
}
`;

const templateBlock = (template: string, vars = '\n  vars = {\n    account_id = data.aws_caller_identity.current.account_id\n    admin_role = "KeyAdmin"\n  }') =>
  `data "aws_caller_identity" "current" {}\n\ndata "template_file" "policy" {\n  template = ${template}${vars}\n}\n`;

/** The template file linted as the folder's `.tf` files make it. */
function lintTemplate(tf: string, name = 'key-policy.json.tpl', text = KEY_TEMPLATE) {
  const analysis = service().analyze({ uri: `file:///module/${name}`, text, folder: folderOf({ 'main.tf': tf, [name]: text }) });
  assert.ok(analysis, 'read as a template');
  return analysis;
}

test('a template file rendered as a key policy is linted as one, wherever .rendered is written', () => {
  for (const use of ['data.template_file.policy.rendered', '"${data.template_file.policy.rendered}"', 'data.template_file.policy[0].rendered']) {
    const tf = `${templateBlock('file("${path.module}/key-policy.json.tpl")')}\nresource "aws_kms_key" "k" {\n  policy = ${use}\n}\n`;
    const analysis = lintTemplate(tf);
    assert.deepEqual(analysis.sites.map((s) => [s.site.name, s.site.kind]), [['main.tf: data.template_file.policy.rendered', 'key-policy']], use);
    const f = analysis.findings.find((x) => x.ruleId === 'principal-format');
    assert.equal(textAt(KEY_TEMPLATE, f!), '"arn:aws:iam::${account_id}:HealthLakeRole"', use);
  }
});

test('vars the file knows fill the placeholders: this account, a literal; the rest stay holes', () => {
  const tf = `${templateBlock('file("key-policy.json.tpl")')}\nresource "aws_kms_key" "k" {\n  policy = data.template_file.policy.rendered\n}\n`;
  const value = plain(lintTemplate(tf).sites[0]!.site.value) as { Statement: { Principal: { AWS: string } }[] };
  assert.equal(value.Statement[0]!.Principal.AWS, 'arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/KeyAdmin');
  const open = plain(lintTemplate(tf.replace('admin_role = "KeyAdmin"', 'admin_role = var.admin_role')).sites[0]!.site.value) as typeof value;
  assert.equal(open.Statement[0]!.Principal.AWS, 'arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/${admin_role}');
});

test('templatefile() vars fill the placeholders the same way', () => {
  const tf = 'resource "aws_kms_key" "k" {\n  policy = templatefile("${path.module}/key-policy.json.tpl", { account_id = "111122223333", admin_role = "KeyAdmin" })\n}\n';
  const value = plain(lintTemplate(tf).sites[0]!.site.value) as { Statement: { Principal: { AWS: string } }[] };
  assert.deepEqual(value.Statement.map((s) => s.Principal.AWS), ['arn:aws:iam::111122223333:role/KeyAdmin', 'arn:aws:iam::111122223333:HealthLakeRole']);
});

test('an inline template is a site of the .tf file, of the kind its consumers make it: aws_iam_role inline_policy, aws_kms_key_policy', () => {
  const inline = `<<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["kms:Decrypt"],
      "Resource": "arn:aws:kms:us-east-1:$\${account_id}:alias/healthlake"
    }
  ]
}
EOF`;
  const role = `${templateBlock(inline, '\n  vars = {\n    account_id = "111122223333"\n  }')}
resource "aws_iam_role" "r" {
  name               = "reader"
  assume_role_policy = data.aws_iam_policy_document.trust.json
  inline_policy {
    name   = "read"
    policy = data.template_file.policy.rendered
  }
}
`;
  assert.deepEqual(sitesOf(role).map((s) => [s.name, s.kind]), [['data.template_file.policy.rendered', 'identity-policy']]);
  const alias = analyzeTf(role).findings.filter((f) => f.severity !== 'info');
  assert.deepEqual(alias.map((f) => [f.ruleId, lineOf(role, f.offset)]), [['alias-resource', lineOf(role, role.indexOf(':alias/healthlake'))]]);
  assert.match(alias[0]!.message, /arn:aws:kms:us-east-1:111122223333:alias\/healthlake/);
  const keyPolicy = `${templateBlock(inline.replace('"Action"', '"Principal": {"AWS": "arn:aws:iam::$${account_id}:root"},\n      "Action"'), '')}
resource "aws_kms_key_policy" "p" {
  key_id = aws_kms_key.k.id
  policy = data.template_file.policy.rendered
}
`;
  assert.deepEqual(sitesOf(keyPolicy).map((s) => [s.name, s.kind]), [['data.template_file.policy.rendered', 'key-policy']]);
});

test('an inline template in a key policy links the HealthLake data store of the key', () => {
  const text = `data "template_file" "policy" {
  template = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Sid = "Root", Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" }, Action = "kms:*", Resource = "*" }]
  })
}

resource "aws_kms_key" "k" {
  policy = data.template_file.policy.rendered
}

resource "awscc_healthlake_fhir_datastore" "fhir" {
  datastore_type_version = "R4"
  sse_configuration = {
    kms_encryption_config = {
      cmk_type   = "CUSTOMER_MANAGED_KMS_KEY"
      kms_key_id = aws_kms_key.k.arn
    }
  }
}
`;
  const [site] = sitesOf(text);
  assert.equal(site?.kind, 'key-policy');
  assert.equal(site?.healthLake?.datastore, 'awscc_healthlake_fhir_datastore.fhir');
});

test('a template_file that is not a policy (a script), or that nothing uses as one, raises nothing', () => {
  const script = 'data "template_file" "user_data" {\n  template = <<EOF\n#!/bin/bash\necho ${name} {\nEOF\n  vars = { name = "x" }\n}\n';
  assert.deepEqual(sitesOf(script), []);
  assert.deepEqual(analyzeTf(script).findings, []);
  const unused = templateBlock('file("key-policy.json.tpl")');
  const analysis = service().analyze({ uri: 'file:///module/other.json', text: '{"a": 1}', folder: folderOf({ 'main.tf': unused, 'other.json': '{"a": 1}' }) });
  assert.ok(!analysis || (analysis.host === 'json' && analysis.findings.length === 0 && analysis.sites.every((x) => x.kind === 'not-a-policy')), 'not read as a policy');
});

test('template_file blocks cut anywhere or with placeholders and markers inserted: silence or a clear finding, never a crash', () => {
  const block = `data "template_file" "p" {
  count    = 1
  template = <<EOF
{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "arn:aws:kms:us-east-1:$\${account_id}:key/\${var.k}"}]}
EOF
  vars = { account_id = data.aws_caller_identity.current.account_id, k = "x" }
}
resource "aws_iam_policy" "p" {
  policy = "\${data.template_file.p[0].rendered}"
}
`;
  const inserts = ['${', '$${', '}', '%{ if x }', '"', 'EOF\n', '<<EOF\n', '{{x}}', 'vars = null\n', ','];
  const edit = fc.record({ at: fc.nat({ max: block.length }), cut: fc.nat({ max: 20 }), insert: fc.constantFrom(...inserts) });
  fc.assert(fc.property(fc.array(edit, { maxLength: 4 }), (edits) => {
    const text = edits.reduce((t, e) => t.slice(0, Math.min(e.at, t.length)) + e.insert + t.slice(Math.min(e.at, t.length) + e.cut), block);
    const { findings } = analyzeTf(text);
    for (const f of findings) {
      assert.notEqual(f.ruleId, 'internal-error', f.message);
      assert.ok(f.offset >= 0 && f.offset + f.length <= text.length, `${f.ruleId} inside the text`);
    }
  }), fuzzParams(150));
});

test('an aws_iam_policy_document takes its kind from an aws_iam_role inline_policy or an aws_kms_key_policy, in another file too', () => {
  const doc = 'data "aws_iam_policy_document" "d" {\n  statement {\n    actions   = ["kms:Decrypt"]\n    resources = ["*"]\n  }\n}\n';
  const role = 'resource "aws_iam_role" "r" {\n  name = "r"\n  assume_role_policy = data.aws_iam_policy_document.trust.json\n  inline_policy {\n    name   = "use"\n    policy = data.aws_iam_policy_document.d.json\n  }\n}\n';
  assert.deepEqual(sitesOf(doc, { 'role.tf': role }).map((x) => x.kind), ['identity-policy']);
  const keyPolicy = 'resource "aws_kms_key" "k" {}\nresource "aws_kms_key_policy" "p" {\n  key_id = aws_kms_key.k.id\n  policy = data.aws_iam_policy_document.d.json\n}\nresource "awscc_healthlake_fhir_datastore" "fhir" {\n  sse_configuration = { kms_encryption_config = { cmk_type = "CUSTOMER_MANAGED_KMS_KEY", kms_key_id = aws_kms_key.k.arn } }\n}\n';
  const [site] = sitesOf(doc, { 'key.tf': keyPolicy });
  assert.equal(site?.kind, 'key-policy');
  assert.equal(site?.healthLake?.datastore, 'awscc_healthlake_fhir_datastore.fhir (key.tf)');
});
