/** The host rules: how a template writes its policies. The policy rules themselves are in ../../rules/. */
import type { Severity } from '../../types';
import type { HostRule } from './hostRule';
import { refRoleAsPrincipal } from './refRoleAsPrincipal';
import { subPolicyVariable } from './subPolicyVariable';
import { yamlAlias } from './yamlAlias';
import { DATASTORE_KEY_RULE } from './datastoreKey';
import { terraformRuleInfo } from '../terraform/ruleInfo';
import { POLICY_SHAPE_RULE } from './policyShape';

export const hostRules: readonly HostRule[] = [refRoleAsPrincipal, subPolicyVariable, yamlAlias];

/** What the docs, settings and SARIF say about a rule that is not a policy rule. */
export interface HostRuleInfo {
  id: string;
  description: string;
  defaultSeverity: Severity;
  /** Where it runs, for the rule reference. */
  appliesTo: string;
}

/** Every rule the hosts report besides the policy rules (other hosts append theirs). */
export const hostRuleInfo: HostRuleInfo[] = [
  ...hostRules.map((r) => ({ id: r.id, description: r.description, defaultSeverity: r.defaultSeverity,
    appliesTo: r === yamlAlias ? 'CloudFormation templates' : 'CloudFormation templates and Serverless Framework resources' })),
  { id: 'template-syntax', description: 'A template that does not parse (or is too large to read), so its policies cannot be checked.', defaultSeverity: 'error',
    appliesTo: 'CloudFormation templates and Serverless Framework service files' },
  { ...POLICY_SHAPE_RULE, appliesTo: 'CloudFormation templates and Terraform modules' },
  { ...DATASTORE_KEY_RULE, appliesTo: 'templates and modules that define a HealthLake data store and its key' },
  ...terraformRuleInfo,
];
