/**
 * The CDK policy-validation plugin with the real aws-cdk-lib: the HealthLake guide's key policy mistakes in a CDK app
 * fail synthesis with CDK's own report (construct path, our rule ids, property paths); the corrected app synthesizes;
 * acknowledgements, `failOn` and `rules` work as a CDK user expects. Each synthesis takes seconds: one app per scenario.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Aws, NestedStack, Stack, Validations, type IPolicyValidationPlugin, type IPolicyValidationPluginBeta1 } from 'aws-cdk-lib';
import * as healthlake from 'aws-cdk-lib/aws-healthlake';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { HlkmsValidation } from '../../server/src/cdk/index';
import { synthGuideApp, type GuideAppOptions } from './guideApp';

const outdirs: string[] = [];
after(() => outdirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

interface LegacyReport {
  pluginReports: {
    summary: { pluginName: string; status: string };
    version?: string;
    violations: { ruleName: string; description: string; fix?: string; severity?: string;
      violatingResources: { resourceLogicalId?: string; templatePath: string; locations: string[]; constructPath?: string }[] }[];
  }[];
}

/** Synthesizes the guide app into a fresh folder; the error synth() threw, and the report CDK wrote (if any). */
function synth(options: Omit<GuideAppOptions, 'outdir'>) {
  const outdir = mkdtempSync(join(tmpdir(), 'hlkms-cdk-'));
  outdirs.push(outdir);
  // CDK prints its report with console.error (and deprecations with console.warn): kept as what the user sees,
  // out of the test output.
  const printed: string[] = [];
  const [print, warn] = [console.error, console.warn];
  console.error = console.warn = (...args: unknown[]) => printed.push(args.join(' '));
  let error: Error | undefined;
  try {
    error = synthGuideApp({ ...options, outdir }).error;
  } finally {
    [console.error, console.warn] = [print, warn];
  }
  const file = join(outdir, 'policy-validation-report.json');
  const report = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) as LegacyReport : undefined;
  const hlkms = report?.pluginReports.find((p) => p.summary.pluginName === 'hlkms');
  return { outdir, error, printed: printed.join('\n'), report, hlkms, violation: (rule: string) => hlkms?.violations.find((v) => v.ruleName === rule) };
}

// The plugin satisfies both of CDK's plugin interfaces (checked by the type-check of the tests).
const asPlugin: IPolicyValidationPlugin = new HlkmsValidation();
const asBeta1: IPolicyValidationPluginBeta1 = new HlkmsValidation();

const once = <T>(f: () => T) => {
  let value: T | undefined;
  return () => (value ??= f());
};

// Two stacks, so that one violation per rule lists every resource it applies to.
const mistaken = once(() => synth({ stacks: 2, plugins: [new HlkmsValidation()] }));
const KEY_ID = 'FhirKey9F7DA51D';

test('the guide\'s mistakes fail synthesis: CDK throws and its report names the plugin, the rules and the key\'s construct', () => {
  const { error, hlkms, printed } = mistaken();
  assert.match(error?.message ?? '', /Validation failed/);
  // What CDK prints: each construct with the rule's message, the fix, and how to acknowledge it.
  assert.match(printed, /^ERROR "arn:aws:iam::111122223333:HealthLakeFullAccessRole" is not a valid AWS principal.*\(hlkms\)$/m);
  assert.match(printed, /^ {3}ClinicalData1\/FhirKey\/Resource \(FhirKey9F7DA51D\) aws-cdk-lib\.aws_kms\.CfnKey$/m);
  assert.match(printed, /^ {3}Suggested fix: Use "arn:aws:iam::111122223333:role\/HealthLakeFullAccessRole"$/m);
  assert.match(printed, /^ {3}Acknowledge with 'hlkms::principal-format'$/m);
  assert.match(printed, /^ {3}Acknowledge with 'hlkms::healthlake-via-service'$/m);
  assert.equal(hlkms?.summary.status, 'failure');
  assert.deepEqual([asPlugin.name, asBeta1.name], ['hlkms', 'hlkms']);
  assert.equal(hlkms?.version, JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')).version);
  assert.deepEqual(hlkms?.violations.map((v) => v.ruleName).sort(), ['healthlake-via-service', 'principal-format']);
});

test('each violation: our rule id, the finding\'s message, the preferred fix, severity, every stack\'s key with its property path', () => {
  const { violation } = mistaken();
  const principal = violation('principal-format');
  assert.equal(principal?.severity, 'error');
  assert.match(principal?.description ?? '', /"arn:aws:iam::111122223333:HealthLakeFullAccessRole" is not a valid AWS principal/);
  assert.equal(principal?.fix, 'Use "arn:aws:iam::111122223333:role/HealthLakeFullAccessRole"');
  assert.deepEqual(principal?.violatingResources, [
    { resourceLogicalId: KEY_ID, templatePath: 'ClinicalData.template.json', locations: ['Properties/KeyPolicy/Statement/1/Principal/AWS'], constructPath: 'ClinicalData/FhirKey/Resource' },
    { resourceLogicalId: KEY_ID, templatePath: 'ClinicalData1.template.json', locations: ['Properties/KeyPolicy/Statement/1/Principal/AWS'], constructPath: 'ClinicalData1/FhirKey/Resource' },
  ]);
  const via = violation('healthlake-via-service');
  assert.equal(via?.severity, 'warning');
  assert.match(via?.description ?? '', /`healthlake\.amazonaws\.com` is not region-qualified/);
  assert.match(via?.fix ?? '', /healthlake\.\$\{AWS::Region\}\.amazonaws\.com/);
  assert.deepEqual(via?.violatingResources.map((r) => [r.constructPath, r.locations]), [
    ['ClinicalData/FhirKey/Resource', ['Properties/KeyPolicy/Statement/1/Condition/StringEquals/kms:ViaService']],
    ['ClinicalData1/FhirKey/Resource', ['Properties/KeyPolicy/Statement/1/Condition/StringEquals/kms:ViaService']],
  ]);
});

test('the corrected app synthesizes, and the plugin reports nothing on it', () => {
  const { error, hlkms, printed } = synth({ clean: true, plugins: [new HlkmsValidation()] });
  assert.equal(error, undefined);
  assert.doesNotMatch(printed, /hlkms/);
  assert.equal(hlkms?.violations.length ?? 0, 0);
});

test('registered in the App\'s props (policyValidationBeta1), acknowledging the error lets synthesis pass: the warning is still reported', () => {
  const { error, hlkms, violation } = synth({
    register: 'app-props',
    plugins: [new HlkmsValidation()],
    customize: (stack) => Validations.of(stack.key).acknowledge({ id: 'hlkms::principal-format', reason: 'Fixed in the role module' }),
  });
  assert.equal(error, undefined, error?.message);
  assert.equal(violation('principal-format'), undefined);
  assert.deepEqual(violation('healthlake-via-service')?.violatingResources.map((r) => r.constructPath), ['ClinicalData/FhirKey/Resource']);
  assert.equal(hlkms?.summary.status, 'success');
});

test('failOn: never reports every violation without failing synthesis', () => {
  const { error, hlkms } = synth({ plugins: [new HlkmsValidation({ failOn: 'never' })] });
  assert.equal(error, undefined, error?.message);
  assert.equal(hlkms?.summary.status, 'success');
  assert.deepEqual(hlkms?.violations.map((v) => v.ruleName).sort(), ['healthlake-via-service', 'principal-format']);
});

test('rules: a rule turned off is not reported, and what is left (a warning) does not fail under the default failOn', () => {
  const { error, violation } = synth({ plugins: [new HlkmsValidation({ rules: { 'principal-format': 'off' } })] });
  assert.equal(error, undefined, error?.message);
  assert.equal(violation('principal-format'), undefined);
  assert.ok(violation('healthlake-via-service'));
});

test('what CDK writes for an environment-agnostic stack lints clean: tokens, grant helpers, the default key policy, an alias', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'hlkms-cdk-'));
  outdirs.push(outdir);
  const app = new App({ outdir, context: { '@aws-cdk/core:validationReportJson': true } });
  Validations.of(app).addPlugins(new HlkmsValidation({ failOn: 'warning' }));
  const stack = new Stack(app, 'Agnostic');
  const creator = new iam.Role(stack, 'Creator', { assumedBy: new iam.AccountRootPrincipal() });
  const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
  const viaHealthLake = { 'kms:ViaService': `healthlake.${stack.region}.amazonaws.com` };
  const kmsActions = ['kms:CreateGrant', 'kms:DescribeKey', 'kms:GenerateDataKey', 'kms:Decrypt'];
  key.addToResourcePolicy(new iam.PolicyStatement({ principals: [creator], actions: kmsActions, resources: ['*'],
    conditions: { StringEquals: { ...viaHealthLake, 'kms:CallerAccount': Aws.ACCOUNT_ID } } }));
  key.grantEncryptDecrypt(creator);
  key.addAlias('alias/fhir');
  creator.addToPolicy(new iam.PolicyStatement({ actions: ['healthlake:CreateFHIRDatastore'], resources: ['*'] }));
  creator.addToPolicy(new iam.PolicyStatement({ actions: kmsActions, resources: [key.keyArn], conditions: { StringEquals: viaHealthLake } }));
  new healthlake.CfnFHIRDatastore(stack, 'Store', { datastoreTypeVersion: 'R4',
    sseConfiguration: { kmsEncryptionConfig: { cmkType: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyId: key.keyArn } } });
  new kms.Key(stack, 'LogsKey', { admins: [creator] }).grantDecrypt(new iam.ServicePrincipal('logs.amazonaws.com'));
  app.synth();
  const report = JSON.parse(readFileSync(join(outdir, 'policy-validation-report.json'), 'utf8')) as LegacyReport;
  assert.deepEqual(report.pluginReports.flatMap((p) => p.violations), []);
});

test('a key policy in a NestedStack is checked too (CDK passes only the top-level templates), named by its construct path', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'hlkms-cdk-'));
  outdirs.push(outdir);
  const app = new App({ outdir, context: { '@aws-cdk/core:validationReportJson': true } });
  Validations.of(app).addPlugins(new HlkmsValidation({ failOn: 'never' }));
  const keys = new NestedStack(new Stack(app, 'Parent'), 'Keys');
  new kms.Key(keys, 'FhirKey', { policy: new iam.PolicyDocument({ statements: [
    new iam.PolicyStatement({ principals: [new iam.AccountRootPrincipal()], actions: ['kms:*'], resources: ['*'] }),
    new iam.PolicyStatement({ principals: [new iam.ArnPrincipal('arn:aws:iam::111122223333:HealthLakeFullAccessRole')], actions: ['kms:Decrypt'], resources: ['*'] }),
  ] }) });
  app.synth();
  const report = JSON.parse(readFileSync(join(outdir, 'policy-validation-report.json'), 'utf8')) as LegacyReport;
  const violations = report.pluginReports.find((p) => p.summary.pluginName === 'hlkms')?.violations ?? [];
  assert.deepEqual(violations.map((v) => [v.ruleName, v.violatingResources.map((r) => [r.constructPath, r.templatePath, r.locations])]), [
    ['principal-format', [['Parent/Keys/FhirKey/Resource', 'ParentKeysB975C62C.nested.template.json', ['Properties/KeyPolicy/Statement/1/Principal/AWS']]]],
  ]);
});
