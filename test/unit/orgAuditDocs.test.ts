/**
 * The least privilege the README documents for `hlkms audit --org`: the caller's policy, the member role's
 * policy and trust policy, and the StackSet template that deploys that role. Every one lints clean, the template
 * is what the JSON files say (one truth, two forms) and passes cfn-lint, and the trust policy lets in the audit
 * account's principals with the ExternalId and no one else. What the policies allow against what the audit
 * calls is checked in test/aws/orgAuditPermissions.test.ts, on a real run.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { evaluate } from '../../server/src/service/evaluate/index';
import { jsonModel, lint, service } from '../support/service';
import { analyze, describe, serious } from './hosts/support';
import { AUDIT_ACCOUNT, EXAMPLE_EXTERNAL_ID, MEMBER_ACCOUNT, readDoc } from '../support/orgAuditDocs';

const root = join(__dirname, '..', '..');
const read = readDoc;
const JSON_DOCS = ['org-audit-caller-permissions.json', 'org-audit-member-permissions.json', 'org-audit-member-trust.json'];
const TEMPLATE = 'org-audit-stackset.yaml';

for (const file of JSON_DOCS) {
  test(`docs/${file} lints clean (no error, no warning)`, () => {
    assert.deepEqual(serious(lint(read(file))).map((f) => `${f.ruleId}: ${f.message}`), []);
  });
}

test(`docs/${TEMPLATE} lints clean, and hlkms reads both of its policies`, () => {
  const text = read(TEMPLATE);
  const analysis = analyze(text, TEMPLATE);
  assert.equal(analysis.sites.length, 2, 'the trust policy and the role policy');
  assert.equal(describe(text, serious(analysis.findings)), '');
});

const cfnLint = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' }).status === 0;
test(`cfn-lint finds nothing in docs/${TEMPLATE}`, { skip: !cfnLint && 'cfn-lint is not on PATH' }, () => {
  const run = spawnSync('cfn-lint', ['--format', 'json', join(root, 'docs', TEMPLATE)], { encoding: 'utf8', timeout: 120_000 });
  assert.deepEqual(JSON.parse(run.stdout || '[]'), [], run.stderr);
});

/** The template as plain data, with `!Sub` and `!Ref` resolved for one member account (parameters at their example values). */
function templateFor(account: string): { trust: unknown; policy: unknown } {
  const values: Record<string, string> = {
    'AWS::Partition': 'aws', 'AWS::AccountId': account, AuditAccountId: AUDIT_ACCOUNT, ExternalId: EXAMPLE_EXTERNAL_ID, RoleName: 'HlkmsAudit',
  };
  const lookup = (name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`the template refers to ${name}, which this test does not know`);
    return value;
  };
  const doc = parseDocument(read(TEMPLATE), {
    customTags: [
      { tag: '!Sub', resolve: (s: string) => s.replace(/\$\{([\w:]+)\}/g, (_, name: string) => lookup(name)) },
      { tag: '!Ref', resolve: (s: string) => lookup(s) },
      { tag: '!GetAtt', resolve: (s: string) => `<${s}>` },
    ],
  });
  const role = (doc.toJS() as { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> }).Resources;
  const [properties] = Object.values(role).filter((r) => r.Type === 'AWS::IAM::Role').map((r) => r.Properties);
  assert.ok(properties, 'the template creates a role');
  assert.equal(properties.RoleName, 'HlkmsAudit');
  const policies = properties.Policies as { PolicyDocument: unknown }[];
  assert.equal(policies.length, 1);
  return { trust: properties.AssumeRolePolicyDocument, policy: policies[0]!.PolicyDocument };
}

test(`docs/${TEMPLATE} deploys exactly the documented trust policy and role policy`, () => {
  const deployed = templateFor(MEMBER_ACCOUNT);
  assert.deepEqual(deployed.trust, JSON.parse(read('org-audit-member-trust.json')));
  assert.deepEqual(deployed.policy, JSON.parse(read('org-audit-member-permissions.json')));
});

test('the trust policy lets in the audit account with the ExternalId, and no one else', () => {
  // A trust policy's statements name no Resource: they apply to the role itself. The evaluator matches a
  // statement without Resource to nothing, so it reads them here with the role as their resource.
  const trust = JSON.parse(read('org-audit-member-trust.json')) as { Statement: Record<string, unknown>[] };
  for (const statement of trust.Statement) statement.Resource = '*';
  const model = jsonModel(service(), JSON.stringify(trust));
  const assume = (principal: string, externalId?: string) => evaluate(model, {
    principal, action: 'sts:AssumeRole', context: externalId === undefined ? {} : { 'sts:ExternalId': externalId },
  }).decision;
  const auditor = `arn:aws:iam::${AUDIT_ACCOUNT}:role/Auditor`;
  assert.equal(assume(auditor, EXAMPLE_EXTERNAL_ID), 'Allow');
  assert.equal(assume(auditor), 'ImplicitDeny', 'without the ExternalId');
  assert.equal(assume(auditor, 'another-id'), 'ImplicitDeny', 'with another ExternalId');
  assert.equal(assume(`arn:aws:iam::${MEMBER_ACCOUNT}:role/Auditor`, EXAMPLE_EXTERNAL_ID), 'ImplicitDeny', 'from another account');
});

test('the caller may assume only the audit role', () => {
  const model = jsonModel(service(), read('org-audit-caller-permissions.json'));
  const principal = `arn:aws:iam::${AUDIT_ACCOUNT}:role/Auditor`;
  const assume = (role: string) => evaluate(model, { principal, action: 'sts:AssumeRole', resource: `arn:aws:iam::${MEMBER_ACCOUNT}:role/${role}` }).decision;
  assert.equal(assume('HlkmsAudit'), 'Allow');
  assert.equal(assume('OrganizationAccountAccessRole'), 'ImplicitDeny');
});

