/** The requests HealthLake sends to KMS on a principal's behalf, as evaluator requests. */
import type { EvalRequest } from '../evaluate/index';
import { GRANT_OPERATIONS, HEALTHLAKE_KMS_ACTIONS, viaServiceFor, type HealthLakeKmsAction } from './facts';

export interface HealthLakeRequest extends EvalRequest {
  action: HealthLakeKmsAction;
}

/**
 * Keys the simulated requests model: what HealthLake's calls carry (below), and keys they certainly lack
 * (no encryption context, no grant constraints, and no network keys for calls an AWS service makes on the
 * caller's behalf). Any other key's value depends on the real caller or key, so the requests leave it open.
 */
const MODELLED = /^(kms:(viaservice|calleraccount|grantoperations|grantisforawsresource|granteeprincipal|retiringprincipal|grantconstrainttype|encryptioncontextkeys|encryptioncontext:.*)|aws:(principalaccount|principalarn|viaawsservice|securetransport|requestedregion|sourceip|sourcevpc|sourcevpce|vpcsourceip))$/;
export const isModelledKey = (key: string): boolean => MODELLED.test(key.toLowerCase());
const openKeys = new Map<string, boolean>();
function open(lowerKey: string): boolean {
  let hit = openKeys.get(lowerKey);
  if (hit === undefined) {
    if (openKeys.size > 1000) openKeys.clear();
    openKeys.set(lowerKey, (hit = !MODELLED.test(lowerKey)));
  }
  return hit;
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
    unknownKeys: open,
    context: action === 'kms:CreateGrant'
      ? { ...common, 'kms:GrantOperations': [...GRANT_OPERATIONS], 'kms:GrantIsForAWSResource': true, 'kms:GranteePrincipal': service, 'kms:RetiringPrincipal': service }
      : common,
  }));
}

/** aws:PrincipalArn of a role session is the role's ARN (a role given as a reference is its own ARN). */
function principalArn(principal: string): string {
  const m = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\//.exec(principal);
  return m ? `arn:${m[1]}:iam::${m[2]}:role/${m[3]}` : principal;
}
