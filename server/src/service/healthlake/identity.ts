/**
 * HealthLake in IAM identity policies: which HealthLake actions need which KMS calls (data-plane actions
 * come from the catalog by access level), and the Region and account a policy is about.
 */
import { isAccountId, parseArn } from '../arn';
import type { Catalog } from '../catalog';
import type { PolicyModel } from '../model';
import { isKnownRegion } from './regions';
import type { HealthLakeKmsAction } from './facts';

export interface HealthLakeNeed {
  /** `healthlake:ReadResource` ... */
  action: string;
  kms: HealthLakeKmsAction[];
}

const cache = new WeakMap<Catalog, HealthLakeNeed[]>();

/**
 * CreateFHIRDatastore needs DescribeKey, CreateGrant, GenerateDataKey and Decrypt; data-plane actions on a
 * data store (Read level: Decrypt, Write level: GenerateDataKey, both with DescribeKey). Control-plane actions
 * (the data store itself, jobs, tags) are left out.
 */
export function healthLakeNeeds(catalog: Catalog): HealthLakeNeed[] {
  let needs = cache.get(catalog);
  if (needs) return needs;
  needs = [{ action: 'healthlake:CreateFHIRDatastore', kms: ['kms:DescribeKey', 'kms:CreateGrant', 'kms:GenerateDataKey', 'kms:Decrypt'] }];
  for (const a of catalog.service('healthlake')?.actions.values() ?? []) {
    if (!a.resourceTypes.some((r) => r.name === 'datastore') || /Datastore|Job|Tag/.test(a.name)) continue;
    const levels = a.accessLevel.split(',').map((l) => l.trim());
    if (levels.includes('Read')) needs.push({ action: `healthlake:${a.name}`, kms: ['kms:DescribeKey', 'kms:Decrypt'] });
    else if (levels.includes('Write')) needs.push({ action: `healthlake:${a.name}`, kms: ['kms:DescribeKey', 'kms:GenerateDataKey'] });
  }
  cache.set(catalog, needs);
  return needs;
}

/** The Region and account named by the policy's HealthLake or KMS ARNs (undefined when none). */
export function arnScope(model: PolicyModel): { region?: string; account?: string } {
  let region: string | undefined;
  let account: string | undefined;
  for (const st of model.statements) {
    for (const r of st.resource?.items ?? []) {
      const arn = parseArn(r.value);
      if (!arn || !/^(healthlake|kms)$/.test(arn.service)) continue;
      if (!region && isKnownRegion(arn.region)) region = arn.region;
      if (!account && isAccountId(arn.account)) account = arn.account;
    }
  }
  return { region, account };
}
