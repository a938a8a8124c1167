import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyEdits } from '../../../server/src/service/edits';
import { hole } from '../../../server/src/service/symbolic';
import type { HostChange, HostValue, PolicySite } from '../../../server/src/service/hosts/types';
import { entryAt, nodeAt, plain, prepared, sitesOf } from './terraformSupport';

prepared();

const TERRAFORM = '/usr/local/bin/terraform';
const hasTerraform = existsSync(TERRAFORM);

/** `terraform fmt -check` on a text: whether Terraform reads it and would not reformat it. */
function fmtClean(text: string): boolean {
  const dir = mkdtempSync(join(tmpdir(), 'hlkms-tf-'));
  try {
    writeFileSync(join(dir, 'main.tf'), text);
    execFileSync(TERRAFORM, ['fmt', '-check', '-diff', 'main.tf'], { cwd: dir, stdio: 'pipe' });
    return true;
  } catch {
    return false;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function write(text: string, site: PolicySite, changes: HostChange[]): string {
  const edits = site.writer.write(text, changes);
  assert.ok(edits, 'the change can be written');
  return applyEdits(text, edits);
}

/** The lines that differ between two texts (as a user sees the diff of a fix). */
function changedLines(before: string, after: string): { removed: string[]; added: string[] } {
  const a = before.split('\n');
  const b = after.split('\n');
  let start = 0;
  while (start < a.length && a[start] === b[start]) start++;
  let end = 0;
  while (end < a.length - start && end < b.length - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end++;
  return { removed: a.slice(start, a.length - end), added: b.slice(start, b.length - end) };
}

const siteNamed = (text: string, name: string, files: Record<string, string> = {}) => sitesOf(text, files).find((s) => s.name === name)!;

const jsonencodeKey = `data "aws_caller_identity" "current" {}
data "aws_region" "current" {}

resource "aws_kms_key" "healthlake" {
  description = "FHIR data store key" # HealthLake
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "HealthLake"
        Effect    = "Allow"
        Principal = { AWS = var.creator_role_arn }
        Action = [
          "kms:CreateGrant",
          "kms:DescribeKey",
        ]
        Resource = "*"
        Condition = {
          StringEquals = {
            "kms:ViaService" = "healthlake.amazonaws.com"
          }
        }
      }
    ]
  })
}
`;

test('jsonencode: replacing a value edits that one line, holes written back as interpolations', () => {
  const site = siteNamed(jsonencodeKey, 'aws_kms_key.healthlake.policy');
  const via = nodeAt(site.value, 'Statement', 0, 'Condition', 'StringEquals', 'kms:ViaService');
  const after = write(jsonencodeKey, site, [{ op: 'replace', at: via, value: `healthlake.${hole('region', 'data.aws_region.current.name')}.amazonaws.com` }]);
  assert.deepEqual(changedLines(jsonencodeKey, after), {
    removed: ['            "kms:ViaService" = "healthlake.amazonaws.com"'],
    added: ['            "kms:ViaService" = "healthlake.${data.aws_region.current.name}.amazonaws.com"'],
  });
  // HCL escaping: quotes, backslashes and a literal `${` / `%{` in the new value.
  const odd = write(jsonencodeKey, site, [{ op: 'replace', at: via, value: 'a"b\\c ${aws:username} %{x}' }]);
  assert.match(odd, /"kms:ViaService" = "a\\"b\\\\c \$\$\{aws:username\} %%\{x\}"/);
  assert.equal(nodeAt(siteNamed(odd, 'aws_kms_key.healthlake.policy').value, 'Statement', 0, 'Condition', 'StringEquals', 'kms:ViaService').type, 'string');
  assert.deepEqual(plain(nodeAt(siteNamed(odd, 'aws_kms_key.healthlake.policy').value, 'Statement', 0, 'Condition', 'StringEquals', 'kms:ViaService')), 'a"b\\c ${aws:username} %{x}');
});

test('jsonencode: entries and items added, removed and renamed in HCL object syntax at the block\'s indentation', () => {
  const site = siteNamed(jsonencodeKey, 'aws_kms_key.healthlake.policy');
  const statement = nodeAt(site.value, 'Statement', 0) as HostValue & { type: 'object' };
  const op = nodeAt(site.value, 'Statement', 0, 'Condition', 'StringEquals') as HostValue & { type: 'object' };
  const actions = nodeAt(site.value, 'Statement', 0, 'Action') as HostValue & { type: 'array' };
  const added = write(jsonencodeKey, site, [{ op: 'add-entry', parent: op, key: 'kms:CallerAccount', value: hole('account', 'data.aws_caller_identity.current.account_id') }]);
  assert.equal(added, jsonencodeKey.replace('"healthlake.amazonaws.com"\n', '"healthlake.amazonaws.com"\n            "kms:CallerAccount" = data.aws_caller_identity.current.account_id\n'));
  const inserted = write(jsonencodeKey, site, [{ op: 'insert-item', parent: actions, index: 2, value: 'kms:GenerateDataKey' }, { op: 'insert-item', parent: actions, index: 2, value: 'kms:Decrypt' }]);
  assert.deepEqual(plain(nodeAt(siteNamed(inserted, site.name).value, 'Statement', 0, 'Action')), ['kms:CreateGrant', 'kms:DescribeKey', 'kms:GenerateDataKey', 'kms:Decrypt']);
  // The list's trailing comma stays where the author's style has it: after the last item.
  assert.equal(inserted, jsonencodeKey.replace('"kms:DescribeKey",\n', '"kms:DescribeKey",\n          "kms:GenerateDataKey",\n          "kms:Decrypt",\n'));
  const renamed = write(jsonencodeKey, site, [{ op: 'rename-key', at: entryAt(statement, 'Action'), key: 'NotAction' }, { op: 'rename-key', at: entryAt(nodeAt(site.value, 'Statement', 0, 'Condition'), 'StringEquals'), key: 'ForAnyValue:StringLike' }]);
  assert.match(renamed, /\n {8}NotAction = \[/);
  assert.match(renamed, /\n {10}"ForAnyValue:StringLike" = \{/);
  const removed = write(jsonencodeKey, site, [{ op: 'remove-entry', parent: statement, entry: entryAt(statement, 'Resource') }, { op: 'remove-item', parent: actions, index: 0 }]);
  assert.deepEqual(changedLines(jsonencodeKey, removed).removed.filter((l) => !changedLines(jsonencodeKey, removed).added.includes(l)), ['          "kms:CreateGrant",', '        Resource = "*"']);
  const newCondition = write(jsonencodeKey, site, [{ op: 'add-entry', parent: statement, key: 'Principal2', value: { AWS: ['a', 'b'] } }]);
  assert.match(newCondition, /\n {8}Principal2 = \{\n {10}AWS = \["a", "b"\]\n {8}\}\n {6}\}/);
});

test('a value from a reference or an expression gets no edit', () => {
  const site = siteNamed(jsonencodeKey, 'aws_kms_key.healthlake.policy');
  const ref = nodeAt(site.value, 'Statement', 0, 'Principal', 'AWS');
  assert.equal(site.writer.write(jsonencodeKey, [{ op: 'replace', at: ref, value: 'arn:aws:iam::111122223333:role/R' }]), undefined);
});

const heredocModule = `resource "aws_kms_key" "k" {
\tpolicy = <<-EOT
\t{
\t\t"Version": "2012-10-17",
\t\t"Statement": [
\t\t\t{
\t\t\t\t"Effect": "Allow",
\t\t\t\t"Principal": {"AWS": "arn:aws:iam::\${data.aws_caller_identity.current.account_id}:root"},
\t\t\t\t"Action": "kms:*",
\t\t\t\t"Resource": "*",
\t\t\t\t"Condition": {"StringEquals": {"kms:ViaService": "healthlake.amazonaws.com"}}
\t\t\t}
\t\t]
\t}
\tEOT
}
`;

test('heredoc JSON: edits keep the heredoc\'s tabs, JSON commas and $${ escapes', () => {
  const site = siteNamed(heredocModule, 'aws_kms_key.k.policy');
  const statement = nodeAt(site.value, 'Statement', 0) as HostValue & { type: 'object' };
  const added = write(heredocModule, site, [{ op: 'add-entry', parent: statement, key: 'Sid', value: 'Root ${aws:username}' }]);
  assert.deepEqual(changedLines(heredocModule, added), {
    removed: ['\t\t\t\t"Condition": {"StringEquals": {"kms:ViaService": "healthlake.amazonaws.com"}}'],
    added: ['\t\t\t\t"Condition": {"StringEquals": {"kms:ViaService": "healthlake.amazonaws.com"}},', '\t\t\t\t"Sid": "Root $${aws:username}"'],
  });
  assert.equal(plain(nodeAt(siteNamed(added, site.name).value, 'Statement', 0, 'Sid')), 'Root ${aws:username}');
  const removed = write(heredocModule, site, [{ op: 'remove-entry', parent: statement, entry: entryAt(statement, 'Condition') }]);
  assert.deepEqual(changedLines(heredocModule, removed), {
    removed: ['\t\t\t\t"Resource": "*",', '\t\t\t\t"Condition": {"StringEquals": {"kms:ViaService": "healthlake.amazonaws.com"}}'],
    added: ['\t\t\t\t"Resource": "*"'],
  });
  const replaced = write(heredocModule, site, [{ op: 'replace', at: nodeAt(site.value, 'Statement', 0, 'Action'), value: ['kms:Decrypt', 'kms:DescribeKey'] }]);
  assert.deepEqual(changedLines(heredocModule, replaced).added, ['\t\t\t\t"Action": ["kms:Decrypt", "kms:DescribeKey"],']);
});

test('JSON in a quoted HCL string: edits escaped for both layers', () => {
  const text = 'resource "aws_iam_policy" "p" {\n  policy = "{\\"Version\\": \\"2012-10-17\\", \\"Statement\\": [{\\"Effect\\": \\"Allow\\", \\"Action\\": \\"kms:Decrypt\\", \\"Resource\\": \\"*\\"}]}"\n}\n';
  const site = siteNamed(text, 'aws_iam_policy.p.policy');
  const after = write(text, site, [{ op: 'replace', at: nodeAt(site.value, 'Statement', 0, 'Resource'), value: 'arn:aws:kms:*:*:key/"x"' }]);
  assert.match(after, /\\"Resource\\": \\"arn:aws:kms:\*:\*:key\/\\\\\\"x\\\\\\"\\"/);
  assert.equal(plain(nodeAt(siteNamed(after, site.name).value, 'Statement', 0, 'Resource')), 'arn:aws:kms:*:*:key/"x"');
});

const documentMain = `# The key policy, split from kms.tf.
data "aws_iam_policy_document" "key" {
  statement {
    sid       = "HealthLake"
    actions   = ["kms:CreateGrant", "kms:DescribeKey"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = [var.creator_role_arn]
    }

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["healthlake.amazonaws.com"]
    }
  }

  dynamic "statement" {
    for_each = var.readers
    content {
      actions   = ["kms:Decrypt"]
      resources = ["arn:aws:s3:::b/&{aws:username}"]
      principals {
        type        = "AWS"
        identifiers = [statement.value]
      }
    }
  }
}
`;
const documentFiles = { 'kms.tf': 'resource "aws_kms_key" "k" {\n  policy = data.aws_iam_policy_document.key.json\n}\n' };

test('aws_iam_policy_document: a new condition key is a condition block at the statement\'s indentation', () => {
  const site = siteNamed(documentMain, 'data.aws_iam_policy_document.key', documentFiles);
  assert.equal(site.kind, 'key-policy');
  const op = nodeAt(site.value, 'Statement', 0, 'Condition', 'StringEquals') as HostValue & { type: 'object' };
  const after = write(documentMain, site, [{ op: 'add-entry', parent: op, key: 'kms:CallerAccount', value: hole('account', 'data.aws_caller_identity.current.account_id') }]);
  assert.equal(after, documentMain.replace('["healthlake.amazonaws.com"]\n    }\n', `["healthlake.amazonaws.com"]\n    }\n${[
    '    condition {',
    '      test     = "StringEquals"',
    '      variable = "kms:CallerAccount"',
    '      values   = [data.aws_caller_identity.current.account_id]',
    '    }',
  ].join('\n')}\n`));
  assert.deepEqual(plain(nodeAt(siteNamed(after, site.name, documentFiles).value, 'Statement', 0, 'Condition')), { StringEquals: { 'kms:ViaService': ['healthlake.amazonaws.com'], 'kms:CallerAccount': ['${data.aws_caller_identity.current.account_id}'] } });
  if (hasTerraform) assert.ok(fmtClean(after), after);
});

test('aws_iam_policy_document: a replaced value edits the string; renames edit the attribute; IAM variables as &{}', () => {
  const site = siteNamed(documentMain, 'data.aws_iam_policy_document.key', documentFiles);
  const via = nodeAt(site.value, 'Statement', 0, 'Condition', 'StringEquals', 'kms:ViaService', 0);
  const fixed = write(documentMain, site, [{ op: 'replace', at: via, value: 'healthlake.us-east-1.amazonaws.com' }]);
  assert.deepEqual(changedLines(documentMain, fixed), { removed: ['      values   = ["healthlake.amazonaws.com"]'], added: ['      values   = ["healthlake.us-east-1.amazonaws.com"]'] });
  const statement = nodeAt(site.value, 'Statement', 0);
  const renamed = write(documentMain, site, [{ op: 'rename-key', at: entryAt(statement, 'Action'), key: 'NotAction' }]);
  assert.deepEqual(changedLines(documentMain, renamed).added, ['    not_actions   = ["kms:CreateGrant", "kms:DescribeKey"]']);
  const dyn = nodeAt(site.value, 'Statement', 1, 'Resource', 0);
  const variable = write(documentMain, site, [{ op: 'replace', at: dyn, value: 'arn:aws:s3:::b/${aws:userid}/*' }]);
  assert.deepEqual(changedLines(documentMain, variable).added, ['      resources = ["arn:aws:s3:::b/&{aws:userid}/*"]']);
  const op = entryAt(nodeAt(site.value, 'Statement', 0, 'Condition'), 'StringEquals');
  const like = write(documentMain, site, [{ op: 'rename-key', at: op, key: 'StringLike' }]);
  assert.deepEqual(changedLines(documentMain, like).added, ['      test     = "StringLike"']);
  // A principal from a reference cannot be fixed.
  assert.equal(site.writer.write(documentMain, [{ op: 'replace', at: nodeAt(site.value, 'Statement', 0, 'Principal', 'AWS', 0), value: 'x' }]), undefined);
});

test('aws_iam_policy_document: statements and blocks added and removed, inside dynamic content too', () => {
  const site = siteNamed(documentMain, 'data.aws_iam_policy_document.key', documentFiles);
  const statements = nodeAt(site.value, 'Statement') as HostValue & { type: 'array' };
  const added = write(documentMain, site, [{ op: 'insert-item', parent: statements, index: 2, value: {
    Sid: 'Root', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${hole('account', 'data.aws_caller_identity.current.account_id')}:root` }, Action: 'kms:*', Resource: '*',
  } }]);
  assert.match(added, /\n {2}\}\n {2}statement \{\n {4}sid       = "Root"\n {4}effect    = "Allow"\n {4}actions   = \["kms:\*"\]\n {4}resources = \["\*"\]\n {4}principals \{\n {6}type {8}= "AWS"\n {6}identifiers = \["arn:aws:iam::\$\{data\.aws_caller_identity\.current\.account_id\}:root"\]\n {4}\}\n {2}\}\n\}\n$/);
  assert.equal(siteNamed(added, site.name, documentFiles).value.type, 'object');
  assert.deepEqual(plain(nodeAt(siteNamed(added, site.name, documentFiles).value, 'Statement', 2)), { Sid: 'Root', Effect: 'Allow', Action: ['kms:*'], Resource: ['*'], Principal: { AWS: ['arn:aws:iam::${data.aws_caller_identity.current.account_id}:root'] } });
  if (hasTerraform) assert.ok(fmtClean(added), added);
  const dynamic = nodeAt(site.value, 'Statement', 1) as HostValue & { type: 'object' };
  const condition = write(documentMain, site, [{ op: 'add-entry', parent: dynamic, key: 'Condition', value: { Bool: { 'aws:SecureTransport': 'true' } } }]);
  assert.match(condition, /\n {6}\}\n {6}condition \{\n {8}test {5}= "Bool"\n {8}variable = "aws:SecureTransport"\n {8}values {3}= \["true"\]\n {6}\}\n {4}\}\n {2}\}\n\}\n$/);
  const first = nodeAt(site.value, 'Statement', 0) as HostValue & { type: 'object' };
  const removed = write(documentMain, site, [{ op: 'remove-entry', parent: first, entry: entryAt(first, 'Condition') }]);
  assert.doesNotMatch(removed, /kms:ViaService/);
  assert.deepEqual(Object.keys(plain(nodeAt(siteNamed(removed, site.name, documentFiles).value, 'Statement', 0)) as object), ['Sid', 'Effect', 'Action', 'Resource', 'Principal']);
  const dropped = write(documentMain, site, [{ op: 'remove-item', parent: statements, index: 1 }]);
  assert.doesNotMatch(dropped, /dynamic/);
  if (hasTerraform) assert.ok(fmtClean(removed) && fmtClean(dropped));
});
