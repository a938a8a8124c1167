import { test } from 'node:test';
import assert from 'node:assert/strict';
import { displayValue, holes } from '../../../server/src/service/symbolic';
import { service } from '../../support/service';
import { analyze, applyHostFix, describe, fixture, serious, span } from './support';

const key = (policy: string, extra = '') => `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  OtherAccount:
    Type: String
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Version: 2012-10-17, Statement: [{Effect: Allow, Principal: {Service: healthlake.amazonaws.com}, Action: sts:AssumeRole}]}
${extra}  Key:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
${policy}`;

/** The first site's projection with holes as the host writes them. */
const projection = (text: string, site = 'Key.KeyPolicy') => {
  const s = analyze(text).sites.find((x) => x.site.name === site);
  assert.ok(s, `no site ${site}`);
  return JSON.parse(s.variants[0]!.text);
};

test('Kubernetes, Helm and other YAML stay silent; plain JSON policies are read as JSON', () => {
  const s = service();
  const none = (uri: string, text: string) => assert.equal(s.analyze({ uri, text }), undefined, uri);
  none('file:///chart/templates/configmap.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Values.name }}\ndata:\n  Resources: x\n');
  none('file:///k8s/deploy.yml', 'apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers: []\n');
  none('file:///ci/.github/workflows/ci.yml', 'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n');
  assert.equal(s.analyze({ uri: 'file:///p/key-policy.json', text: fixture('../healthlake/guide-example.json') })?.host, 'json');
  none('file:///p/notes.txt', 'AWSTemplateFormatVersion: "2010-09-09"\nResources: {}\n');
});

test('templates are found by the format version, or by Resources with an AWS type (SAM too), in .yaml, .yml, .json and .template', () => {
  const s = service();
  const yes = (uri: string, text: string) => assert.equal(s.analyze({ uri, text })?.host, 'cloudformation', uri);
  yes('file:///a/t.yaml', 'AWSTemplateFormatVersion: "2010-09-09"\nResources: {}\n');
  yes('file:///a/sam.yml', 'Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n');
  yes('file:///a/t.template', 'Resources:\n  K:\n    Type: AWS::KMS::Key\n');
  yes('file:///a/t.template', '{"Resources": {"K": {"Type": "AWS::KMS::Key"}}}');
  yes('file:///a/t.json', fixture('key-and-role.template.json'));
});

test('pseudo parameters are known symbols, parameters opaque, !Ref and !GetAtt name what they refer to', () => {
  const p = projection(key(`        Version: 2012-10-17
        Statement:
          - Effect: Allow
            Principal:
              AWS:
                - !Sub arn:\${AWS::Partition}:iam::\${AWS::AccountId}:root
                - !GetAtt Role.Arn
                - !GetAtt [Role, Arn]
                - Fn::GetAtt: Role.Arn
                - !Sub arn:aws:iam::\${OtherAccount}:root
                - !Ref Role
            Action: kms:*
            Resource: "*"
`));
  const aws: string[] = p.Statement[0].Principal.AWS;
  assert.deepEqual(aws.map((v) => holes(v).map((h) => h.kind)), [['partition', 'account'], ['arn:role'], ['arn:role'], ['arn:role'], ['opaque'], ['name:role']]);
  assert.equal(displayValue(aws[0]!), 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root');
});

test('Fn::Sub with a variable map, ${!Literal}, Fn::Join, Fn::Select, Fn::Split and Fn::ImportValue', () => {
  const p = projection(key(`        Version: 2012-10-17
        Statement:
          - Effect: Allow
            Principal: {AWS: !Sub "arn:aws:iam::\${AWS::AccountId}:root"}
            Action: kms:*
            Resource:
              - !Sub ["arn:aws:kms:\${R}:\${AWS::AccountId}:key/\${Id}", {R: eu-west-1, Id: !ImportValue KeyId}]
              - !Sub "arn:aws:s3:::b/\${!Literal}"
              - Fn::Join: ["", ["arn:aws:s3:::", !Ref OtherAccount, "/x"]]
              - !Select [1, [a, b, c]]
              - !Select [0, !Split [",", "x,y"]]
`));
  assert.deepEqual(p.Statement[0].Resource.map(displayValue), [
    'arn:aws:kms:eu-west-1:${AWS::AccountId}:key/${Fn::ImportValue}', 'arn:aws:s3:::b/${Literal}', 'arn:aws:s3:::${OtherAccount}/x', 'b', 'x']);
});

test('Fn::If is a choice and AWS::NoValue removes the element', () => {
  const a = analyze(key(`        Version: 2012-10-17
        Statement:
          - Effect: Allow
            Principal: {AWS: !Sub "arn:aws:iam::\${AWS::AccountId}:root"}
            Action: kms:*
            Resource: "*"
            Condition: !If [HasOrg, {StringEquals: {aws:PrincipalOrgID: o-abc}}, !Ref AWS::NoValue]
`));
  const [yes, no] = a.sites.find((s) => s.site.name === 'Key.KeyPolicy')!.variants.map((v) => JSON.parse(v.text).Statement[0]);
  assert.deepEqual(yes.Condition, { StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } });
  assert.equal('Condition' in no, false);
});

test('unquoted Version, comments, flow style and a trust policy lint clean', () => {
  const text = key(`        # The key's policy: account root plus a role that reads.
        Version: 2012-10-17 # unquoted: a string in CloudFormation
        Statement:
          - {Effect: Allow, Principal: {AWS: !Sub "arn:\${AWS::Partition}:iam::\${AWS::AccountId}:root"}, Action: "kms:*", Resource: "*"}
          - Effect: Allow
            Principal:
              AWS: !GetAtt Role.Arn   # the role's ARN
            Action: [kms:Decrypt, kms:DescribeKey]
            Resource: '*'
`);
  assert.deepEqual(serious(analyze(text).findings), [], describe(text, analyze(text).findings));
});

test('the clean HealthLake template (intrinsics, a condition, an alias, the data store) has no error or warning', () => {
  const text = fixture('clean-healthlake.yaml');
  const { findings, sites } = analyze(text);
  assert.deepEqual(sites.map((s) => [s.site.name, s.kind]), [
    ['HealthLakeRole.AssumeRolePolicyDocument', 'resource-policy'], ['HealthLakeKeyUse.PolicyDocument', 'identity-policy'], ['DatastoreKey.KeyPolicy', 'key-policy']]);
  assert.deepEqual(serious(findings), [], describe(text, findings));
});

test('a policy given as a JSON string: findings on the exact characters, in block scalars, !Sub bodies and quoted strings', () => {
  const text = fixture('json-string-policies.yaml');
  const { findings } = analyze(text);
  const of = (id: string) => findings.filter((f) => f.ruleId === id).map((f) => span(text, f));
  assert.deepEqual(of('unknown-action'), ['"kms:Decrpyt"']);
  assert.deepEqual(of('healthlake-via-service'), ['"healthlake.amazonaws.com"']);
  assert.deepEqual(of('statement-effect'), ['\\"Alow\\"']);
  assert.equal(of('principal-format').length, 0, describe(text, findings));
});

test('a JSON template: sites, intrinsics in long form and findings at host ranges', () => {
  const text = fixture('key-and-role.template.json');
  const a = analyze(text, 'key-and-role.template.json');
  assert.deepEqual(a.sites.map((s) => s.site.name), ['Key.KeyPolicy', 'Role.AssumeRolePolicyDocument']);
  const p = JSON.parse(a.sites[0]!.variants[0]!.text);
  assert.deepEqual(holes(p.Statement[1].Principal.AWS).map((h) => h.kind), ['arn:role']);
  // The role's statement (a principal given as !GetAtt, in this account) lacks DescribeKey and CreateGrant and uses
  // the global ViaService name: two mistakes, each reported once, as on the same policy written in plain JSON.
  assert.deepEqual(serious(a.findings).map((f) => f.ruleId).sort(), ['healthlake-missing-action', 'healthlake-via-service'], describe(text, a.findings));
});

test('a YAML syntax error gives one clear finding and the rest of the template is still checked', () => {
  const text = fixture('guide-example.yaml').replace('Resources:\n', 'Resources:\n  Broken:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyDocument: {Version: 2012-10-17\n');
  const { findings } = analyze(text);
  assert.equal(findings.filter((f) => f.ruleId === 'template-syntax').length, 1, describe(text, findings));
  assert.ok(findings.some((f) => f.ruleId === 'healthlake-via-service'));
});

test('every policy site: replica keys, inline policies of roles, users and groups, and a JSON string in a JSON template', () => {
  const doc = (action: string) => `{Version: 2012-10-17, Statement: [{Effect: Allow, Action: ${action}, Resource: "*"}]}`;
  const text = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Replica:
    Type: AWS::KMS::ReplicaKey
    Properties:
      PrimaryKeyArn: arn:aws:kms:us-east-1:111122223333:key/mrk-1
      KeyPolicy: {Version: 2012-10-17, Statement: [{Effect: Allow, Principal: {AWS: !Sub "arn:aws:iam::\${AWS::AccountId}:root"}, Action: "kms:*", Resource: "*"}]}
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Version: 2012-10-17, Statement: [{Effect: Allow, Principal: {Service: healthlake.amazonaws.com}, Action: sts:AssumeRole}]}
      Policies:
        - PolicyName: a
          PolicyDocument: ${doc('kms:Decrpyt')}
        - PolicyName: b
          PolicyDocument: ${doc('s3:GetObject')}
  User:
    Type: AWS::IAM::User
    Properties:
      Policies: [{PolicyName: u, PolicyDocument: ${doc('kms:Encrypt')}}]
  Group:
    Type: AWS::IAM::Group
    Properties:
      Policies: [{PolicyName: g, PolicyDocument: ${doc('kms:Encrypt')}}]
`;
  const a = analyze(text);
  assert.deepEqual(a.sites.map((s) => [s.site.name, s.kind]), [
    ['Replica.KeyPolicy', 'key-policy'], ['Role.AssumeRolePolicyDocument', 'resource-policy'], ['Role.Policies[0].PolicyDocument', 'identity-policy'],
    ['Role.Policies[1].PolicyDocument', 'identity-policy'], ['User.Policies[0].PolicyDocument', 'identity-policy'], ['Group.Policies[0].PolicyDocument', 'identity-policy']]);
  assert.deepEqual(a.findings.filter((f) => f.ruleId === 'unknown-action').map((f) => span(text, f)), ['kms:Decrpyt']);
  const json = JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: { K: { Type: 'AWS::IAM::ManagedPolicy', Properties: {
    PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:Decrpyt', Resource: '*' }] }) } } } }, null, 2);
  const [f] = analyze(json, 't.json').findings.filter((x) => x.ruleId === 'unknown-action');
  assert.ok(f);
  assert.equal(span(json, f), '\\"kms:Decrpyt\\"');
  assert.match(applyHostFix(json, f), /\\"kms:Decrypt\\"/);
});

test('a host turned off is not read', () => {
  const s = service();
  const text = fixture('guide-example.yaml');
  assert.equal(s.analyze({ uri: 'file:///a/t.yaml', text, hosts: ['terraform', 'template-json'] }), undefined);
  assert.equal(s.analyze({ uri: 'file:///a/t.yaml', text, hosts: ['cloudformation'] })?.host, 'cloudformation');
});

test('an IAM policy naming the template\'s key by !GetAtt, through HealthLake in this Region, is not missing the KMS calls', () => {
  const text = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  CreatorPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: 2012-10-17
        Statement:
          - Effect: Allow
            Action: healthlake:CreateFHIRDatastore
            Resource: "*"
          - Effect: Allow
            Action: [kms:CreateGrant, kms:DescribeKey, kms:GenerateDataKey, kms:Decrypt]
            Resource: !GetAtt Key.Arn
            Condition:
              StringEquals:
                kms:ViaService: !Sub healthlake.\${AWS::Region}.amazonaws.com
  Key:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy: {Version: 2012-10-17, Statement: [{Effect: Allow, Principal: {AWS: !Sub "arn:aws:iam::\${AWS::AccountId}:root"}, Action: "kms:*", Resource: "*"}]}
`;
  const { findings } = analyze(text);
  assert.deepEqual(findings.filter((f) => f.ruleId === 'identity-healthlake-kms'), [], describe(text, findings));
  // Without the KMS statement the note is there: the check still runs on templates.
  const without = text.replace(/ {10}- Effect: Allow\n {12}Action: \[kms:[\s\S]*?amazonaws\.com\n/, '');
  assert.equal(analyze(without).findings.filter((f) => f.ruleId === 'identity-healthlake-kms').length, 1, describe(without, analyze(without).findings));
});

test('a `${` in a !Sub JSON body that runs past a quote or a line break is literal text, not a variable swallowing the JSON', () => {
  const policy = (action: string) => `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy: !Sub |
        {
          "Version": "2012-10-17",
          "Statement": [
            {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::\${AWS::AccountId}:root"}, "Action": "kms:*", "Resource": "*"},
            {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::\${AWS::AccountId}:role/Writer"},
             "Action": ["kms:Decrypt", "${action}"],
             "Resource": "*", "Condition": {"StringEquals": {"kms:ViaService": "healthlake.\${AWS::Region}.amazonaws.com"}}}
          ]
        }
`;
  const text = policy('${:GenerateDataKey');
  const { findings } = analyze(text);
  // One finding on the mistaken value; no JSON errors from a variable that reaches into the next lines, no hole marker.
  assert.deepEqual(findings.filter((f) => f.ruleId === 'json-syntax' || f.ruleId === 'key-policy-characters' || f.ruleId === 'internal-error'), [], describe(text, findings));
  assert.deepEqual(findings.filter((f) => span(text, f) === '"${:GenerateDataKey"').map((f) => f.ruleId), ['key-policy-actions']);
  assert.ok(findings.every((f) => !/[\uE000-\uF8FF]/.test(f.message)), describe(text, findings));
  // The statement's condition is still read: the Region reference is this Region, and nothing else is reported on it.
  assert.deepEqual(findings.filter((f) => f.ruleId === 'healthlake-via-service'), []);
  assert.deepEqual(serious(analyze(policy('kms:GenerateDataKey')).findings).filter((f) => f.ruleId === 'key-policy-actions'), []);
});
