/**
 * The plugin's `validate` on templates written here (no synthesis): what it reports and what it leaves out, one
 * violation per rule, `failOn`, the options it refuses, and what it tells CDK about itself.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HlkmsValidation, type HlkmsValidationOptions } from '../../server/src/cdk/index';
import { rules } from '../../server/src/service/rules/index';

const dir = mkdtempSync(join(tmpdir(), 'hlkms-cdk-validate-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function template(name: string, body: object | string): string {
  const path = join(dir, name);
  writeFileSync(path, typeof body === 'string' ? body : JSON.stringify(body, null, 1));
  return path;
}

const root = { Sid: 'Root', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' };
const use = (principal: string, viaService = 'healthlake.us-east-1.amazonaws.com') => ({
  Effect: 'Allow', Principal: { AWS: principal }, Action: ['kms:CreateGrant', 'kms:DescribeKey', 'kms:GenerateDataKey', 'kms:Decrypt'], Resource: '*',
  Condition: { StringEquals: { 'kms:ViaService': viaService } },
});
const keyTemplate = (...statements: object[]) => ({
  Resources: {
    Key: { Type: 'AWS::KMS::Key', Properties: { KeyPolicy: { Version: '2012-10-17', Statement: [root, ...statements] } } },
    Store: { Type: 'AWS::HealthLake::FHIRDatastore', Properties: { DatastoreTypeVersion: 'R4',
      SseConfiguration: { KmsEncryptionConfig: { CmkType: 'CUSTOMER_MANAGED_KMS_KEY', KmsKeyId: { 'Fn::GetAtt': ['Key', 'Arn'] } } } } },
  },
});

const validate = (paths: string[], options?: HlkmsValidationOptions, stacks?: { stackConstructPath: string; templatePath: string }[]) =>
  new HlkmsValidation(options).validate({ templatePaths: paths, ...(stacks ? { stackTemplates: stacks } : {}) });

test('a template with no policy, and a correct one: success and no violations (the data store verdict is a note, not a violation)', () => {
  const bucket = template('Bucket.template.json', { Resources: { Logs: { Type: 'AWS::S3::Bucket', Properties: {} } } });
  const good = template('Good.template.json', keyTemplate(use('arn:aws:iam::111122223333:role/HealthLakeFullAccessRole')));
  assert.deepEqual(validate([bucket, good]), { success: true, violations: [], pluginVersion: new HlkmsValidation().version });
});

test('one violation per rule: its findings with different messages are all said, every location listed once', () => {
  const path = template('Two.template.json', keyTemplate(use('arn:aws:iam::111122223333:HealthLakeFullAccessRole'), use('arn:aws:iam::111122223333:Auditor')));
  const report = validate([path]);
  assert.equal(report.success, false);
  const [principal, ...others] = report.violations.filter((v) => v.ruleName === 'principal-format');
  assert.equal(others.length, 0);
  assert.match(principal!.description, /^2 findings: \(1\) "arn:aws:iam::111122223333:HealthLakeFullAccessRole" is not .* \(2\) "arn:aws:iam::111122223333:Auditor" is not /);
  assert.deepEqual(principal!.violatingResources, [{ resourceLogicalId: 'Key', templatePath: path,
    locations: ['Properties/KeyPolicy/Statement/1/Principal/AWS', 'Properties/KeyPolicy/Statement/2/Principal/AWS'] }]);
  assert.equal(principal!.fix, 'Use "arn:aws:iam::111122223333:role/HealthLakeFullAccessRole"\nUse "arn:aws:iam::111122223333:role/Auditor"');
  assert.equal(principal!.severity, 'error');
});

test('failOn: a warning fails only under failOn warning; never never fails; the violations are the same', () => {
  const path = template('Global.template.json', keyTemplate(use('arn:aws:iam::111122223333:role/Admin', 'healthlake.amazonaws.com')));
  const byDefault = validate([path]);
  assert.deepEqual(byDefault.violations.map((v) => [v.ruleName, v.severity]), [['healthlake-via-service', 'warning']]);
  assert.equal(byDefault.success, true);
  assert.equal(validate([path], { failOn: 'warning' }).success, false);
  const errorToo = template('Both.template.json', keyTemplate(use('arn:aws:iam::111122223333:Admin', 'healthlake.amazonaws.com')));
  assert.deepEqual(validate([errorToo], { failOn: 'never' }).success, true);
  assert.deepEqual(validate([errorToo], { rules: { 'principal-format': 'warning' } }).success, true);
  assert.deepEqual(validate([path], { rules: { 'healthlake-via-service': 'error' } }).violations[0]?.severity, 'error');
});

test('a rule set to info is reported without failing, even under failOn warning; the data store verdict (info by default) only when asked', () => {
  const path = template('Info.template.json', keyTemplate(use('arn:aws:iam::111122223333:role/Admin', 'healthlake.amazonaws.com')));
  const report = validate([path], { failOn: 'warning', rules: { 'healthlake-via-service': 'info' } });
  assert.deepEqual([report.success, report.violations.map((v) => [v.ruleName, v.severity])], [true, [['healthlake-via-service', 'info']]]);
  const hinted = validate([path], { rules: { 'healthlake-via-service': 'hint', 'datastore-key-verdict': 'info' } });
  assert.deepEqual(hinted.violations.map((v) => [v.ruleName, v.severity, v.violatingResources.map((r) => [r.resourceLogicalId, r.locations])]),
    [['datastore-key-verdict', 'info', [['Store', ['Properties/SseConfiguration/KmsEncryptionConfig/KmsKeyId']]]]]);
});

test('YAML templates are read too, and a finding outside any resource is named by the stack\'s construct path', () => {
  const yaml = template('Key.template.yaml', `Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { AWS: "arn:aws:iam::111122223333:root" }
            Action: kms:*
            Resource: "*"
          - Effect: Allow
            Principal: { AWS: "arn:aws:iam::111122223333:HealthLakeFullAccessRole" }
            Action: kms:Decrypt
            Resource: "*"
`);
  assert.deepEqual(validate([yaml]).violations.map((v) => [v.ruleName, v.violatingResources[0]?.locations]),
    [['principal-format', ['Properties/KeyPolicy/Statement/1/Principal/AWS']]]);
  // Truncated: the error is placed where the parser stopped, in the data store's properties.
  const truncated = template('Truncated.template.json', JSON.stringify(keyTemplate()).slice(0, -3));
  assert.deepEqual(validate([truncated]).violations.map((v) => [v.ruleName, v.violatingResources]),
    [['template-syntax', [{ resourceLogicalId: 'Store', templatePath: truncated, locations: ['Properties'] }]]]);
  const broken = template('Broken.template.json', '{ "AWSTemplateFormatVersion": "2010-09-09" "Resources": {} }');
  const report = validate([broken], {}, [{ stackConstructPath: 'Clinical/Data', templatePath: broken }]);
  assert.equal(report.success, false);
  assert.deepEqual(report.violations.map((v) => [v.ruleName, v.violatingResources]),
    [['template-syntax', [{ resourceLogicalId: '', constructPath: 'Clinical/Data', templatePath: broken, locations: ['Resources'] }]]]);
});

test('name, version and every rule id for CDK; options that would silently do nothing are refused', () => {
  const plugin = new HlkmsValidation();
  assert.equal(plugin.name, 'hlkms');
  assert.equal(plugin.version, JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')).version);
  for (const id of [...rules.map((r) => r.id), 'template-syntax', 'datastore-key-verdict', 'ref-role-as-principal']) assert.ok(plugin.ruleIds.includes(id), id);
  assert.equal(new Set(plugin.ruleIds).size, plugin.ruleIds.length);
  assert.throws(() => new HlkmsValidation({ rules: { 'principal-formt': 'off' } }), /no rule "principal-formt" in rules \(did you mean "principal-format"\?\)/);
  assert.throws(() => new HlkmsValidation({ rules: { 'principal-format': 'fatal' as 'off' } }), /rules\.principal-format must be error, warning, info, hint or off/);
  assert.throws(() => new HlkmsValidation({ failOn: 'info' as 'error' }), /failOn must be one of error, warning, never/);
  assert.throws(() => new HlkmsValidation({ defaultRegion: 'US East' }), /defaultRegion must be a Region name/);
  assert.doesNotThrow(() => new HlkmsValidation({ healthLake: true, defaultRegion: 'eu-west-2', failOn: 'warning', rules: { 'sid-format': 'off' } }));
});
