/**
 * The statements the refactors and completions add: the account-root statement and the HealthLake
 * statement, filled in with the account, partition and Region the policy already names.
 */
import { parseArn, parsePrincipal } from './arn';
import type { PolicyModel } from './model';

export const EXAMPLE_ACCOUNT = '111122223333';

/** The four KMS operations HealthLake calls on behalf of the caller (see the HealthLake encryption guide). */
export const HEALTHLAKE_KEY_ACTIONS = ['kms:DescribeKey', 'kms:CreateGrant', 'kms:GenerateDataKey', 'kms:Decrypt'] as const;

/** The nine operations of the grant HealthLake creates for each data store. */
export const HEALTHLAKE_GRANT_OPERATIONS = [
  'CreateGrant', 'Decrypt', 'DescribeKey', 'Encrypt', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext',
  'ReEncryptFrom', 'ReEncryptTo', 'RetireGrant',
] as const;

/** Regions where HealthLake data stores can be created (commercial partition). */
export const HEALTHLAKE_REGIONS = [
  'us-east-1', 'us-east-2', 'us-west-2', 'ca-central-1', 'eu-west-1', 'eu-west-2', 'ap-south-1', 'ap-southeast-2',
] as const;

export const viaServiceFor = (region: string): string => `healthlake.${region}.amazonaws.com`;

export interface PolicyFacts {
  account: string;
  partition: string;
  /** A Region the policy names (an ARN or a regional ViaService value), else the default Region setting. */
  region?: string;
}

/** The account, partition and Region a policy already names, so added statements fit it. */
export function policyFacts(model: PolicyModel, defaultRegion?: string): PolicyFacts {
  let account: string | undefined;
  let partition: string | undefined;
  let region: string | undefined;
  for (const st of model.statements) {
    for (const entry of st.principal?.entries ?? []) {
      for (const item of entry.values.items) {
        const p = parsePrincipal(entry.type, item.value);
        if (!account && 'account' in p && p.account && /^\d{12}$/.test(p.account)) account = p.account;
        partition ??= parseArn(item.value)?.partition;
      }
    }
    for (const item of st.resource?.items ?? []) region ??= parseArn(item.value)?.region || undefined;
    for (const op of st.condition?.operators ?? []) {
      for (const key of op.keys) {
        for (const v of key.values) {
          if (typeof v.value !== 'string') continue;
          region ??= /^healthlake\.([a-z]{2}(-[a-z]+)+-\d)\.amazonaws\.com$/.exec(v.value)?.[1];
          if (!account && /^kms:calleraccount$|^aws:principalaccount$/i.test(key.key) && /^\d{12}$/.test(v.value)) account = v.value;
        }
      }
    }
  }
  return { account: account ?? EXAMPLE_ACCOUNT, partition: partition ?? 'aws', region: region ?? defaultRegion };
}

/** `root` + `kms:*`: without it, IAM policies that grant use of the key have no effect. */
export function accountRootStatement(facts: PolicyFacts): Record<string, unknown> {
  return {
    Sid: 'Enable IAM policies',
    Effect: 'Allow',
    Principal: { AWS: `arn:${facts.partition}:iam::${facts.account}:root` },
    Action: 'kms:*',
    Resource: '*',
  };
}

/**
 * Lets principals of the account (as their IAM policies allow) use the key through HealthLake only. `kms:ViaService` is regional; with
 * no Region known, `StringLike` on `healthlake.*.amazonaws.com` covers every Region.
 */
export function healthLakeStatement(facts: PolicyFacts): Record<string, unknown> {
  const via = facts.region
    ? { StringEquals: { 'kms:ViaService': viaServiceFor(facts.region) } }
    : { StringLike: { 'kms:ViaService': 'healthlake.*.amazonaws.com' } };
  return {
    Sid: 'Allow use of the key by HealthLake',
    Effect: 'Allow',
    Principal: { AWS: `arn:${facts.partition}:iam::${facts.account}:root` },
    Action: [...HEALTHLAKE_KEY_ACTIONS],
    Resource: '*',
    Condition: via,
  };
}

/** A complete key policy for a HealthLake data store: account root plus the HealthLake statement. */
export function healthLakeKeyPolicy(facts: PolicyFacts): Record<string, unknown> {
  return { Version: '2012-10-17', Statement: [accountRootStatement(facts), healthLakeStatement(facts)] };
}
