/**
 * Reaching the accounts of an organization: who the caller is, the accounts (Organizations, paged and paced),
 * each member account's credentials (STS AssumeRole, refreshed before they expire) and its enabled Regions
 * (Account ListRegions). Every call is retried on throttling with backoff and jitter, and honours cancellation.
 */
import { AccountClient, ListRegionsCommand } from '@aws-sdk/client-account';
import {
  ListAccountsCommand, ListAccountsForParentCommand, ListOrganizationalUnitsForParentCommand, OrganizationsClient, type Account,
} from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { limitRate, type RateLimits } from './adaptiveRate';
import { delay, withRetry } from './errors';

type Signal = AbortSignal | undefined;

export interface OrgConnection {
  profile?: string;
  /** One endpoint for every service (an emulator); otherwise the SDK's conventions (AWS_ENDPOINT_URL_<SERVICE>). */
  endpointUrl?: string;
  /** The Region of STS (regional endpoints give tokens every Region accepts). */
  region: string;
  /** Adaptive rate limits, shared by every client of the run. */
  rates?: RateLimits;
}

/** The client, rate limited by the quota `name` when the run shares limits. */
const limited = <C extends Parameters<typeof limitRate>[0]>(c: OrgConnection, client: C, name: string): C => (c.rates ? limitRate(client, c.rates.for(name)) : client);

/** Where a partition's global services (Organizations, Account) answer. */
const GLOBAL_REGION: Record<string, string> = { aws: 'us-east-1', 'aws-us-gov': 'us-gov-west-1', 'aws-cn': 'cn-northwest-1' };

function config(c: OrgConnection, region: string) {
  return {
    region,
    ...(c.profile ? { profile: c.profile } : {}),
    ...(c.endpointUrl ? { endpoint: c.endpointUrl } : {}),
    // Throttling is retried by withRetry (backoff with full jitter, cancellable).
    maxAttempts: 1,
  };
}

/** Retries of the organization's global services: more patient than a Region's (Organizations' quotas are low). */
const PATIENT = { attempts: 8, baseDelayMs: 300, maxDelayMs: 10_000 };

export interface Caller {
  account: string;
  partition: string;
  arn: string;
}

export function callerSts(c: OrgConnection): STSClient {
  return limited(c, new STSClient(config(c, c.region)), 'sts');
}

export async function callerIdentity(sts: STSClient, signal: Signal): Promise<Caller> {
  const me = await withRetry(() => sts.send(new GetCallerIdentityCommand({}), { abortSignal: signal }), { signal, ...PATIENT });
  const arn = me.Arn ?? '';
  return { account: me.Account ?? '', partition: arn.split(':')[1] || 'aws', arn };
}

/** At most one call every `intervalMs`, in the order asked (Organizations' request quota is a few per second). */
export function pacer(intervalMs: number): (signal: Signal) => Promise<void> {
  let next = 0;
  return async (signal) => {
    const now = Date.now();
    const at = Math.max(now, next);
    next = at + intervalMs;
    if (at > now) await delay(at - now, signal);
  };
}

export interface OrgMember {
  id: string;
  name: string;
  /** ACTIVE, SUSPENDED, PENDING_CLOSURE… (the account's State, else its Status). */
  status: string;
}

/** Every page of a paged Organizations call, each call paced and retried. */
async function allPages<T>(call: (token: string | undefined) => Promise<{ items?: T[]; next?: string }>, pace: (signal: Signal) => Promise<void>, signal: Signal): Promise<T[]> {
  const items: T[] = [];
  let token: string | undefined;
  do {
    const page = await withRetry(async () => {
      await pace(signal);
      return call(token);
    }, { signal, ...PATIENT });
    items.push(...(page.items ?? []));
    token = page.next || undefined;
  } while (token);
  return items;
}

/**
 * Every account of the organization, or of the organizational unit `ou` and the units under it (a root id
 * gives the whole organization the same way), all pages.
 */
export async function listMembers(c: OrgConnection, partition: string, options: { ou?: string; signal: Signal; paceMs?: number }): Promise<OrgMember[]> {
  const org = limited(c, new OrganizationsClient(config(c, GLOBAL_REGION[partition] ?? 'us-east-1')), 'organizations');
  const pace = pacer(options.paceMs ?? 250);
  const { signal, ou } = options;
  const accounts: Account[] = [];
  try {
    if (!ou) {
      accounts.push(...await allPages(async (NextToken) => {
        const page = await org.send(new ListAccountsCommand({ NextToken }), { abortSignal: signal });
        return { items: page.Accounts, next: page.NextToken };
      }, pace, signal));
    } else {
      const parents = [ou];
      for (let parent = parents.shift(); parent; parent = parents.shift()) {
        const ParentId = parent;
        accounts.push(...await allPages(async (NextToken) => {
          const page = await org.send(new ListAccountsForParentCommand({ ParentId, NextToken }), { abortSignal: signal });
          return { items: page.Accounts, next: page.NextToken };
        }, pace, signal));
        parents.push(...(await allPages(async (NextToken) => {
          const page = await org.send(new ListOrganizationalUnitsForParentCommand({ ParentId, NextToken }), { abortSignal: signal });
          return { items: page.OrganizationalUnits, next: page.NextToken };
        }, pace, signal)).flatMap((u) => (u.Id ? [u.Id] : [])));
      }
    }
  } finally {
    org.destroy();
  }
  return accounts.map((a) => ({ id: a.Id ?? '', name: a.Name ?? '', status: String(a.State ?? a.Status ?? 'UNKNOWN').toUpperCase() }));
}

export const roleArn = (partition: string, account: string, roleName: string): string => `arn:${partition}:iam::${account}:role/${roleName}`;

/** Credentials are renewed this long before they expire (the SDK's clients ask again 5 minutes before). */
const REFRESH_BEFORE_MS = 6 * 60_000;

/**
 * The role's credentials, assumed on first use and again shortly before they expire; every client of the
 * account shares them (one AssumeRole per account and hour, not one per client). A failed call is not kept:
 * the next use tries again.
 */
export function assumedRole(sts: Pick<STSClient, 'send'>, input: { roleArn: string; externalId?: string }, signal: Signal): AwsCredentialIdentityProvider {
  let current: Promise<AwsCredentialIdentity> | undefined;
  let expires = 0;
  return () => {
    if (!current || Date.now() > expires - REFRESH_BEFORE_MS) {
      expires = Infinity;
      current = withRetry(() => sts.send(new AssumeRoleCommand({
        RoleArn: input.roleArn, RoleSessionName: 'hlkms-audit', ...(input.externalId ? { ExternalId: input.externalId } : {}),
      }), { abortSignal: signal }), { signal }).then((r) => {
        const c = r.Credentials;
        if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`AssumeRole on ${input.roleArn} returned no credentials`);
        expires = c.Expiration ? new Date(c.Expiration).getTime() : Infinity;
        return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, ...(c.Expiration ? { expiration: new Date(c.Expiration) } : {}) };
      }, (e: unknown) => {
        current = undefined;
        expires = 0;
        throw e;
      });
    }
    return current;
  };
}

/** The trust policy the role needs so that the caller can assume it (with the ExternalId condition when one is used). */
export function trustPolicy(caller: Caller, externalId?: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{
      Effect: 'Allow',
      Principal: { AWS: `arn:${caller.partition}:iam::${caller.account}:root` },
      Action: 'sts:AssumeRole',
      ...(externalId ? { Condition: { StringEquals: { 'sts:ExternalId': externalId } } } : {}),
    }],
  });
}

/**
 * The account's enabled Regions (ENABLED and ENABLED_BY_DEFAULT), or the error when they cannot be read
 * (account:ListRegions denied, say).
 */
export async function enabledRegions(c: OrgConnection, partition: string, credentials: AwsCredentialIdentityProvider | undefined, signal: Signal): Promise<Set<string> | { error: unknown }> {
  const account = limited(c, new AccountClient({ ...config(c, GLOBAL_REGION[partition] ?? 'us-east-1'), ...(credentials ? { credentials } : {}) }), 'account');
  const regions = new Set<string>();
  try {
    let token: string | undefined;
    do {
      const page = await withRetry(() => account.send(new ListRegionsCommand({ RegionOptStatusContains: ['ENABLED', 'ENABLED_BY_DEFAULT'], NextToken: token, MaxResults: 50 }), { abortSignal: signal }), { signal, ...PATIENT });
      for (const r of page.Regions ?? []) if (r.RegionName) regions.add(r.RegionName);
      token = page.NextToken || undefined;
    } while (token);
    return regions;
  } catch (error) {
    return { error };
  } finally {
    account.destroy();
  }
}
