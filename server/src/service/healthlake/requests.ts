/** The requests HealthLake sends to KMS on a principal's behalf, as evaluator requests. */
import type { EvalRequest } from '../evaluate/index';
import { GRANT_OPERATIONS, HEALTHLAKE_KMS_ACTIONS, viaServiceFor, type HealthLakeKmsAction } from './facts';

export interface HealthLakeRequest extends EvalRequest {
  action: HealthLakeKmsAction;
}

/**
 * DescribeKey, CreateGrant (its nine operations, for an AWS resource, to the regional service principal),
 * GenerateDataKey and Decrypt, each through HealthLake in `region`, called by `principal` of `account`,
 * with no encryption context.
 */
export function healthLakeRequests(principal: string, account: string, region: string): HealthLakeRequest[] {
  const service = viaServiceFor(region);
  const common = {
    'kms:ViaService': service,
    'kms:CallerAccount': account,
    'aws:PrincipalAccount': account,
    'aws:PrincipalArn': principalArn(principal),
    'aws:ViaAWSService': true,
    'aws:SecureTransport': true,
    'aws:RequestedRegion': region,
  };
  return HEALTHLAKE_KMS_ACTIONS.map((action) => ({
    principal,
    action,
    context: action === 'kms:CreateGrant'
      ? { ...common, 'kms:GrantOperations': [...GRANT_OPERATIONS], 'kms:GrantIsForAWSResource': true, 'kms:GranteePrincipal': service, 'kms:RetiringPrincipal': service }
      : common,
  }));
}

/** aws:PrincipalArn of a role session is the role's ARN. */
function principalArn(principal: string): string {
  const m = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\//.exec(principal);
  return m ? `arn:${m[1]}:iam::${m[2]}:role/${m[3]}` : principal;
}
