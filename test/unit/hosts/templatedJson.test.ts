/**
 * Policies that a templating tool renders, written the way real projects write them: Serverless Framework policy
 * files, Jinja (Sceptre, Ansible), Mustache/Handlebars, placeholders outside strings, CloudFormation intrinsic
 * objects in a policy a CDK app loads, documentation placeholders. Holes never raise a false alarm; real mistakes
 * around them are still found; a template hlkms cannot read gets one finding and no verdict.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { holes } from '../../../server/src/service/symbolic';
import { service } from '../../support/service';
import { analyze, describe, lineOf, serious, span } from './support';

const projection = (text: string, name: string, variant = 0) => JSON.parse(analyze(text, name).sites[0]!.variants[variant]!.text);
const holeKinds = (v: string) => holes(v).map((h) => h.kind);

// A key policy file that serverless.yml loads with `${file(./kms-key-policy.json)}`.
const serverlessPolicy = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Enable IAM User Permissions",
      "Effect": "Allow",
      "Principal": { "AWS": "arn:aws:iam::#{AWS::AccountId}:root" },
      "Action": "kms:*",
      "Resource": "*"
    },
    {
      "Sid": "Allow the service role to use the key",
      "Effect": "Allow",
      "Principal": { "AWS": "\${self:custom.serviceRoleArn}" },
      "Action": ["kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey", "kms:CreateGrant"],
      "Resource": "*",
      "Condition": {
        "StringEquals": {
          "kms:ViaService": "healthlake.\${aws:region}.amazonaws.com",
          "kms:CallerAccount": "\${aws:accountId}"
        }
      }
    },
    {
      "Sid": "Per-user prefix",
      "Effect": "Allow",
      "Principal": { "AWS": "arn:aws:iam::\${aws:accountId}:role/\${opt:stage, 'dev'}-reader" },
      "Action": "kms:Decrypt",
      "Resource": "*",
      "Condition": { "StringLike": { "kms:EncryptionContext:aws:s3:arn": "arn:aws:s3:::bucket/\${aws:username}/*" } }
    }
  ]
}`;

test('Serverless Framework variables and pseudo parameters: no false alarm, this account and Region known, IAM variables kept', () => {
  const a = analyze(serverlessPolicy, 'kms-key-policy.json');
  assert.equal(a.host, 'template-json');
  assert.deepEqual(serious(a.findings), [], describe(serverlessPolicy, a.findings));
  const p = projection(serverlessPolicy, 'kms-key-policy.json');
  assert.deepEqual(holeKinds(p.Statement[0].Principal.AWS), ['account']);
  assert.deepEqual(holeKinds(p.Statement[1].Principal.AWS), ['opaque']);
  assert.deepEqual(holeKinds(p.Statement[1].Condition.StringEquals['kms:ViaService']), ['region']);
  assert.deepEqual(holeKinds(p.Statement[1].Condition.StringEquals['kms:CallerAccount']), ['account']);
  assert.match(p.Statement[2].Condition.StringLike['kms:EncryptionContext:aws:s3:arn'], /\$\{aws:username\}/);
});

test('a real mistake next to Serverless placeholders is still found on its characters', () => {
  const text = serverlessPolicy.replace('"kms:GenerateDataKey",', '"kms:GenerateDataKeys",');
  const a = analyze(text, 'kms-key-policy.json');
  const found = serious(a.findings).map((f) => `${f.ruleId} ${span(text, f)}`);
  assert.ok(found.includes('unknown-action "kms:GenerateDataKeys"'), found.join('\n'));
});

// Jinja as Ansible and Sceptre write it: a comment, a loop that emits statements, a filter emitting JSON.
const jinja = `{
  "Version": "2012-10-17",
  "Statement": [
    {# the account root keeps control of the key #}
    {
      "Sid": "EnableRoot",
      "Effect": "Allow",
      "Principal": { "AWS": "arn:aws:iam::{{ aws_account_id }}:root" },
      "Action": "kms:*",
      "Resource": "*"
    }{% for role in reader_roles %},
    {
      "Sid": "Reader{{ loop.index }}",
      "Effect": "Allow",
      "Principal": { "AWS": "{{ role }}" },
      "Action": ["kms:Decrypt", "kms:DescribeKey"],
      "Resource": {{ key_resources | tojson }}
    }{% endfor %}{% if deny_outside_org %},
    {
      "Sid": "DenyOutsideOrg",
      "Effect": "Deny",
      "Principal": "*",
      "Action": "kms:*",
      "Resource": "*",
      "Condition": { "StringNotEquals": { "aws:PrincipalOrgID": "{{ org_id }}" } }
    }{% endif %}
  ]
}`;

test('Jinja: comments and blocks are not syntax errors, and what a block wraps is a statement that may be absent', () => {
  const a = analyze(jinja, 'key-policy.json.j2');
  assert.deepEqual(serious(a.findings), [], describe(jinja, a.findings));
  const variants = a.sites[0]!.variants.map((v) => JSON.parse(v.text).Statement.map((s: { Sid: string }) => s.Sid));
  assert.ok(variants.some((sids) => sids.length === 1), JSON.stringify(variants));
  assert.ok(variants.some((sids) => sids.length === 3), JSON.stringify(variants));
});

test('a statement inside {% if %} may be absent: no lockout verdict built on it either way', () => {
  const policy = (root: string) => `{
  "Version": "2012-10-17",
  "Statement": [
    ${root}
    { "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::{{ account }}:role/app" }, "Action": "kms:Decrypt", "Resource": "*" }
  ]
}`;
  const rootStatement = '{ "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::{{ account }}:root" }, "Action": "kms:*", "Resource": "*" },';
  // Without the root statement nobody may change the key policy: a lockout.
  assert.ok(analyze(policy(''), 'key.json.j2').findings.some((f) => f.ruleId === 'lockout-put-key-policy'));
  // With it inside a block, the lockout holds in only one of the ways the template renders: no warning.
  const wrapped = policy(`{% if manage_key %}${rootStatement}{% endif %}`);
  const a = analyze(wrapped, 'key.json.j2');
  assert.deepEqual(serious(a.findings), [], describe(wrapped, a.findings));
  assert.equal(a.sites[0]!.variants.length, 2);
});

test('Mustache and Handlebars: {{x}}, {{{x}}}, {{#each}} ... {{/each}}', () => {
  const text = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": { "AWS": "arn:aws:iam::{{accountId}}:root" },
      "Action": "kms:*",
      "Resource": "*"
    }{{#each readers}},
    {
      "Effect": "Allow",
      "Principal": { "AWS": {{{json this}}} },
      "Action": "kms:Decrypt",
      "Resource": "*"
    }{{/each}}
  ]
}`;
  const a = analyze(text, 'key-policy.json.hbs');
  assert.deepEqual(serious(a.findings), [], describe(text, a.findings));
});

test('placeholders written unquoted in value positions are values, not 30 syntax errors', () => {
  const text = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Admins",
      "Effect": "Allow",
      "Principal": { "AWS": \${admins} },
      "Action": "kms:*",
      "Resource": "*"
    },
    {
      "Sid": "Users",
      "Effect": "Allow",
      "Principal": { "AWS": [\${user_arns}] },
      "Action": ["kms:Decrypt"],
      "Resource": {{ arns | tojson }},
      "Condition": { "StringEquals": { "aws:SourceVpc": [\${ACCEL_LOOKUP::VPC_ID:Network-Endpoints}] } }
    }
  ]
}`;
  const a = analyze(text, 'key-policy.json');
  assert.deepEqual(serious(a.findings), [], describe(text, a.findings));
});

test('one unreadable construct in a template: one syntax finding at it, no lockout and no other verdict', () => {
  const text = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": { "AWS": \${admins} },
      "Action": "kms:Decrypt"
      "Resource": "*"
    },
    { "Effect": "Deny", "Principal": "*", "Action": "kms:*", "Resource": "*" }
  ]
}`;
  const a = analyze(text, 'key-policy.json.tpl');
  assert.deepEqual(a.findings.map((f) => `${f.ruleId} L${lineOf(text, f.offset)}`), ['json-syntax L8'], describe(text, a.findings));
  assert.equal(a.sites.length, 0);
});

// The JSON key policy a CDK app loads with `JSON.parse(readFileSync(...))` and passes to CfnKey / a pipeline deploys.
const withIntrinsics = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Enable IAM User Permissions",
      "Effect": "Allow",
      "Principal": { "AWS": { "Fn::Sub": "arn:\${AWS::Partition}:iam::\${AWS::AccountId}:root" } },
      "Action": "kms:*",
      "Resource": "*"
    },
    {
      "Sid": "HealthLake",
      "Effect": "Allow",
      "Principal": { "AWS": { "Fn::GetAtt": ["HealthLakeRole", "Arn"] } },
      "Action": ["kms:Decrypt", "kms:GenerateDataKey*", "kms:DescribeKey"],
      "Resource": "*",
      "Condition": {
        "StringEquals": {
          "kms:CallerAccount": { "Ref": "AWS::AccountId" },
          "kms:ViaService": { "Fn::Join": ["", ["healthlake.", { "Ref": "AWS::Region" }, ".amazonaws.com"]] }
        }
      }
    }
  ]
}`;

test('CloudFormation intrinsic objects in a plain JSON policy are read as CloudFormation reads them', () => {
  const a = analyze(withIntrinsics, 'healthlake-key-policy.json');
  assert.equal(a.host, 'template-json');
  assert.deepEqual(serious(a.findings), [], describe(withIntrinsics, a.findings));
  const p = projection(withIntrinsics, 'healthlake-key-policy.json');
  assert.deepEqual(holeKinds(p.Statement[0].Principal.AWS), ['partition', 'account']);
  assert.deepEqual(holeKinds(p.Statement[1].Condition.StringEquals['kms:CallerAccount']), ['account']);
  assert.deepEqual(holeKinds(p.Statement[1].Condition.StringEquals['kms:ViaService']), ['region']);
  const typo = withIntrinsics.replace('"kms:DescribeKey"]', '"kms:DescribeKeys"]');
  assert.ok(analyze(typo, 'healthlake-key-policy.json').findings.some((f) => f.ruleId === 'unknown-action' && span(typo, f) === '"kms:DescribeKeys"'));
});

test('documentation placeholders are holes; an example account id is a real value', () => {
  const doc = (account: string) => `{
  "Version": "2012-10-17",
  "Statement": [{
    "Sid": "Enable IAM User Permissions",
    "Effect": "Allow",
    "Principal": { "AWS": "arn:aws:iam::${account}:root" },
    "Action": "kms:*",
    "Resource": "*"
  }, {
    "Effect": "Allow",
    "Principal": { "AWS": "arn:aws:iam::${account}:role/HealthLakeAccess" },
    "Action": ["kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey", "kms:CreateGrant"],
    "Resource": "*",
    "Condition": { "StringEquals": { "kms:ViaService": "healthlake.<region>.amazonaws.com" } }
  }]
}`;
  for (const account of ['<ACCOUNT_ID>', 'ACCOUNT_NUMBER_HERE', 'ACCOUNT-ID']) {
    const text = doc(account);
    const a = analyze(text, 'key-policy.json');
    assert.deepEqual(serious(a.findings), [], `${account}\n${describe(text, a.findings)}`);
    assert.deepEqual(holeKinds(projection(text, 'key-policy.json').Statement[0].Principal.AWS), ['account'], account);
  }
  const real = doc('111122223333').replace('<region>', 'us-east-1');
  assert.equal(service().analyze({ uri: 'file:///work/key-policy.json', text: real })?.host, 'json', 'a plain policy is not a template');
});

test('which file is a template stays precise: plain policies and non-policy JSON behave as before', () => {
  const plain = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/${aws:username}/*' }] }, null, 2);
  assert.equal(service().analyze({ uri: 'file:///work/policy.json', text: plain })?.host, 'json');
  for (const other of ['{"scripts": {"build": "tsc -p ${workspaceFolder}"}}', '{"name": "{{ project }}", "items": [{{ items }}]}', '{"Ref": "AWS::AccountId"}']) {
    const a = service().analyze({ uri: 'file:///work/config.json', text: other });
    assert.ok(!a || (a.host === 'json' && a.findings.length === 0), other);
  }
});

test('a placeholder standing for statements, a whole Statement or an object\'s members is no malformed policy', () => {
  const head = '{\n  "Version": "2012-10-17",\n  "Statement": ';
  const root = '{ "Sid": "Root", "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::${account_id}:root" }, "Action": "kms:*", "Resource": "*" }';
  const cases = [
    `${head}[\n    ${root},\n    \${extra_statements}\n  ]\n}`,
    `${head}\${statements}\n}`,
    `${head}[\n    { "Sid": "Root", "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::\${account_id}:root" }, "Action": \${actions}, "Resource": "*",\n      \${extra_condition}\n    }\n  ]\n}`,
    `${head}[\n    { \${common}, "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::\${account_id}:root" }, "Action": "kms:*", "Resource": "*" }\n  ]\n}`,
  ];
  for (const text of cases) {
    const a = analyze(text, 'key-policy.json.tpl');
    assert.deepEqual(serious(a.findings), [], `${text}\n${describe(text, a.findings)}`);
    assert.equal(a.sites.length, 1, text);
  }
  // A statement written as a literal string is still a mistake.
  const literal = `${head}[\n    ${root},\n    "extra"\n  ]\n}`;
  assert.ok(analyze(literal, 'key-policy.json.tpl').findings.some((f) => f.ruleId === 'policy-schema' && span(literal, f) === '"extra"'));
});

test('Terraform template directives: %{ for } with a trailing comma and %{ if } around a statement', () => {
  const text = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Root",
      "Effect": "Allow",
      "Principal": { "AWS": "arn:\${partition}:iam::\${account_id}:root" },
      "Action": "kms:*",
      "Resource": "*"
    },
    {
      "Sid": "Admins",
      "Effect": "Allow",
      "Principal": { "AWS": [
        %{ for arn in admin_arns ~}
        "\${arn}",
        %{ endfor ~}
      ] },
      "Action": ["kms:Describe*", "kms:Put*"],
      "Resource": "*"
    }%{ if enable_grants },
    {
      "Sid": "Grants",
      "Effect": "Allow",
      "Principal": { "AWS": \${jsonencode(user_arns)} },
      "Action": "kms:CreateGrant",
      "Resource": "*",
      "Condition": { "Bool": { "kms:GrantIsForAWSResource": "true" } }
    }%{ endif }
  ]
}`;
  const a = analyze(text, 'kms-policy.json.tpl');
  assert.deepEqual(serious(a.findings), [], describe(text, a.findings));
  // The looped principal and the statement in `%{ if }` may each be absent.
  assert.equal(a.sites[0]!.variants.length, 4);
});
