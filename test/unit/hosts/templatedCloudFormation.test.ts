/**
 * CloudFormation templates that a templating tool fills in before deploying (Sceptre and Ansible Jinja, Serverless
 * Framework variables), and templates hlkms cannot read in part: a template with holes is no "not valid YAML",
 * and one unreadable construct gives one finding, never a verdict built on it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { holes } from '../../../server/src/service/symbolic';
import { analyze, describe, lineOf, serious, span } from './support';

// As Sceptre renders `templates/kms.yaml.j2` with `sceptre_user_data`.
const sceptre = `AWSTemplateFormatVersion: '2010-09-09'
Description: {{ sceptre_user_data.description | default("HealthLake key") }}
{# one statement per reader role #}
Resources:
  HealthLakeKey:
    Type: AWS::KMS::Key
    Properties:
      EnableKeyRotation: true
      KeyPolicy:
        Version: '2012-10-17'
        Statement:
          - Sid: EnableRoot
            Effect: Allow
            Principal:
              AWS: arn:aws:iam::{{ sceptre_user_data.account_id }}:root
            Action: kms:*
            Resource: '*'
{% for role in sceptre_user_data.reader_roles %}
          - Sid: Reader{{ loop.index }}
            Effect: Allow
            Principal:
              AWS: {{ role }}
            Action:
              - kms:Decrypt
              - kms:DescribeKey
            Resource: '*'
{% endfor %}
{% if sceptre_user_data.alias %}
  HealthLakeKeyAlias:
    Type: AWS::KMS::Alias
    Properties:
      AliasName: alias/{{ sceptre_user_data.alias }}
      TargetKeyId: !Ref HealthLakeKey
{% endif %}
`;

test('a Jinja-templated template (Sceptre) is a template with holes: no syntax error, no false alarm', () => {
  for (const name of ['kms.yaml', 'kms.yaml.j2']) {
    const a = analyze(sceptre, name);
    assert.equal(a.host, 'cloudformation', name);
    assert.deepEqual(serious(a.findings), [], `${name}\n${describe(sceptre, a.findings)}`);
    assert.deepEqual(a.sites.map((s) => s.site.name), ['HealthLakeKey.KeyPolicy']);
    const variants = a.sites[0]!.variants.map((v) => JSON.parse(v.text));
    assert.deepEqual(variants.map((p) => p.Statement.length).sort(), [1, 2], 'the looped statement may be absent');
    const root = variants[0].Statement[0].Principal.AWS as string;
    assert.deepEqual(holes(root).map((h) => h.kind), ['account']);
  }
});

test('a mistake inside a Jinja loop is found on its characters', () => {
  const text = sceptre.replace('              - kms:DescribeKey', '              - kms:DescribeKeys');
  const a = analyze(text, 'kms.yaml');
  const f = a.findings.find((x) => x.ruleId === 'unknown-action');
  assert.ok(f, describe(text, a.findings));
  assert.equal(span(text, f), 'kms:DescribeKeys');
});

test('Serverless Framework variables in a template\'s plain strings are holes, not malformed principals', () => {
  const text = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Version: '2012-10-17'
        Statement:
          - Sid: Root
            Effect: Allow
            Principal:
              AWS: arn:aws:iam::\${aws:accountId}:root
            Action: kms:*
            Resource: '*'
          - Sid: Admins
            Effect: Allow
            Principal:
              AWS: \${self:custom.kmsAdminArns}
            Action: [kms:Describe*, kms:Put*, kms:Create*, kms:Enable*, kms:Disable*]
            Resource: '*'
          - Sid: ViaService
            Effect: Allow
            Principal:
              AWS: arn:aws:iam::#{AWS::AccountId}:role/\${self:service}-\${sls:stage}-lambda
            Action: kms:Decrypt
            Resource: '*'
            Condition:
              StringEquals:
                kms:ViaService: s3.\${aws:region}.amazonaws.com
`;
  const a = analyze(text, 'resources.yml');
  assert.deepEqual(serious(a.findings), [], describe(text, a.findings));
  const p = JSON.parse(a.sites[0]!.variants[0]!.text);
  assert.deepEqual(holes(p.Statement[0].Principal.AWS).map((h) => h.kind), ['account']);
  assert.deepEqual(holes(p.Statement[2].Condition.StringEquals['kms:ViaService']).map((h) => h.kind), ['region']);
});

test('a JSON-string policy that does not parse: its first error only, and no lockout built on the rest', () => {
  const text = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy: |
        {"Version": "2012-10-17", "Statement": [
          {"Effect": "Allow", "Principal": {"AWS": \${admins}}, "Action": "kms:Decrypt", "Resource": "*"}
          {"Effect": "Deny" "Principal": "*", "Action": "kms:*", "Resource": "*"}
        ]}
`;
  const a = analyze(text, 'template.yaml');
  assert.equal(a.findings.length, 1, describe(text, a.findings));
  assert.equal(a.findings[0]!.ruleId, 'json-syntax');
  assert.equal(lineOf(text, a.findings[0]!.offset), 8);
});

test('a JSON template with a syntax error: one finding, and no verdict on what follows it', () => {
  const template = {
    AWSTemplateFormatVersion: '2010-09-09',
    Resources: {
      Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] } } },
      Key: { Type: 'AWS::KMS::Key', Properties: { KeyPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/app' }, Action: 'kms:Decrypt', Resource: '*' }] } } },
    },
  };
  const text = JSON.stringify(template, null, 2).replace('"sts:AssumeRole"', '"sts:AssumeRole",,');
  const a = analyze(text, 'template.json');
  assert.deepEqual(a.findings.map((f) => f.ruleId), ['template-syntax'], describe(text, a.findings));
});

test('placeholders inside a JSON-string policy are holes too', () => {
  const text = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy: |
        {"Version": "2012-10-17", "Statement": [
          {"Sid": "Root", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::{{ account_id }}:root"}, "Action": "kms:*", "Resource": "*"},
          {"Sid": "Sls", "Effect": "Allow", "Principal": {"AWS": "\${self:custom.role}"}, "Action": "kms:Decrypt", "Resource": "*"}
        ]}
`;
  const a = analyze(text, 'template.yaml');
  assert.deepEqual(serious(a.findings), [], describe(text, a.findings));
  const p = JSON.parse(a.sites[0]!.variants[0]!.text);
  assert.deepEqual(holes(p.Statement[0].Principal.AWS).map((h) => h.kind), ['account']);
});

test('a Jinja-templated JSON template (Sceptre .json.j2): blocks and unquoted placeholders read, a mistake in the loop found', () => {
  const text = `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Key": {
      "Type": "AWS::KMS::Key",
      "Properties": {
        "KeyPolicy": {
          "Version": "2012-10-17",
          "Statement": [
            {
              "Sid": "Root",
              "Effect": "Allow",
              "Principal": { "AWS": { "Fn::Sub": "arn:aws:iam::\${AWS::AccountId}:root" } },
              "Action": "kms:*",
              "Resource": "*"
            }{% for arn in reader_arns %},
            {
              "Effect": "Allow",
              "Principal": { "AWS": {{ arn | tojson }} },
              "Action": ["kms:Decrypt", "kms:DescribeKeys"],
              "Resource": "*"
            }{% endfor %}
          ]
        }
      }
    }
  }
}`;
  const a = analyze(text, 'kms.json.j2');
  assert.equal(a.host, 'cloudformation');
  assert.deepEqual(serious(a.findings).map((f) => `${f.ruleId} ${span(text, f)}`), ['unknown-action "kms:DescribeKeys"'], describe(text, a.findings));
  assert.equal(a.sites[0]!.variants.length, 2);
  const looped = JSON.parse(a.sites[0]!.variants.find((v) => JSON.parse(v.text).Statement.length === 2)!.text).Statement[1];
  assert.deepEqual(holes(looped.Principal.AWS).map((h) => h.display), ['arn | tojson']);
});

test('CloudFormation\'s own ${AWS::AccountId} outside !Sub is not a placeholder: it stays the mistake it is', () => {
  const text = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal:
              AWS: arn:aws:iam::\${AWS::AccountId}:root
            Action: kms:*
            Resource: '*'
`;
  const a = analyze(text, 'template.yaml');
  assert.deepEqual(serious(a.findings).map((f) => `${f.ruleId} ${span(text, f)}`), ['principal-format arn:aws:iam::${AWS::AccountId}:root']);
});
