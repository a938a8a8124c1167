// A real CDK app (aws-cdk-lib, synthesized in process) with a HealthLake FHIR data store encrypted with a
// customer managed key, whose key policy is written the way the HealthLake guide's example writes it: a principal
// ARN without `role/` and the global `kms:ViaService` value `healthlake.amazonaws.com` (which never matches:
// the value is regional). `clean: true` writes the corrected policy. Tests of the CDK policy-validation plugin and
// of `hlkms lint cdk.out` share it; synthesis costs seconds, so build one app per scenario and share it.
import { App, CfnOutput, Stack, Validations, type IPolicyValidationPluginBeta1 } from 'aws-cdk-lib';
import * as healthlake from 'aws-cdk-lib/aws-healthlake';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';

export const GUIDE_ACCOUNT = '111122223333';
export const GUIDE_REGION = 'us-east-1';

export interface GuideAppOptions {
  /** Where the cloud assembly is written (`cdk.out`). */
  outdir: string;
  /** The corrected key policy (role ARN with `role/`, regional `kms:ViaService`): lints clean. */
  clean?: boolean;
  /** How many stacks, each with its own key and data store (default 1). Stack i > 0 is named `ClinicalData<i>`. */
  stacks?: number;
  /** Registered with `Validations.of(app).addPlugins(...)` unless `register: 'app-props'`. */
  plugins?: IPolicyValidationPluginBeta1[];
  /** How the plugins are registered: `Validations.of(app).addPlugins` (default) or `new App({ policyValidationBeta1 })`. */
  register?: 'validations' | 'app-props';
  /** Write `policy-validation-report.json` next to the templates (default true). */
  reportJson?: boolean;
  /** Called on each stack once built, e.g. to acknowledge a rule on a construct. */
  customize?: (stack: ClinicalDataStack) => void;
}

/** The stack: `FhirKey` (kms.Key with an explicit PolicyDocument) and `FhirDatastore` (CfnFHIRDatastore). */
export class ClinicalDataStack extends Stack {
  readonly key: kms.Key;
  readonly datastore: healthlake.CfnFHIRDatastore;

  constructor(scope: Construct, id: string, clean: boolean) {
    super(scope, id, { env: { account: GUIDE_ACCOUNT, region: GUIDE_REGION } });
    const roleArn = clean
      ? `arn:aws:iam::${GUIDE_ACCOUNT}:role/HealthLakeFullAccessRole`
      : `arn:aws:iam::${GUIDE_ACCOUNT}:HealthLakeFullAccessRole`;
    const viaService = clean ? `healthlake.${GUIDE_REGION}.amazonaws.com` : 'healthlake.amazonaws.com';
    const policy = new iam.PolicyDocument({
      statements: [
        new iam.PolicyStatement({
          sid: 'Enable IAM User Permissions',
          principals: [new iam.AccountRootPrincipal()],
          actions: ['kms:*'],
          resources: ['*'],
        }),
        new iam.PolicyStatement({
          sid: 'Allow access to create and use the data store',
          principals: [new iam.ArnPrincipal(roleArn)],
          actions: ['kms:CreateGrant', 'kms:DescribeKey', 'kms:GenerateDataKey', 'kms:Decrypt'],
          resources: ['*'],
          conditions: { StringEquals: { 'kms:ViaService': viaService, 'kms:CallerAccount': GUIDE_ACCOUNT } },
        }),
      ],
    });
    this.key = new kms.Key(this, 'FhirKey', { description: 'Key for the FHIR data store', enableKeyRotation: true, policy });
    this.datastore = new healthlake.CfnFHIRDatastore(this, 'FhirDatastore', {
      datastoreName: 'patients',
      datastoreTypeVersion: 'R4',
      sseConfiguration: { kmsEncryptionConfig: { cmkType: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyId: this.key.keyArn } },
    });
    new CfnOutput(this, 'DatastoreEndpoint', { value: this.datastore.attrDatastoreEndpoint });
  }
}

/** Builds the app (not synthesized): `app.synth()` runs the plugins and throws when one fails. */
export function buildGuideApp(options: GuideAppOptions): { app: App; stacks: ClinicalDataStack[] } {
  const plugins = options.plugins ?? [];
  const app = new App({
    outdir: options.outdir,
    context: {
      '@aws-cdk/core:validationReportJson': options.reportJson ?? true,
      // What the CDK CLI sets: each resource's `aws:cdk:path` metadata, which names its construct in cdk.out.
      'aws:cdk:enable-path-metadata': true,
    },
    ...(options.register === 'app-props' && plugins.length ? { policyValidationBeta1: plugins } : {}),
  });
  if (options.register !== 'app-props' && plugins.length) Validations.of(app).addPlugins(...plugins);
  const stacks: ClinicalDataStack[] = [];
  for (let i = 0; i < (options.stacks ?? 1); i++) {
    const stack = new ClinicalDataStack(app, i === 0 ? 'ClinicalData' : `ClinicalData${i}`, options.clean ?? false);
    options.customize?.(stack);
    stacks.push(stack);
  }
  return { app, stacks };
}

/** Builds and synthesizes; returns what `synth()` threw (CDK throws when a plugin's report fails). */
export function synthGuideApp(options: GuideAppOptions): { error?: Error; stacks: ClinicalDataStack[] } {
  const { app, stacks } = buildGuideApp(options);
  try {
    app.synth();
    return { stacks };
  } catch (error) {
    return { error: error as Error, stacks };
  }
}
