/**
 * The CloudFormation YAML and Terraform snippets, expanded as a user would (placeholders filled, inserted where
 * they belong: a resource under `Resources:`, a statement into a key policy), give files that lint clean:
 * no error and no warning, and the policies the snippet promises.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'jsonc-parser';
import { service } from '../support/service';
import { prepareHosts, registerHost } from '../../server/src/service/hosts/api';
import { terraformHost } from '../../server/src/service/hosts/terraform';

interface Snippet { prefix: string[]; body: string[]; description: string; scope: string }
const load = (name: string) => parse(readFileSync(join(__dirname, '..', '..', 'snippets', `${name}.code-snippets`), 'utf8')) as Record<string, Snippet>;
const cfn = load('cloudformation');
const tf = load('terraform');
const byPrefix = (set: Record<string, Snippet>, prefix: string) => {
  const s = Object.values(set).find((x) => x.prefix[0] === prefix);
  assert.ok(s, `a snippet ${prefix}`);
  return s;
};

/**
 * What the editor inserts once the user has filled the placeholders: each tab stop gets `values[n]` (else its
 * default), mirrors of a tab stop get the same text, `$0` is empty, `\$` is a literal `$`. Lines after the first
 * get the indentation of the line the snippet is typed on, as VS Code does.
 */
function expand(snippet: Snippet, values: Record<number, string> = {}, indent = ''): string {
  const text = snippet.body.join('\n');
  const defaults = new Map<string, string>();
  for (const m of text.matchAll(/(?<!\\)\$\{(\d+):([^}]*)\}/g)) if (!defaults.has(m[1]!)) defaults.set(m[1]!, m[2]!);
  const value = (n: string) => values[Number(n)] ?? defaults.get(n) ?? '';
  return text
    .replace(/(?<!\\)\$\{(\d+):[^}]*\}/g, (_m, n: string) => value(n))
    .replace(/(?<!\\)\$\{(\d+)\}|(?<!\\)\$(\d+)/g, (_m, a?: string, b?: string) => value((a ?? b)!))
    .replace(/\\([$}\\])/g, '$1')
    .split('\n').map((l, i) => (i === 0 || !l ? l : indent + l)).join('\n');
}

const TEMPLATE_HEAD = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  ';

function problems(uri: string, text: string): { sites: string[]; problems: string[] } {
  const analysis = service().analyze({ uri, text });
  assert.ok(analysis, `${uri} is read as a host file`);
  return {
    sites: analysis.sites.map((s) => `${s.site.name} ${s.kind}`).sort(),
    problems: analysis.findings.filter((f) => f.severity === 'error' || f.severity === 'warning')
      .map((f) => `${f.ruleId}: ${f.message} at «${text.slice(f.offset, f.offset + f.length)}»`),
  };
}

before(async () => {
  registerHost(terraformHost);
  await prepareHosts();
});

test('the snippets are there: three for CloudFormation YAML, six for Terraform, each offered for "healthlake"', () => {
  assert.deepEqual(Object.values(cfn).map((s) => s.prefix[0]).sort(), ['hlkms-cfn-creator-policy', 'hlkms-cfn-healthlake-statement', 'hlkms-cfn-key-datastore']);
  assert.deepEqual(Object.values(tf).map((s) => s.prefix[0]).sort(), [
    'hlkms-tf-creator-policy', 'hlkms-tf-creator-policy-document', 'hlkms-tf-healthlake-statement', 'hlkms-tf-healthlake-statement-block',
    'hlkms-tf-key-datastore', 'hlkms-tf-key-datastore-document']);
  for (const s of Object.values(cfn)) assert.ok(s.scope === 'yaml' && s.prefix.includes('healthlake'));
  for (const s of Object.values(tf)) assert.ok(s.scope === 'terraform' && s.prefix.includes('healthlake'));
});

test('CloudFormation: the key with its data store, filled in, is a clean template whose key is HealthLake\'s', () => {
  const text = TEMPLATE_HEAD + expand(byPrefix(cfn, 'hlkms-cfn-key-datastore'), { 1: 'PatientsKey', 2: 'ClinicalDataAdmin', 3: 'Patients', 4: 'patients-prod' }, '  ');
  const r = problems('file:///s/template.yaml', text);
  assert.deepEqual(r.problems, []);
  assert.deepEqual(r.sites, ['PatientsKey.KeyPolicy key-policy']);
  assert.match(text, /KmsKeyId: !GetAtt PatientsKey\.Arn/, 'the data store names the key the user named');
});

test('CloudFormation: the creator policy beside the key, and the HealthLake statement inserted into a key policy, lint clean', () => {
  const key = expand(byPrefix(cfn, 'hlkms-cfn-key-datastore'), {}, '  ');
  const creator = expand(byPrefix(cfn, 'hlkms-cfn-creator-policy'), { 2: 'HealthLakeAdmin', 3: 'DataStoreKey' }, '  ');
  const both = problems('file:///s/both.yaml', `${TEMPLATE_HEAD}${key}\n  ${creator}`);
  assert.deepEqual(both.problems, []);
  assert.deepEqual(both.sites, ['DataStoreCreatorPolicy.PolicyDocument identity-policy', 'DataStoreKey.KeyPolicy key-policy']);

  const root = `${TEMPLATE_HEAD}Key:\n    Type: AWS::KMS::Key\n    Properties:\n      KeyPolicy:\n        Version: 2012-10-17\n        Statement:\n`
    + '          - Sid: Enable IAM policies\n            Effect: Allow\n            Principal:\n              AWS: !Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:root\n'
    + '            Action: kms:*\n            Resource: "*"\n          ';
  const statement = expand(byPrefix(cfn, 'hlkms-cfn-healthlake-statement'), { 1: 'FhirImporter' }, '          ');
  assert.deepEqual(problems('file:///s/statement.yaml', root + statement).problems, []);
});

test('Terraform: each key-with-data-store snippet, filled in, is a clean module file whose key is HealthLake\'s', () => {
  for (const prefix of ['hlkms-tf-key-datastore', 'hlkms-tf-key-datastore-document']) {
    const text = expand(byPrefix(tf, prefix), { 1: 'patients', 2: 'var.importer_role_arn', 3: 'patients', 4: 'patients-prod' });
    const r = problems(`file:///s/${prefix}/main.tf`, text);
    assert.deepEqual(r.problems, [], prefix);
    assert.ok(r.sites.some((s) => s.endsWith('key-policy')), `${prefix}: ${r.sites.join(', ')}`);
  }
});

test('Terraform: the creator policy snippets lint clean as identity policies', () => {
  for (const prefix of ['hlkms-tf-creator-policy', 'hlkms-tf-creator-policy-document']) {
    const text = expand(byPrefix(tf, prefix), { 1: 'fhir_creator', 2: 'patients' });
    const r = problems(`file:///s/${prefix}/iam.tf`, text);
    assert.deepEqual(r.problems, [], prefix);
    assert.ok(r.sites.length > 0 && r.sites.every((s) => s.endsWith('identity-policy')), `${prefix}: ${r.sites.join(', ')}`);
  }
});

test('Terraform: the HealthLake statement, in jsonencode and as a statement block, inserted into a key policy, lints clean', () => {
  const rootStatement = '      {\n        Sid       = "Enable IAM policies"\n        Effect    = "Allow"\n'
    + '        Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }\n        Action    = "kms:*"\n        Resource  = "*"\n      },\n      ';
  const jsonencode = 'resource "aws_kms_key" "k" {\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [\n'
    + rootStatement + expand(byPrefix(tf, 'hlkms-tf-healthlake-statement'), { 1: 'var.importer_role_arn' }, '      ') + '\n    ]\n  })\n}\n';
  assert.deepEqual(problems('file:///s/jsonencode/main.tf', jsonencode).problems, []);

  const block = 'data "aws_iam_policy_document" "key" {\n  statement {\n    actions   = ["kms:*"]\n    resources = ["*"]\n'
    + '    principals {\n      type        = "AWS"\n      identifiers = ["arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"]\n    }\n  }\n\n  '
    + expand(byPrefix(tf, 'hlkms-tf-healthlake-statement-block'), { 1: 'var.importer_role_arn' }, '  ')
    + '\n}\n\nresource "aws_kms_key" "k" {\n  policy = data.aws_iam_policy_document.key.json\n}\n';
  const r = problems('file:///s/document/main.tf', block);
  assert.deepEqual(r.problems, []);
  assert.deepEqual(r.sites, ['data.aws_iam_policy_document.key key-policy']);
});
