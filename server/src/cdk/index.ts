/** `hlkms/cdk`: the CDK policy-validation plugin and the shapes it shares with CDK. */
export { HlkmsValidation } from './plugin';
export type {
  HlkmsValidationOptions, RuleSetting, PolicyValidationContext, PolicyValidationStack, PolicyValidationPluginReport,
  PolicyViolation, PolicyViolatingResource,
} from './types';
