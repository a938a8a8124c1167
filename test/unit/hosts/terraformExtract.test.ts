import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hole, holes } from '../../../server/src/service/symbolic';
import type { HostValue } from '../../../server/src/service/hosts/types';
import { extractTerraform } from '../../../server/src/service/hosts/terraform/extract';
import { terraformHost, terraformTrees } from '../../../server/src/service/hosts/terraform/index';
import { folderOf, nodes, plain, prepared, sitesOf, textAt, writable } from './terraformSupport';

prepared();

/** Every string, number and boolean node's range is exactly its source: a literal or the expression. */
function assertRangesAreSources(text: string, v: HostValue, literal: (s: string) => RegExp | string) {
  for (const { node, path } of nodes(v)) {
    const src = textAt(text, node.range);
    if (node.type === 'object') assert.match(src, /^(\{|\\?")[\s\S]*[}"]$|^(statement|principals|condition|content|data)\b/, path);
    if (node.type === 'array') assert.ok(/^[[(]/.test(src) || writable(node) === false || /^(source|statement|principals|condition)/.test(src), `${path}: ${src}`);
    if (node.type === 'string' && writable(node) !== false && !holes(node.value).length) {
      const want = literal(node.value);
      if (typeof want === 'string') assert.equal(src, want, path);
      else assert.match(src, want, path);
    }
  }
}

const jsonencodeKey = `data "aws_caller_identity" "current" {}
data "aws_region" "current" {}
data "aws_partition" "current" {}

resource "aws_kms_key" "k" {
  description = "data store key" # kept
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        "Sid"     = "Root"
        Effect: "Allow",
        Principal = { AWS = "arn:\${data.aws_partition.current.partition}:iam::\${data.aws_caller_identity.current.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "Creator"
        Effect    = "Allow"
        Principal = { AWS = [var.creator_role_arn, aws_iam_role.writer.arn, local.admin] }
        Action    = var.read_only ? ["kms:Decrypt"] : ["kms:Decrypt", "kms:Encrypt"]
        Resource  = concat(["*"], var.more)
        NotResource = [for r in var.rs : r]
        Condition = {
          StringEquals = {
            "kms:ViaService" = "healthlake.\${data.aws_region.current.name}.amazonaws.com"
            "aws:x"          = "$\${aws:username} %%{x} \\"q\\" \\u00e9"
          }
          NumericLessThan = { "aws:MultiFactorAuthAge" = 3600 }
          Bool = { "aws:SecureTransport" = true }
        }
      }
    ]
  })
}
`;

test('jsonencode: HCL object syntax becomes the policy, every value located at its source', () => {
  const [site] = sitesOf(jsonencodeKey);
  assert.ok(site);
  assert.equal(site.name, 'aws_kms_key.k.policy');
  assert.equal(site.kind, 'key-policy');
  assert.equal(textAt(jsonencodeKey, site.range).slice(0, 1), '{');
  const p = plain(site.value) as { Statement: Record<string, unknown>[] };
  assert.deepEqual(p.Statement[0], { Sid: 'Root', Effect: 'Allow', Principal: { AWS: 'arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root' }, Action: 'kms:*', Resource: '*' });
  assert.deepEqual((p.Statement[1]!.Condition as Record<string, unknown>).StringEquals, { 'kms:ViaService': 'healthlake.${data.aws_region.current.name}.amazonaws.com', 'aws:x': '${aws:username} %{x} "q" é' });
  assert.deepEqual((p.Statement[1]!.Condition as Record<string, unknown>).NumericLessThan, { 'aws:MultiFactorAuthAge': 3600 });
  assertRangesAreSources(jsonencodeKey, site.value, () => /^"[\s\S]*"$/);
  // Keys: bare, quoted and with a colon separator all located at the key.
  const stmt = (site.value as HostValue & { type: 'object' }).entries[1]!.value as HostValue & { type: 'array' };
  const first = stmt.items[0] as HostValue & { type: 'object' };
  assert.deepEqual(first.entries.map((e) => textAt(jsonencodeKey, e.keyRange)), ['"Sid"', 'Effect', 'Principal', 'Action', 'Resource']);
  assert.deepEqual(first.entries.map((e) => textAt(jsonencodeKey, e.range).split(/\s*[=:]\s*/)[0]), ['"Sid"', 'Effect', 'Principal', 'Action', 'Resource']);
});

test('interpolations and references become holes that say what they are', () => {
  const [site] = sitesOf(jsonencodeKey);
  const kinds = [...nodes(site!.value)].flatMap(({ node }) => (node.type === 'string' ? holes(node.value).map((h) => `${h.kind}=${h.display}`) : []));
  assert.deepEqual(kinds, [
    'partition=data.aws_partition.current.partition',
    'account=data.aws_caller_identity.current.account_id',
    'opaque=var.creator_role_arn',
    'arn:role=aws_iam_role.writer.arn',
    'opaque=local.admin',
    'opaque=var.more',
    'opaque=r',
    'region=data.aws_region.current.name',
  ]);
  const all = [...nodes(site!.value)];
  const ref = all.find(({ node }) => node.type === 'string' && node.value.includes('var.creator_role_arn'))!.node;
  assert.equal(writable(ref), false);
  assert.equal(textAt(jsonencodeKey, ref.range), 'var.creator_role_arn');
  // A list that concat builds is a list of the elements written in it, and of what the file cannot know.
  const call = all.find(({ node }) => node.type === 'array' && textAt(jsonencodeKey, node.range).startsWith('concat('))!.node as HostValue & { type: 'array' };
  assert.equal(writable(call), false);
  assert.deepEqual(call.items.map((x) => [textAt(jsonencodeKey, x.range), writable(x)]), [['"*"', undefined], ['var.more', false]]);
  const templated = all.find(({ node }) => node.type === 'string' && node.value.includes('healthlake.'))!.node;
  assert.notEqual(writable(templated), false, 'a template with literal parts can be fixed');
});

test('a conditional is a choice between its branches, each located', () => {
  const [site] = sitesOf(jsonencodeKey);
  const choice = [...nodes(site!.value)].find(({ node }) => node.type === 'choice')!.node as HostValue & { type: 'choice' };
  assert.equal(choice.condition, 'var.read_only');
  assert.deepEqual(choice.branches.map((b) => textAt(jsonencodeKey, b.range)), ['["kms:Decrypt"]', '["kms:Decrypt", "kms:Encrypt"]']);
});

const heredocRole = `resource "aws_iam_role" "healthlake" {
  name = "HealthLakeImport"
  assume_role_policy = <<-EOT
\t{
\t\t"Version": "2012-10-17",
\t\t"Statement": [{
\t\t\t"Effect": "Allow",
\t\t\t"Principal": {"Service": "healthlake.amazonaws.com"},
\t\t\t"Action": "sts:AssumeRole",
\t\t\t"Condition": {"StringEquals": {"aws:SourceAccount": "\${data.aws_caller_identity.current.account_id}", "aws:x": "$\${aws:username}"}}
\t\t}]
\t}
\tEOT

  inline_policy {
    name   = "kms"
    policy = <<EOF
{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["kms:Decrypt"], "Resource": \${jsonencode(var.keys)}}]}
EOF
  }
  inline_policy {
    name   = "string"
    policy = "{\\"Version\\": \\"2012-10-17\\", \\"Statement\\": [{\\"Effect\\": \\"Allow\\", \\"Action\\": \\"kms:Decrypt\\", \\"Resource\\": \\"\${aws_kms_key.k.arn}\\", \\"Sid\\": \\"\\\\u00e9\\"}]}"
  }
}
`;

test('heredoc JSON (with tabs, <<-EOT and <<EOT) is located at the heredoc\'s own offsets', () => {
  const sites = sitesOf(heredocRole);
  assert.deepEqual(sites.map((s) => [s.name, s.kind]), [
    ['aws_iam_role.healthlake.assume_role_policy', 'trust-policy'],
    ['aws_iam_role.healthlake.inline_policy[0].policy', 'identity-policy'],
    ['aws_iam_role.healthlake.inline_policy[1].policy', 'identity-policy'],
  ]);
  const trust = sites[0]!;
  assert.deepEqual(plain(trust.value), { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'healthlake.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': '${data.aws_caller_identity.current.account_id}', 'aws:x': '${aws:username}' } } }] });
  assertRangesAreSources(heredocRole, trust.value, (s) => (s === '${aws:username}' ? '"$${aws:username}"' : JSON.stringify(s)));
  const account = [...nodes(trust.value)].find(({ node }) => node.type === 'string' && holes(node.value)[0]?.kind === 'account')!.node;
  assert.equal(textAt(heredocRole, account.range), '"${data.aws_caller_identity.current.account_id}"');
  // An interpolation in a value's place is an opaque value; JSON inside a quoted string maps through HCL escapes.
  const resource = [...nodes(sites[1]!.value)].find(({ path }) => path.endsWith('/Resource'))!.node;
  assert.equal(writable(resource), false);
  assert.equal(textAt(heredocRole, resource.range), '${jsonencode(var.keys)}');
  const str = sites[2]!;
  assert.deepEqual(plain(str.value), { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '${aws_kms_key.k.arn}', Sid: 'é' }] });
  assert.equal(textAt(heredocRole, [...nodes(str.value)].find(({ path }) => path.endsWith('/Action'))!.node.range), '\\"kms:Decrypt\\"');
  assert.equal(textAt(heredocRole, [...nodes(str.value)].find(({ path }) => path.endsWith('/Sid'))!.node.range), '\\"\\\\u00e9\\"');
});

test('malformed JSON in a heredoc is one clear finding at its place, no site', () => {
  const text = 'resource "aws_iam_policy" "p" {\n  policy = <<EOT\n{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",}]}\nEOT\n}\n';
  const doc = extractTerraform(text);
  assert.equal(doc.sites.length, 0);
  assert.equal(doc.findings.length, 1);
  assert.equal(doc.findings[0]!.ruleId, 'json-syntax');
  assert.equal(textAt(text, doc.findings[0]!), '}');
});

const documentModule = {
  'main.tf': `data "aws_iam_policy_document" "key" {
  source_policy_documents = [data.aws_iam_policy_document.base.json]

  statement {
    sid       = "HealthLake"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = [var.creator_role_arn]
    }
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:role/Reader"]
    }
    # Two blocks with the same test merge under one operator.
    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["healthlake.us-east-1.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "kms:CallerAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }

  dynamic "statement" {
    for_each = var.extra_admins
    content {
      effect    = "Allow"
      actions   = ["kms:Describe*"]
      resources = ["arn:aws:s3:::b/&{aws:username}/*"]
    }
  }
}

data "aws_iam_policy_document" "base" {
  statement {
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}

data "aws_iam_policy_document" "orphan" {
  statement {
    actions = ["s3:GetObject"]
  }
}
`,
  'kms.tf': `resource "aws_kms_key" "k" {
  policy = data.aws_iam_policy_document.key.json
}
`,
};

test('aws_iam_policy_document renders as its policy: defaults, merged principals and conditions, dynamic and source documents', () => {
  const sites = sitesOf(documentModule['main.tf'], { 'kms.tf': documentModule['kms.tf'] });
  // A document merged into a key policy is a part of one: a key policy whose other statements may be anything.
  assert.deepEqual(sites.map((s) => [s.name, s.kind]), [
    ['data.aws_iam_policy_document.key', 'key-policy'],
    ['data.aws_iam_policy_document.base', 'key-policy'],
    ['data.aws_iam_policy_document.orphan', 'unknown'],
  ]);
  const key = sites[0]!;
  const statements = (key.value as HostValue & { type: 'object' }).entries.find((e) => e.key === 'Statement')!.value as HostValue & { type: 'array' };
  assert.deepEqual(statements.items.map((s) => s.type), ['object', 'object', 'choice']);
  // The source document's statement is merged first, at its own block.
  const source = statements.items[0]!;
  assert.deepEqual(plain(source), { Effect: 'Allow', Action: ['kms:*'], Resource: ['*'], Principal: '*' });
  assert.match(textAt(documentModule['main.tf'], source.range), /^statement \{\n    actions   = \["kms:\*"\]/);
  assert.deepEqual(plain(statements.items[1]!), {
    Sid: 'HealthLake', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: ['*'],
    Principal: { AWS: ['${var.creator_role_arn}', 'arn:aws:iam::111122223333:role/Reader'] },
    Condition: { StringEquals: { 'kms:ViaService': ['healthlake.us-east-1.amazonaws.com'], 'kms:CallerAccount': ['${data.aws_caller_identity.current.account_id}'] } },
  });
  const dynamic = statements.items[2] as HostValue & { type: 'choice' };
  assert.equal(dynamic.condition, 'var.extra_admins');
  assert.deepEqual(dynamic.branches.map((b) => b.type), ['object', 'absent']);
  assert.deepEqual(plain(dynamic), { Effect: 'Allow', Action: ['kms:Describe*'], Resource: ['arn:aws:s3:::b/${aws:username}/*'] });
  const text = documentModule['main.tf'];
  const via = [...nodes(key.value)].find(({ node }) => node.type === 'string' && node.value.startsWith('healthlake.'))!.node;
  assert.equal(textAt(text, via.range), '"healthlake.us-east-1.amazonaws.com"');
  const cond = (statements.items[1] as HostValue & { type: 'object' }).entries.find((e) => e.key === 'Condition')!;
  const op = (cond.value as HostValue & { type: 'object' }).entries[0]!;
  assert.equal(textAt(text, op.keyRange), '"StringEquals"');
  assert.deepEqual((op.value as HostValue & { type: 'object' }).entries.map((e) => textAt(text, e.keyRange)), ['"kms:ViaService"', '"kms:CallerAccount"']);
  const rest = '${the policies that merge this document}';
  assert.deepEqual(plain(sites[1]!.value), { Version: '2012-10-17', Statement: [
    { Effect: 'Allow', Action: ['kms:*'], Resource: ['*'], Principal: '*' },
    { Effect: rest, Principal: { AWS: rest }, Action: rest, Resource: rest },
  ] });
});

test('${aws:username} in a policy is a reference mistake: &{...} in aws_iam_policy_document, $${...} in jsonencode', () => {
  const text = `data "aws_iam_policy_document" "d" {
  statement {
    actions   = ["s3:GetObject"]
    # \${aws:username} in a comment is fine
    resources = ["arn:aws:s3:::b/\${aws:username}/*"]
  }
}
resource "aws_iam_policy" "p" {
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::b/\${aws:userid}/*" }] })
}
`;
  const doc = extractTerraform(text);
  assert.equal(doc.sites.length, 2, 'the rest of the file still parses');
  const found = doc.findings.filter((f) => f.ruleId === 'terraform-iam-variable');
  assert.deepEqual(found.map((f) => textAt(text, f)), ['${aws:username}', '${aws:userid}']);
  const fixed = found.map((f) => { const e = f.data!.fixes![0]!.edits[0]!; return text.slice(f.offset - 1, f.offset + 1).replace(/.$/, '') + e.content + text.slice(e.offset + e.length, f.offset + f.length); });
  assert.deepEqual(fixed.map((s) => s.slice(1)), ['&{aws:username}', '$${aws:userid}']);
  // The value is what the author meant, so no rule reports a second problem on it.
  assert.deepEqual(plain(doc.sites.find((x) => x.name === 'data.aws_iam_policy_document.d')!.value), { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::b/${aws:username}/*'] }] });
});

test('file() and templatefile() policies are linted in the file they name, as the kind the resource gives', () => {
  const main = `resource "aws_kms_key" "k" {
  policy = templatefile("\${path.module}/key-policy.json.tpl", { account_id = data.aws_caller_identity.current.account_id })
}
resource "aws_iam_policy" "p" {
  policy = file("./creator.json")
}
`;
  assert.deepEqual(sitesOf(main), []);
  const folder = folderOf({ 'main.tf': main, 'key-policy.json.tpl': '{}', 'creator.json': '{}', 'other.json': '{}' });
  const ref = (name: string) => terraformHost.referencedAs!({ uri: `file:///m/${name}`, text: '{}', folder });
  // With the variables it gives whose values the file knows (this account).
  assert.deepEqual(ref('key-policy.json.tpl'), { kind: 'key-policy', name: 'main.tf: aws_kms_key.k.policy', vars: new Map([['account_id', hole('account', 'data.aws_caller_identity.current.account_id')]]) });
  assert.deepEqual(ref('creator.json'), { kind: 'identity-policy', name: 'main.tf: aws_iam_policy.p.policy' });
  assert.equal(ref('other.json'), undefined);
});

test('a HealthLake data store in the module makes its customer managed key\'s policy HealthLake\'s', () => {
  const store = (cmk: string, key: string) => `resource "awscc_healthlake_fhir_datastore" "fhir" {
  datastore_type_version = "R4"
  sse_configuration = {
    kms_encryption_config = {
      cmk_type   = "${cmk}"
      kms_key_id = ${key}
    }
  }
}
`;
  const key = 'resource "aws_kms_key" "k" {\n  policy = jsonencode({ Version = "2012-10-17", Statement = [] })\n}\nresource "aws_kms_alias" "a" {\n  name          = "alias/fhir"\n  target_key_id = aws_kms_key.k.key_id\n}\n';
  const same = key + store('CUSTOMER_MANAGED_KMS_KEY', 'aws_kms_key.k.arn');
  const [site] = sitesOf(same);
  assert.equal(site!.healthLake?.datastore, 'awscc_healthlake_fhir_datastore.fhir');
  assert.equal(textAt(same, site!.healthLake!.range), 'aws_kms_key.k.arn');
  assert.equal(sitesOf(key + store('AWS_OWNED_KMS_KEY', 'aws_kms_key.k.arn'))[0]!.healthLake, undefined);
  const other = sitesOf(key, { 'healthlake.tf': store('CUSTOMER_MANAGED_KMS_KEY', 'aws_kms_alias.a.arn') })[0]!.healthLake;
  assert.equal(other?.datastore, 'awscc_healthlake_fhir_datastore.fhir (healthlake.tf)');
  assert.equal(textAt(key, other!.range), 'policy', 'the verdict is shown at the policy attribute');
  // The key's policy written as a policy document in another file of the module.
  const docKey = sitesOf(documentModule['main.tf'], { 'kms.tf': documentModule['kms.tf'] + store('CUSTOMER_MANAGED_KMS_KEY', 'aws_kms_key.k.arn') });
  assert.equal(docKey[0]!.healthLake?.datastore, 'awscc_healthlake_fhir_datastore.fhir (kms.tf)');
  assert.equal(textAt(documentModule['main.tf'], docKey[0]!.healthLake!.range), 'data');
  assert.equal(docKey[2]!.healthLake, undefined);
});

test('a document used through an index, a splat or a function still takes its consumer\'s kind', () => {
  const doc = (name: string) => `data "aws_iam_policy_document" "${name}" {\n  count = var.create ? 1 : 0\n  statement {\n    actions   = ["kms:*"]\n    resources = ["*"]\n  }\n}\n`;
  const text = ['a', 'b', 'c'].map(doc).join('') + `resource "aws_kms_key" "k" {
  policy = data.aws_iam_policy_document.a[0].json
}
resource "aws_iam_policy" "p" {
  policy = try(data.aws_iam_policy_document.b[0].json, "")
}
resource "aws_iam_role" "r" {
  assume_role_policy = one(data.aws_iam_policy_document.c[*].json)
}
`;
  assert.deepEqual(sitesOf(text).filter((s) => s.name.startsWith('data.')).map((s) => s.kind), ['key-policy', 'identity-policy', 'trust-policy']);
});

test('the server\'s open documents: LSP changes edit the kept tree, extraction uses it, closing frees it', () => {
  const uri = 'file:///module/keys.tf';
  const text = 'resource "aws_kms_key" "k" {\n  policy = jsonencode({ Version = "2012-10-17", Statement = [] })\n}\n';
  terraformTrees.open(uri, text);
  const at = text.indexOf('Statement');
  const line = 1;
  const character = at - text.indexOf('\n') - 1;
  const next = terraformTrees.update(uri, [{ range: { start: { line, character }, end: { line, character: character + 'Statement'.length } }, text: 'Id = "x", Statement' }]);
  assert.equal(next, text.replace('Statement', 'Id = "x", Statement'));
  const fromTree = terraformHost.extract({ uri, text: next! })!;
  assert.deepEqual(plain(fromTree.sites[0]!.value), { Version: '2012-10-17', Id: 'x', Statement: [] });
  // A whole-text change (no range) replaces the document.
  assert.equal(terraformTrees.update(uri, [{ text: '' }]), '');
  assert.deepEqual(terraformHost.extract({ uri, text: '' })!.sites, []);
  terraformTrees.close(uri);
  assert.equal(terraformTrees.get(uri), undefined);
  assert.equal(terraformTrees.update(uri, [{ text }]), undefined, 'a closed document is not updated');
});
