/** The rule registry: a list. Settings can change a rule's severity or switch it off. */
import type { Rule } from './rule';
import { documentLimits } from './documentLimits';
import { jsonSyntax } from './jsonSyntax';
import { policySchema } from './policySchema';
import { duplicateKeys } from './duplicateKeys';
import { version } from './version';
import { statementPresence } from './statementPresence';
import { effect } from './effect';
import { actionElement } from './actionElement';
import { resourceElement } from './resourceElement';
import { principalElement } from './principalElement';
import { sidFormat } from './sidFormat';
import { duplicateSid } from './duplicateSid';
import { unknownAction } from './unknownAction';
import { conditionOperator } from './conditionOperator';
import { conditionKey } from './conditionKey';
import { conditionValueType } from './conditionValueType';
import { setOperator } from './setOperator';
import { principalFormat } from './principalFormat';
import { resourceArn } from './resourceArn';
import { notPrincipal } from './notPrincipal';
import { keyPolicyResource } from './keyPolicyResource';
import { keyPolicyActions } from './keyPolicyActions';
import { keyPolicySize } from './keyPolicySize';
import { keyPolicyCharacters } from './keyPolicyCharacters';
import { healthLakeMissingAction } from './healthLakeMissingAction';
import { healthLakeViaService } from './healthLakeViaService';
import { healthLakeCallerAccount } from './healthLakeCallerAccount';
import { healthLakeGrantConditions } from './healthLakeGrantConditions';
import { healthLakeAccess } from './healthLakeAccess';
import { lockoutPutKeyPolicy } from './lockoutPutKeyPolicy';
import { accountRootMissing } from './accountRootMissing';
import { publicPrincipal } from './publicPrincipal';
import { identityHealthLakeKms } from './identityHealthLakeKms';
import { aliasResource } from './aliasResource';
import { passRoleUnrestricted } from './passRoleUnrestricted';
import { arnOperator } from './arnOperator';
import { conditionKeyApplies } from './conditionKeyApplies';
import { actionResourceMatch } from './actionResourceMatch';
import { passRoleRegionalService } from './passRoleRegionalService';

export const rules: readonly Rule[] = [
  documentLimits,
  jsonSyntax,
  policySchema,
  duplicateKeys,
  version,
  statementPresence,
  effect,
  actionElement,
  resourceElement,
  principalElement,
  sidFormat,
  duplicateSid,
  unknownAction,
  conditionOperator,
  conditionKey,
  conditionValueType,
  setOperator,
  principalFormat,
  resourceArn,
  notPrincipal,
  keyPolicyResource,
  keyPolicyActions,
  keyPolicySize,
  keyPolicyCharacters,
  healthLakeMissingAction,
  healthLakeViaService,
  healthLakeCallerAccount,
  healthLakeGrantConditions,
  healthLakeAccess,
  lockoutPutKeyPolicy,
  accountRootMissing,
  publicPrincipal,
  identityHealthLakeKms,
  aliasResource,
  passRoleUnrestricted,
  passRoleRegionalService,
  arnOperator,
  conditionKeyApplies,
  actionResourceMatch,
];

export function ruleById(id: string): Rule | undefined {
  return rules.find((r) => r.id === id);
}
