/** The host rules: how a template writes its policies. The policy rules themselves are in ../../rules/. */
import type { HostRule } from './hostRule';
import { refRoleAsPrincipal } from './refRoleAsPrincipal';
import { subPolicyVariable } from './subPolicyVariable';
import { yamlAlias } from './yamlAlias';

export const hostRules: readonly HostRule[] = [refRoleAsPrincipal, subPolicyVariable, yamlAlias];
