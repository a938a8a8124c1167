/**
 * Policies that Terraform composes, written the way public modules write them: `aws_iam_policy_document` merging
 * (`source_policy_documents`, `override_policy_documents`), blocks and values that exist only at plan time
 * (`dynamic` blocks, values that may be null, `count`), and lists built in `jsonencode` (`concat`, conditionals,
 * `for`, `flatten`, `merge`). The written parts are checked where they are written; what the file cannot know is
 * never an error, and a verdict it could change (lockout, public) is not given. Each case has a counterpart that
 * shows the check still fires when the composed part is written.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractTerraform } from '../../../server/src/service/hosts/terraform/extract';
import { mergeStatements } from '../../../server/src/service/hosts/terraform/statements';
import type { HostValue } from '../../../server/src/service/hosts/types';
import { analyzeTf, folderOf, lineOf, plain, prepared, sitesOf, textAt } from './terraformSupport';

prepared();

/** `ruleId line: text` of each finding (the text cut at its first line). */
function findings(text: string, files: Record<string, string> = {}): string[] {
  return analyzeTf(text, files).findings.map((f) => `${f.ruleId} ${lineOf(text, f.offset)}: ${textAt(text, f).split('\n')[0]}`);
}

const ids = (xs: string[]) => xs.map((x) => x.split(' ')[0]);

const root = (sid = 'Root') => `  statement {
    sid       = "${sid}"
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
  }
`;

const reader = (sid: string, action: string) => `  statement {
    sid       = "${sid}"
    actions   = ["${action}"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:role/Reader"]
    }
  }
`;

const key = (doc: string) => `resource "aws_kms_key" "${doc}" {
  policy = data.aws_iam_policy_document.${doc}.json
}
`;

test('a source document of the same file is merged, not "a statement that is not an object"', () => {
  const text = `data "aws_iam_policy_document" "base" {
${root()}}

data "aws_iam_policy_document" "this" {
  source_policy_documents = [data.aws_iam_policy_document.base.json]

${reader('Reader', 'kms:Decrypt')}}

${key('this')}`;
  assert.deepEqual(findings(text), []);
  // Without the source document's statement, nobody keeps control of the key: the merge is what prevents it.
  const alone = text.replace('  source_policy_documents = [data.aws_iam_policy_document.base.json]\n', '');
  assert.deepEqual(ids(findings(alone)), ['lockout-put-key-policy']);
});

test('a mistake in a source document merged into two key policies is reported once, in its own block', () => {
  const text = `data "aws_iam_policy_document" "common" {
  statement {
    sid       = "Read"
    actions   = ["kms:Decrpyt"]
    resources = ["*"]
  }
}

data "aws_iam_policy_document" "a" {
  source_policy_documents = [data.aws_iam_policy_document.common.json]
${root()}}

data "aws_iam_policy_document" "b" {
  source_policy_documents = [data.aws_iam_policy_document.common.json]
${root()}}

${key('a')}
${key('b')}`;
  assert.deepEqual(findings(text), [
    'principal-element 2: statement {',
    'unknown-action 4: "kms:Decrpyt"',
  ]);
});

test('merging follows the data source: sources first, a sid replaces in place, overrides last, no sid appends', () => {
  const text = `data "aws_iam_policy_document" "base" {
${root()}${reader('Reader', 'kms:Decrypt')}}

data "aws_iam_policy_document" "more" {
${reader('Extra', 'kms:DescribeKey')}}

data "aws_iam_policy_document" "override" {
${reader('Root', 'kms:ListKeys')}  statement {
    actions   = ["kms:GetKeyPolicy"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:role/Auditor"]
    }
  }
}

data "aws_iam_policy_document" "this" {
  source_policy_documents   = [data.aws_iam_policy_document.base.json, data.aws_iam_policy_document.more.json]
  override_policy_documents = [data.aws_iam_policy_document.override.json]

${reader('Reader', 'kms:Encrypt')}}
`;
  const site = sitesOf(text).find((s) => s.name === 'data.aws_iam_policy_document.this')!;
  const statements = (plain(site.value) as { Statement: { Sid?: string; Action: string[] }[] }).Statement;
  assert.deepEqual(statements.map((s) => [s.Sid ?? '-', s.Action[0]]), [
    ['Root', 'kms:ListKeys'],
    ['Reader', 'kms:Encrypt'],
    ['Extra', 'kms:DescribeKey'],
    ['-', 'kms:GetKeyPolicy'],
  ]);
  // Each merged statement is located in the block that writes it.
  const list = (site.value as HostValue & { type: 'object' }).entries.find((e) => e.key === 'Statement')!.value as HostValue & { type: 'array' };
  const blockOf = (v: HostValue) => text.slice(0, v.range.offset).match(/data "aws_iam_policy_document" "(\w+)"/g)!.at(-1);
  assert.deepEqual(list.items.map(blockOf), ['"override"', '"this"', '"more"', '"override"'].map((n) => `data "aws_iam_policy_document" ${n}`));
});

test('mergeStatements: the data source merge on its own', () => {
  const s = (sid: string | undefined, action: string): HostValue => ({
    type: 'object', range: { offset: 0, length: 0 },
    entries: [...(sid ? [{ key: 'Sid', keyRange: { offset: 0, length: 0 }, range: { offset: 0, length: 0 }, value: { type: 'string', range: { offset: 0, length: 0 }, value: sid } as HostValue }] : []),
      { key: 'Action', keyRange: { offset: 0, length: 0 }, range: { offset: 0, length: 0 }, value: { type: 'string', range: { offset: 0, length: 0 }, value: action } }],
  });
  const out = mergeStatements([s('A', 'a1'), s(undefined, 'x1')], [s('A', 'a2'), s('B', 'b1')], [s('B', 'b2'), s('A', 'a3'), s(undefined, 'x2')]);
  assert.deepEqual(out.map((v) => plain(v)), [{ Sid: 'A', Action: 'a3' }, { Action: 'x1' }, { Sid: 'B', Action: 'b2' }, { Action: 'x2' }]);
});

test('documents the file cannot read (a variable, another file\'s document) are statements that may exist: no error, no lockout', () => {
  const text = `data "aws_iam_policy_document" "this" {
  source_policy_documents   = var.source_policy_documents
  override_policy_documents = concat([data.aws_iam_policy_document.elsewhere.json], var.override_policy_documents)

${reader('Reader', 'kms:Decrpyt')}}

${key('this')}`;
  const other = { 'other.tf': `data "aws_iam_policy_document" "elsewhere" {\n${root()}}\n` };
  // The written statement is still checked; the lockout it alone would cause may not hold.
  assert.deepEqual(findings(text, other), ['unknown-action 7: "kms:Decrpyt"']);
});

/**
 * The key policy document of terraform-aws-modules/terraform-aws-kms as its `main.tf` (Apache-2.0) writes it, trimmed,
 * with `count` on the data source: its `dynamic` statement, principals and conditions follow the published module, whose file and licence notice are in test/fixtures/corpus.
 */
const kmsModule = (extra = '') => `data "aws_partition" "current" {
  count = var.create ? 1 : 0
}

locals {
  partition = try(data.aws_partition.current[0].partition, "")
}

resource "aws_kms_key" "this" {
  count  = var.create ? 1 : 0
  policy = coalesce(var.policy, data.aws_iam_policy_document.this[0].json)
}

data "aws_iam_policy_document" "this" {
  count = var.create ? 1 : 0

  source_policy_documents   = var.source_policy_documents
  override_policy_documents = var.override_policy_documents

  dynamic "statement" {
    for_each = var.enable_default_policy ? [1] : []

    content {
      sid       = "Default"
      actions   = ["kms:*"]
      resources = ["*"]

      principals {
        type        = "AWS"
        identifiers = ["arn:\${local.partition}:iam::\${data.aws_caller_identity.current[0].account_id}:root"]
      }
    }
  }

  dynamic "statement" {
    for_each = length(var.key_administrators) > 0 ? [1] : []

    content {
      sid       = "KeyAdministration"
      actions   = ["kms:Create*", "kms:Describe*", "kms:Enable*", "kms:List*", "kms:Put*"]
      resources = ["*"]

      principals {
        type        = "AWS"
        identifiers = var.key_administrators
      }
    }
  }

  dynamic "statement" {
    for_each = var.key_statements

    content {
      sid           = try(statement.value.sid, null)
      actions       = try(statement.value.actions, null)
      not_actions   = try(statement.value.not_actions, null)
      effect        = try(statement.value.effect, null)
      resources     = try(statement.value.resources, null)
      not_resources = try(statement.value.not_resources, null)

      dynamic "principals" {
        for_each = try(statement.value.principals, [])

        content {
          type        = principals.value.type
          identifiers = principals.value.identifiers
        }
      }

      dynamic "not_principals" {
        for_each = try(statement.value.not_principals, [])

        content {
          type        = not_principals.value.type
          identifiers = not_principals.value.identifiers
        }
      }

      dynamic "condition" {
        for_each = try(statement.value.conditions, [])

        content {
          test     = condition.value.test
          values   = condition.value.values
          variable = condition.value.variable
        }
      }
    }
  }
${extra}}
`;

test('the terraform-aws-modules/kms key policy (dynamic statements, principals and conditions over its inputs) is silent', () => {
  const text = kmsModule();
  assert.deepEqual(findings(text), []);
  const site = sitesOf(text).find((s) => s.name === 'data.aws_iam_policy_document.this')!;
  assert.equal(site.kind, 'key-policy');
  // A written mistake among the dynamic statements is still found, where it is written.
  const typo = text.replace('"kms:Put*"]', '"kms:Putt*"]');
  assert.deepEqual(findings(typo), [`unknown-action ${lineOf(typo, typo.indexOf('"kms:Putt*"'))}: "kms:Putt*"`]);
});

test('attributes from values that may be null: not both Action and NotAction; null is unset', () => {
  const stmt = (body: string) => `data "aws_iam_policy_document" "p" {
  statement {
${body}
    resources = ["*"]
  }
}

resource "aws_iam_policy" "p" {
  policy = data.aws_iam_policy_document.p.json
}
`;
  assert.deepEqual(findings(stmt('    actions     = ["s3:GetObject"]\n    not_actions = var.not_actions')), []);
  assert.deepEqual(findings(stmt('    actions     = each.value.actions\n    not_actions = each.value.not_actions')), []);
  assert.deepEqual(findings(stmt('    actions     = ["s3:GetObject"]\n    not_actions = null')), []);
  // Both written: AWS rejects it, and so do we.
  assert.deepEqual(ids(findings(stmt('    actions     = ["s3:GetObject"]\n    not_actions = ["s3:PutObject"]'))), ['action-element']);
});

test('a statement whose principals come from a dynamic block has principals; its dynamic conditions may hold', () => {
  const doc = (principals: string, condition = '') => `data "aws_iam_policy_document" "p" {
${root()}
  statement {
    sid       = "Use"
    actions   = ["kms:Decrypt"]
    resources = ["*"]
${principals}${condition}  }
}

${key('p')}`.replace('resource "aws_kms_key" "p"', 'resource "aws_kms_key" "p"');
  const dynamicPrincipals = `    dynamic "principals" {
      for_each = var.readers
      content {
        type        = principals.value.type
        identifiers = principals.value.identifiers
      }
    }
`;
  assert.deepEqual(findings(doc(dynamicPrincipals)), []);
  assert.deepEqual(ids(findings(doc(''))), ['principal-element']);
  // Anyone, restricted by conditions the file cannot know: not public.
  const anyone = `    principals {
      type        = "*"
      identifiers = ["*"]
    }
`;
  const dynamicCondition = `    dynamic "condition" {
      for_each = var.conditions
      content {
        test     = condition.value.test
        variable = condition.value.variable
        values   = condition.value.values
      }
    }
`;
  assert.deepEqual(findings(doc(anyone, dynamicCondition)), []);
  assert.ok(ids(findings(doc(anyone))).includes('public-principal'), findings(doc(anyone)).join('\n'));
});

test('jsonencode: a statement inside concat, a conditional or a for expression is a statement, checked where it is written', () => {
  const text = `resource "aws_kms_key" "k" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat([
      {
        Sid       = "Root"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::111122223333:root" }
        Action    = "kms:*"
        Resource  = "*"
      }
    ], var.enable_readers ? [
      {
        Sid       = "Readers"
        Effect    = "Allow"
        Principal = { AWS = var.reader_arns }
        Action    = ["kms:Decrypt", "kms:Decrpyt"]
        Resource  = "*"
      }
    ] : [], [for arn in var.writers : {
      Effect    = "Allow"
      Principal = { AWS = arn }
      Action    = distinct(concat(["kms:Encrypt"], var.extra_actions, ["kms:GenerateDataKy"]))
      Resource  = "*"
    }], var.extra_statements)
  })
}
`;
  assert.deepEqual(findings(text), [
    `unknown-action ${lineOf(text, text.indexOf('"kms:Decrpyt"'))}: "kms:Decrpyt"`,
    `unknown-action ${lineOf(text, text.indexOf('"kms:GenerateDataKy"'))}: "kms:GenerateDataKy"`,
  ]);
});

test('jsonencode: statements the file cannot know leave lockout undecided; written ones decide it', () => {
  const policy = (statements: string) => `resource "aws_kms_key" "k" {
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = ${statements}
  })
}
`;
  const decrypt = '{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:role/R" }, Action = "kms:Decrypt", Resource = "*" }';
  assert.deepEqual(findings(policy(`concat([${decrypt}], var.more)`)), []);
  assert.deepEqual(findings(policy('var.statements')), []);
  assert.deepEqual(findings(policy(`[${decrypt}, local.admin_statement]`)), []);
  assert.deepEqual(ids(findings(policy(`concat([${decrypt}], [])`))), ['lockout-put-key-policy']);
  // A statement whose Effect the file leaves open may be an Allow that keeps control.
  assert.deepEqual(findings(policy(`[${decrypt.replace('role/R', 'root').replace('"kms:Decrypt"', '"kms:*"').replace('"Allow"', 'var.effect')}]`)), []);
});

test('merge() of written objects is one statement, checked; flatten splices its lists', () => {
  const text = `resource "aws_iam_policy" "p" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = flatten([
      [merge({ Effect = "Allow", Resource = "*" }, { Action = ["s3:GetObjct"] })],
      [{ Effect = "Allow", Action = "s3:ListBucket", Resource = "*" }],
    ])
  })
}
`;
  assert.deepEqual(findings(text), [`unknown-action ${lineOf(text, text.indexOf('"s3:GetObjct"'))}: "s3:GetObjct"`]);
});

test('a dynamic "inline_policy" block of a role is a policy site', () => {
  const text = `resource "aws_iam_role" "r" {
  name               = "r"
  assume_role_policy = data.aws_iam_policy_document.trust.json

  dynamic "inline_policy" {
    for_each = var.inline_policies
    content {
      name = inline_policy.key
      policy = jsonencode({
        Version   = "2012-10-17"
        Statement = [{ Effect = "Allow", Action = ["s3:GetObjct"], Resource = inline_policy.value }]
      })
    }
  }
}
`;
  assert.deepEqual(sitesOf(text).map((s) => [s.name, s.kind]), [['aws_iam_role.r.inline_policy[0].policy', 'identity-policy']]);
  assert.deepEqual(ids(findings(text)), ['unknown-action']);
});

test('a document that merges another has no reuse identity, and follows an edit of the merged block', () => {
  const base = (action: string) => `data "aws_iam_policy_document" "base" {
  statement {
    actions   = ["${action}"]
    resources = ["*"]
  }
}

data "aws_iam_policy_document" "this" {
  source_policy_documents = [data.aws_iam_policy_document.base.json]
${root()}}
`;
  const document = 'file:///module/merge-reuse.tf';
  const read = (text: string) => extractTerraform(text, { document, fileName: 'main.tf', folder: folderOf({ 'main.tf': text }) }).sites;
  const first = read(base('kms:Decrypt'));
  assert.equal(first.find((s) => s.name.endsWith('.this'))!.reuse, undefined);
  const second = read(base('kms:Encrypt'));
  const merged = plain(second.find((s) => s.name.endsWith('.this'))!.value) as { Statement: { Action: string[] }[] };
  assert.deepEqual(merged.Statement.map((s) => s.Action[0]), ['kms:Encrypt', 'kms:*']);
});

test('an edit between a document and the source it merges moves the finding in the source with its block', () => {
  const text = `data "aws_iam_policy_document" "this" {
  source_policy_documents = [data.aws_iam_policy_document.base.json]
${root()}}

${key('this')}
data "aws_iam_policy_document" "base" {
  statement {
    sid       = "Read"
    actions   = ["kms:Decrpyt"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:role/R"]
    }
  }
}
`;
  const { service } = analyzeTf(text);
  const edited = text.replace('\ndata "aws_iam_policy_document" "base"', '\n# the shared statements\n\ndata "aws_iam_policy_document" "base"');
  const again = service.analyze({ uri: 'file:///module/main.tf', text: edited, folder: folderOf({ 'main.tf': edited }) })!;
  assert.deepEqual(again.findings.map((f) => textAt(edited, f)), ['"kms:Decrpyt"']);
});

test('count and for_each: a document referenced as [0], [*] or [each.key] is the document', () => {
  const text = `data "aws_iam_policy_document" "base" {
  count = var.create ? 1 : 0
${root()}}

data "aws_iam_policy_document" "per_key" {
  for_each                  = var.keys
  source_policy_documents   = data.aws_iam_policy_document.base[*].json
  override_policy_documents = [data.aws_iam_policy_document.base[0].json]

  statement {
    sid       = "Use"
    actions   = ["kms:Decrpyt"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = [each.value.role_arn]
    }
  }
}

resource "aws_kms_key" "k" {
  for_each = var.keys
  policy   = data.aws_iam_policy_document.per_key[each.key].json
}
`;
  const site = sitesOf(text).find((s) => s.name.endsWith('.per_key'))!;
  assert.equal(site.kind, 'key-policy');
  // The source statement, replaced in place by the same statement as an override; then the document's own.
  assert.deepEqual((plain(site.value) as { Statement: { Sid: string }[] }).Statement.map((s) => s.Sid), ['Root', 'Use']);
  assert.deepEqual(ids(findings(text)), ['unknown-action']);
});

test('statements that module inputs give, as wrapper modules write them, are silent', () => {
  const text = `data "aws_iam_policy_document" "from_input" {
  dynamic "statement" {
    for_each = var.statements
    content {
      sid       = statement.value.sid
      effect    = lookup(statement.value, "effect", "Allow")
      actions   = statement.value.actions
      resources = statement.value.resources

      dynamic "condition" {
        for_each = statement.value.condition != null ? statement.value.condition : []
        content {
          test     = condition.value.test
          variable = condition.value.variable
          values   = condition.value.values
        }
      }
    }
  }
}

resource "aws_iam_policy" "from_input" {
  name   = var.name
  policy = data.aws_iam_policy_document.from_input.json
}

# Terraform 0.11 interpolation syntax, still common in old modules.
data "aws_iam_policy_document" "legacy" {
  statement {
    sid       = "\${var.sid}"
    actions   = "\${split(",", var.actions)}"
    resources = "\${split(",", var.resources)}"
  }
}

resource "aws_iam_policy" "legacy" {
  policy = "\${data.aws_iam_policy_document.legacy.json}"
}

resource "aws_kms_key" "grants" {
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = flatten([local.default_statements, [for name, g in var.grants : { Sid = name, Effect = "Allow", Principal = { AWS = g.arns }, Action = g.actions, Resource = "*" }]])
  })
}
`;
  assert.deepEqual(findings(text), []);
  assert.deepEqual(sitesOf(text).map((s) => s.kind), ['identity-policy', 'identity-policy', 'key-policy']);
});

test('jsonencode: a principal, a condition or an element from a variable is what the variable may be, not a wrong type', () => {
  const text = (statement: string) => `resource "aws_kms_key" "k" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "Root", Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" }, Action = "kms:*", Resource = "*" },
      {
${statement}
      },
    ]
  })
}
`;
  const open = `        Sid       = "Use"
        Effect    = "Allow"
        Principal = var.principal
        Action    = ["kms:Decrypt"]
        NotAction = var.not_actions
        Resource  = "*"
        Condition = var.condition`;
  assert.deepEqual(findings(text(open)), []);
  const operator = `        Sid       = "Use"
        Effect    = "Allow"
        Principal = { AWS = var.reader_arn }
        Action    = ["kms:Decrypt"]
        Resource  = "*"
        Condition = { StringEquals = var.encryption_context }`;
  assert.deepEqual(findings(text(operator)), []);
  // Written, the same shapes are mistakes.
  const written = open.replace('var.principal', '"arn:aws:iam::111122223333:role/R"').replace('var.not_actions', '["kms:Encrypt"]').replace('var.condition', '"none"');
  assert.deepEqual(ids(findings(text(written))).sort(), ['action-element', 'policy-schema', 'principal-format']);
});

test('a source document in another file of the module is merged: its statements decide verdicts, its own file reports on it', () => {
  const main = `data "aws_iam_policy_document" "this" {
  source_policy_documents = [data.aws_iam_policy_document.shared.json]
${reader('Reader', 'kms:Decrypt')}}

${key('this')}`;
  const shared = (statement: string) => `data "aws_iam_policy_document" "shared" {
${statement}}
`;
  // The account root in the shared document keeps control of the key.
  assert.deepEqual(findings(main, { 'shared.tf': shared(root()) }), []);
  // Another reader does not: nobody may change the key policy, and that is known for sure.
  assert.deepEqual(ids(findings(main, { 'shared.tf': shared(reader('Other', 'kms:Encrypt')) })), ['lockout-put-key-policy']);
  // A mistake in the shared document is reported in its own file, not at the reference.
  const typo = shared(reader('Other', 'kms:Encrpyt'));
  assert.deepEqual(ids(findings(main, { 'shared.tf': typo })), ['lockout-put-key-policy']);
  const there = analyzeTf(typo, { 'main.tf': main }, 'shared.tf').findings;
  assert.deepEqual(there.map((f) => [f.ruleId, textAt(typo, f)]), [['unknown-action', '"kms:Encrpyt"']]);
});

test('template directives in a heredoc policy (%{ for }, %{ if } with %{ else }) are template control, not malformed JSON: what the loop writes is checked', () => {
  const tf = `resource "aws_kms_key" "k" {
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "Root", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::\${var.account}:root"}, "Action": "kms:*", "Resource": "*"},
    %{ for arn in var.users ~}
    {"Effect": "Allow", "Principal": {"AWS": "\${arn}"}, "Action": ["kms:Decrypt", "kms:Encryptt"], "Resource": "*"},
    %{ endfor ~}
    %{ if var.extra }{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::\${var.account}:role/x"}, "Action": "kms:Decrypt", "Resource": "*"}%{ else }{"Effect": "Allow"}%{ endif }
  ]
}
EOF
}
`;
  const found = analyzeTf(tf).findings.filter((f) => f.severity === 'error' || f.severity === 'warning');
  assert.deepEqual(found.map((f) => `${f.ruleId} ${textAt(tf, f)}`), ['unknown-action "kms:Encryptt"']);
  // A comma the template leaves before the closing bracket (the last item of a loop) is the template's, not a mistake.
  const trailing = tf.replace('%{ for arn in var.users ~}', '%{ for i, arn in var.users ~}').replace('"kms:Encryptt"', '"kms:Encrypt"')
    .replace(/%\{ if var\.extra \}[^\n]*\n/, '');
  assert.deepEqual(analyzeTf(trailing).findings.filter((f) => f.severity === 'error' || f.severity === 'warning').map((f) => f.ruleId), []);
  // A directive inside a JSON string is part of the string's value: a hole there.
  const inString = tf.replace('"arn:aws:iam::${var.account}:role/x"', '"arn:aws:iam::${var.account}:role/%{ if var.admin }admin%{ else }x%{ endif }"');
  assert.deepEqual(analyzeTf(inString).findings.filter((f) => f.severity === 'error' || f.severity === 'warning').map((f) => f.ruleId), ['unknown-action']);
});

test('what a heredoc %{ if } or %{ for } writes may be absent: a Deny the template may leave out is no certain lockout', () => {
  const policy = (deny: string) => `resource "aws_kms_key" "k" {
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "Root", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"}${deny}
  ]
}
EOF
}
`;
  const deny = ',\n    {"Sid": "Freeze", "Effect": "Deny", "Principal": "*", "Action": "kms:PutKeyPolicy", "Resource": "*"}';
  const lockout = (tf: string) => analyzeTf(tf).findings.filter((f) => f.ruleId === 'lockout-put-key-policy').length;
  assert.equal(lockout(policy(deny)), 1, 'a Deny always written locks the key');
  assert.equal(lockout(policy(`%{ if var.freeze }${deny}%{ endif }`)), 0, 'a Deny the template may leave out');
  assert.equal(lockout(policy(`%{ for x in var.freezes }${deny}%{ endfor }`)), 0, 'a Deny a loop may write zero times');
});
