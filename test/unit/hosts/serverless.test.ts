/**
 * The Serverless Framework host: service files as people write them (v1 `iamRoleStatements`, v3
 * `provider.iam.role.statements`, per-function statements, CloudFormation `resources`), Serverless variables as
 * values decided at deploy time, YAML anchors read rather than reported, fixes written as YAML edits.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { service } from '../../support/service';
import { analyze, applyHostFix, changedLines, describe, lineOf, serious, span } from './support';

const lint = (text: string, name = 'serverless.yml') => analyze(text, name);
const sitesAt = (text: string, name = 'serverless.yml') => lint(text, name).sites.map((s) => `${s.site.name} ${s.kind} L${lineOf(text, s.site.range.offset)}`);
const problems = (text: string, name = 'serverless.yml') => serious(lint(text, name).findings);

const v3 = `service: patient-sync
frameworkVersion: "3"

custom:
  tableName: \${self:service}-\${sls:stage}-patients

provider:
  name: aws
  runtime: nodejs20.x
  region: eu-west-1
  iam:
    role:
      managedPolicies:
        - arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess
      permissionsBoundary: arn:aws:iam::\${aws:accountId}:policy/team-boundary
      statements:
        - Effect: Allow
          Action:
            - dynamodb:GetItem
            - dynamodb:PutItem
          Resource: arn:aws:dynamodb:\${aws:region}:\${aws:accountId}:table/\${self:custom.tableName}
        - Effect: Allow
          Action: sqs:SendMessage
          Resource: !GetAtt SyncQueue.Arn

functions:
  sync:
    handler: src/sync.handler
    iamRoleStatements:
      - Effect: Allow
        Action:
          - sqs:ReceiveMessage
          - sqs:DeleteMessage
        Resource:
          Fn::GetAtt: [SyncQueue, Arn]

resources:
  Resources:
    SyncQueue:
      Type: AWS::SQS::Queue
      Properties:
        KmsMasterKeyId: !Ref QueueKey
    QueueKey:
      Type: AWS::KMS::Key
      Properties:
        KeyPolicy:
          Version: "2012-10-17"
          Statement:
            - Sid: Root
              Effect: Allow
              Principal:
                AWS: arn:aws:iam::\${aws:accountId}:root
              Action: kms:*
              Resource: "*"
`;

test('service files are claimed by name and a top-level service and provider; Helm, Kubernetes, CI and other YAML stay silent', () => {
  const s = service();
  const host = (uri: string, text: string) => s.analyze({ uri, text })?.host;
  assert.equal(host('file:///app/serverless.yml', v3), 'serverless');
  assert.equal(host('file:///app/serverless.yaml', v3), 'serverless');
  assert.equal(host('file:///app/serverless.prod.yml', v3), 'serverless');
  assert.equal(host('file:///app/api-serverless.yml', v3), 'serverless');
  assert.equal(host('file:///app/serverless.json', JSON.stringify({ service: 'x', provider: { name: 'aws' } })), 'serverless');
  // Another name, or no provider: not a service file.
  assert.equal(host('file:///app/config.yml', v3), undefined);
  assert.equal(host('file:///app/serverless.yml', 'service: x\nfunctions:\n  a:\n    handler: h\n'), undefined);
  assert.equal(host('file:///chart/templates/serverless.yaml', 'apiVersion: serving.knative.dev/v1\nkind: Service\nmetadata:\n  name: {{ .Values.name }}\n'), undefined);
  assert.equal(host('file:///k8s/deploy.yml', 'apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers: []\n'), undefined);
  assert.equal(host('file:///repo/.github/workflows/serverless.yml', 'name: deploy\non: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n'), undefined);
});

test('v3 role statements, a function\'s own statements and a key in resources are sites at their lines; the clean file is silent', () => {
  assert.deepEqual(sitesAt(v3), [
    'provider.iam.role.statements identity-policy L16',
    'functions.sync.iamRoleStatements identity-policy L29',
    'QueueKey.KeyPolicy key-policy L47',
  ]);
  assert.deepEqual(problems(v3), [], describe(v3, lint(v3).findings));
  // managedPolicies and permissionsBoundary name policies; they are not policies.
  assert.ok(!lint(v3).sites.some((s) => /managed|boundary/i.test(s.site.name)));
});

test('v1 provider.iamRoleStatements, with pseudo parameters of serverless-pseudo-parameters and resources as a list of parts', () => {
  const text = `service: legacy
provider:
  name: aws
  runtime: nodejs14.x
  iamRoleStatements:
    - Effect: "Allow"
      Action:
        - "logs:CreateLogStream"
      Resource: "arn:aws:logs:#{AWS::Region}:#{AWS::AccountId}:log-group:/aws/lambda/*"
    - Effect: Allow
      Action: sns:Publish
      Resource:
        - Ref: Alerts
resources:
  - \${file(./resources/dynamodb.yml)}
  - Resources:
      Alerts:
        Type: AWS::SNS::Topic
      AlertsPolicy:
        Type: AWS::SNS::TopicPolicy
        Properties:
          Topics: [!Ref Alerts]
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Principal:
                  Service: events.amazonaws.com
                Action: sns:Publish
                Resource: !Ref Alerts
`;
  assert.deepEqual(sitesAt(text), ['provider.iamRoleStatements identity-policy L5', 'AlertsPolicy.PolicyDocument resource-policy L24']);
  assert.deepEqual(problems(text), [], describe(text, lint(text).findings));
});

test('a mistake in each place is found once, on its own line', () => {
  const text = `service: mistakes
provider:
  name: aws
  iam:
    role:
      statements:
        - Effect: Allow
          Action: s3:GetObjects
          Resource: arn:aws:s3:::\${self:custom.bucket}/*
functions:
  reader:
    handler: reader.handler
    iamRoleStatements:
      - Effect: Allow
        Action: kms:Decrypt
        Resource: arn:aws:kms:us-east-1:\${aws:accountId}:alias/app
resources:
  Resources:
    Key:
      Type: AWS::KMS::Key
      Properties:
        KeyPolicy:
          Version: "2012-10-17"
          Statement:
            - Effect: Allow
              Principal:
                AWS: arn:aws:iam::\${aws:accountId}:rooot
              Action: kms:*
              Resource: "*"
`;
  const found = problems(text);
  assert.deepEqual(found.map((f) => [f.ruleId, lineOf(text, f.offset)]), [['unknown-action', 8], ['alias-resource', 16], ['principal-format', 27]], describe(text, found));
});

test('Serverless variables are values decided at deploy time: no public, lockout or HealthLake verdict rests on them', () => {
  const text = `service: vars
custom:
  admins: \${ssm:/team/kms-admins}
provider:
  name: aws
  iam:
    role:
      statements:
        - Effect: Allow
          Action: \${self:custom.actions}
          Resource: \${cf:shared-\${sls:stage}.BucketArn}
        - \${file(./iam/healthlake.yml)}
        - Effect: Allow
          Action: healthlake:ReadResource
          Resource: arn:aws:healthlake:\${opt:region, 'us-east-1'}:\${aws:accountId}:datastore/fhir/\${env:DATASTORE_ID}
resources:
  Resources:
    Key:
      Type: AWS::KMS::Key
      Properties:
        KeyPolicy:
          Version: "2012-10-17"
          Statement:
            - Effect: Allow
              Principal:
                AWS: \${self:custom.admins}
              Action: kms:*
              Resource: "*"
`;
  const a = lint(text);
  assert.deepEqual(a.sites.map((s) => s.site.name), ['provider.iam.role.statements', 'Key.KeyPolicy']);
  // The included statement may grant the KMS calls HealthLake makes: nothing says they are missing.
  assert.deepEqual(a.findings.filter((f) => f.ruleId !== 'datastore-key-verdict' && f.severity !== 'hint').map((f) => `${f.ruleId} ${f.severity}`), [], describe(text, a.findings));
});

test('IAM policy variables stay IAM\'s, Serverless\'s ${aws:accountId} is this account, and !Sub keeps both apart', () => {
  const text = `service: home
provider:
  name: aws
  iam:
    role:
      statements:
        - Effect: Allow
          Action: s3:GetObject
          Resource: arn:aws:s3:::\${self:custom.bucket}/home/\${aws:username}/*
        - Effect: Allow
          Action: s3:ListBucket
          Resource: !Sub arn:aws:s3:::\${self:custom.bucket}
`;
  const site = lint(text).sites[0]!;
  const statements = JSON.parse(site.variants[0]!.text).Statement;
  assert.match(statements[0].Resource, /\/home\/\$\{aws:username\}\/\*$/);
  assert.doesNotMatch(statements[1].Resource, /\$\{self:/);
  assert.deepEqual(problems(text), []);
});

test('YAML anchors, aliases and merge keys are Serverless syntax: read, never reported', () => {
  const text = `service: shared
custom:
  readTable: &readTable
    Effect: Allow
    Action:
      - dynamodb:GetItem
    Resource: arn:aws:dynamodb:us-east-1:\${aws:accountId}:table/patients
provider:
  name: aws
  iam:
    role:
      statements:
        - *readTable
functions:
  writer:
    handler: w.handler
    iamRoleStatements:
      - <<: *readTable
        Action: dynamodb:PutItems
`;
  const a = lint(text);
  assert.deepEqual(a.findings.filter((f) => f.ruleId === 'yaml-alias'), []);
  assert.deepEqual(a.sites.map((s) => JSON.parse(s.variants[0]!.text).Statement[0].Action), [['dynamodb:GetItem'], 'dynamodb:PutItems']);
  // The merged-in statement's own Action is checked where it is written.
  const found = serious(a.findings);
  assert.deepEqual(found.map((f) => [f.ruleId, span(text, f)]), [['unknown-action', 'dynamodb:PutItems']]);
});

test('a fix is a YAML edit of that line, and the fixed file lints clean', () => {
  const text = `service: fixme
provider:
  name: aws
  iam:
    role:
      statements:
        - Effect: Allow
          Actions:
            - s3:GetObject
          Resource: arn:aws:s3:::my-bucket/*
`;
  const [f] = problems(text);
  assert.equal(f?.ruleId, 'policy-schema');
  const fixed = applyHostFix(text, f!);
  assert.deepEqual(changedLines(text, fixed), [8]);
  assert.deepEqual(problems(fixed), []);
});

test('serverless.json: statements and resources are read with their JSON offsets', () => {
  const text = JSON.stringify({
    service: 'json-service',
    provider: { name: 'aws', iamRoleStatements: [{ Effect: 'Allow', Action: ['s3:GetObjects'], Resource: 'arn:aws:s3:::b/*' }] },
    resources: { Resources: { Key: { Type: 'AWS::KMS::Key', Properties: { KeyPolicy: { Version: '2012-10-17', Statement: [
      { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' }] } } } } },
  }, null, 2);
  assert.deepEqual(lint(text, 'serverless.json').sites.map((s) => s.site.name), ['provider.iamRoleStatements', 'Key.KeyPolicy']);
  const found = problems(text, 'serverless.json');
  assert.deepEqual(found.map((f) => [f.ruleId, span(text, f)]), [['unknown-action', '"s3:GetObjects"']]);
});

test('a file that is not valid YAML gets one finding; the policies before the error are still checked', () => {
  const text = `service: broken
provider:
  name: aws
  iamRoleStatements:
    - Effect: Allow
      Action: s3:GetObjects
      Resource: "*"
functions:
  a:
    handler: "unterminated
`;
  const a = lint(text);
  assert.deepEqual(serious(a.findings).map((f) => f.ruleId), ['unknown-action', 'template-syntax']);
});

test('one statement list shared by two functions through an alias: its mistake is one finding, at the anchor, in every analysis', () => {
  const text = `service: shared-list
custom:
  readOnly: &readOnly
    - Effect: Allow
      Action: s3:GetObjects
      Resource: arn:aws:s3:::\${self:custom.bucket}/*
provider:
  name: aws
functions:
  first:
    handler: first.handler
    iamRoleStatements: *readOnly
  second:
    handler: second.handler
    iamRoleStatements: *readOnly
`;
  // The second analysis reads the first one's results: they stay where the mistake is written.
  for (const edited of [text, text.replace('first.handler', 'first.main'), `# moved\n${text}`]) {
    const found = problems(edited);
    assert.deepEqual(found.map((f) => [f.ruleId, span(edited, f), lineOf(edited, f.offset)]), [['unknown-action', 's3:GetObjects', edited.startsWith('#') ? 6 : 5]], describe(edited, found));
  }
});

test('inside !Sub an IAM policy variable is still CloudFormation\'s mistake; a Serverless variable is not', () => {
  const text = `service: sub
provider:
  name: aws
  iam:
    role:
      statements:
        - Effect: Allow
          Action: s3:GetObject
          Resource: !Sub arn:aws:s3:::\${self:custom.bucket}/home/\${aws:username}/*
`;
  const found = lint(text).findings.filter((f) => f.ruleId === 'sub-policy-variable');
  assert.deepEqual(found.map((f) => span(text, f)), ['${aws:username}']);
});

test('pseudo parameters (#{AWS::AccountId}) and ${aws:accountId} name this account in a key policy: no cross-account or public verdict', () => {
  const text = `service: pseudo
provider:
  name: aws
resources:
  Resources:
    Key:
      Type: AWS::KMS::Key
      Properties:
        KeyPolicy:
          Version: "2012-10-17"
          Statement:
            - Sid: Root
              Effect: Allow
              Principal:
                AWS: "arn:aws:iam::#{AWS::AccountId}:root"
              Action: kms:*
              Resource: "*"
            - Sid: Admins
              Effect: Allow
              Principal:
                AWS: arn:aws:iam::\${aws:accountId}:role/key-admins
              Action:
                - kms:Describe*
                - kms:Put*
              Resource: "*"
`;
  assert.deepEqual(problems(text), [], describe(text, lint(text).findings));
  const principals = JSON.parse(lint(text).sites[0]!.variants[0]!.text).Statement.map((s: { Principal: { AWS: string } }) => s.Principal.AWS);
  assert.ok(principals.every((p: string) => /^arn:aws:iam::\uE010account\|/.test(p)), principals.join(', '));
});

test('merge keys inside what an alias stands for are expanded too: a chain of anchors reads as Serverless reads it', () => {
  const text = `service: chain
custom:
  base: &base
    Effect: Allow
    Resource: "*"
  read: &read
    <<: *base
    Action: s3:GetObject
provider:
  name: aws
  iam:
    role:
      statements:
        - *read
        - <<: *read
          Action: s3:PutObject
`;
  const statements = JSON.parse(lint(text).sites[0]!.variants[0]!.text).Statement;
  assert.deepEqual(statements, [{ Effect: 'Allow', Resource: '*', Action: 's3:GetObject' }, { Effect: 'Allow', Resource: '*', Action: 's3:PutObject' }]);
  assert.deepEqual(problems(text), []);
});
