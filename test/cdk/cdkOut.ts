// A cloud assembly for the `hlkms lint cdk.out` and `hlkms diff` tests: the guide app's `ClinicalData` stack (with a
// nested stack holding a second key), plus a nested stage `Prod` with its own `ClinicalData` stack. Synthesized in
// process (seconds): synthesize once per test file.
import { NestedStack, Stage } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { buildGuideApp, ClinicalDataStack } from './guideApp';

export interface CdkOutOptions {
  /** The corrected key policies. */
  clean?: boolean;
  /** Gives `ClinicalData/FhirKey` another logical id (what a refactoring or `overrideLogicalId` does), same construct path. */
  renameKey?: string;
}

export function synthCdkOut(outdir: string, options: CdkOutOptions = {}): void {
  const { app } = buildGuideApp({
    outdir,
    clean: options.clean,
    reportJson: false,
    customize: (stack) => {
      if (options.renameKey) (stack.key.node.defaultChild as kms.CfnKey).overrideLogicalId(options.renameKey);
      new kms.Key(new NestedStack(stack, 'Archive'), 'ArchiveKey', { enableKeyRotation: true });
    },
  });
  new ClinicalDataStack(new Stage(app, 'Prod'), 'ClinicalData', options.clean ?? false);
  app.synth();
}
