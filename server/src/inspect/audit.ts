/**
 * The account-wide audit: in each Region (several at once, with a bound), every HealthLake data store, and
 * for each customer managed key the key report `inspect-key` builds, made once per key ARN however many
 * data stores share it. A Region that cannot be read becomes an entry in `errors` and the audit goes on;
 * cancellation (the signal) stops every call in flight.
 */
import { setMaxListeners } from 'node:events';
import type { DatastoreProperties } from '@aws-sdk/client-healthlake';
import type { Catalog } from '../service/catalog';
import { fileCatalog } from '../node/catalogFiles';
import { RateLimits } from './adaptiveRate';
import { offersHealthLake } from './auditRegions';
import type { AuditedDatastore, AuditProgress, AuditResult, Encryption, RegionError } from './auditTypes';
import { awsOwnedVerdict, keyNotCheckedVerdict, keyNotFoundVerdict, keyVerdict, otherRegionVerdict, summarize } from './auditVerdict';
import { createClients, type ConnectionOptions } from './clients';
import { classify, explain, InspectError, throwIfAborted } from './errors';
import { inspectKey } from './gather';
import { customerKeyOf, keyResolver, listDatastores } from './healthlake';
import type { KeyInspection } from './types';

export interface AuditOptions extends Omit<ConnectionOptions, 'region'> {
  regions: string[];
  /** Search CloudTrail for HealthLake's KMS calls since then; without it, CloudTrail is not called. */
  since?: Date;
  signal?: AbortSignal;
  /** Regions audited at once (default 4). */
  regionConcurrency?: number;
  /** Keys inspected at once in a Region (default 4; each inspection makes up to five calls at once). */
  keyConcurrency?: number;
  catalog?: Catalog;
  onProgress?: (progress: AuditProgress) => void;
  /**
   * The key inspections of a larger run (an organization's audit), by key ARN: each key is read once across
   * every audit given the same map.
   */
  inspections?: Map<string, Promise<KeyInspection | InspectError>>;
  /** Adaptive rate limits shared with a larger run; `rateScope` names the account. Default: the audit's own. */
  rates?: RateLimits;
  rateScope?: string;
  /** Whose policy grants the audit's permissions, when not the caller's (an assumed role: `the role NAME`). */
  principal?: string;
}

/** Runs `fn` on every item, at most `limit` at a time; the first error (e.g. cancellation) rejects. */
export async function eachLimit<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}

const NOT_ENABLED = new Set(['UnrecognizedClientException', 'InvalidClientTokenId', 'AuthFailure', 'OptInRequired']);

/** Why a Region could not be read, for a person. */
export function regionError(e: unknown, region: string, profile?: string, principal?: string): RegionError {
  const { name = '', message = '' } = (e ?? {}) as { name?: string; message?: string };
  if (NOT_ENABLED.has(name) || /security token included in the request is invalid/i.test(message)) {
    return {
      region, kind: 'opt-in',
      message: `AWS does not accept these credentials in ${region}: it is most likely an opt-in Region that is not enabled for this account (enable it under Account > AWS Regions, or leave it out of --regions), or the session token came from the global STS endpoint, which opt-in Regions do not accept.`,
    };
  }
  const kind = classify(e);
  if (kind === 'denied' && /service control polic/i.test(message)) {
    return {
      region, kind: 'scp',
      message: `A service control policy of the organization denies HealthLake in ${region} for this account (${message.split('\n')[0]!.trim()}). The Region is not audited; the denial is the organization's, not a missing permission of the credentials.`,
    };
  }
  let text = explain(e, { action: 'healthlake:ListFHIRDatastores', profile, principal });
  if (kind === 'network') {
    text = `Could not reach HealthLake in ${region} (${(e as { code?: string }).code ?? name ?? 'network error'}). ${offersHealthLake(region)
      ? 'Check the network, proxy or endpoint setting.' : `HealthLake may not be offered in ${region}; check the Region name.`}`;
  }
  return { region, kind, message: text };
}

export async function runAudit(options: AuditOptions): Promise<AuditResult> {
  const { signal, profile, endpointUrl, credentials, rateScope } = options;
  const rates = options.rates ?? new RateLimits(signal);
  // Every call in flight listens to the one signal: hundreds at a time are expected, not a leak.
  if (signal) setMaxListeners(0, signal);
  const startedAt = new Date().toISOString();
  const catalog = options.catalog ?? fileCatalog();
  const datastores: AuditedDatastore[] = [];
  const keys = new Map<string, KeyInspection>();
  /** One inspection per key ARN, shared by every data store (and Region) that uses the key. */
  const inspections = options.inspections ?? new Map<string, Promise<KeyInspection | InspectError>>();
  const errors: RegionError[] = [];
  let deletedSkipped = 0;
  let account: string | null = null;
  let regionsDone = 0;
  const progress = (message: string) => options.onProgress?.({ regionsDone, regionsTotal: options.regions.length, message });

  const auditRegion = async (region: string) => {
    const clients = createClients({ region, profile, endpointUrl, credentials, rates, rateScope });
    try {
      progress(`Listing HealthLake data stores in ${region}`);
      let stores: DatastoreProperties[];
      try {
        stores = await listDatastores(clients.healthlake, signal);
      } catch (e) {
        if (classify(e) === 'cancelled') throw e;
        errors.push(regionError(e, region, profile, options.principal));
        return;
      }
      const live = stores.filter((s) => s.DatastoreStatus !== 'DELETED');
      deletedSkipped += stores.length - live.length;
      account ??= /^arn:[^:]+:healthlake:[^:]*:(\d{12}):/.exec(live[0]?.DatastoreArn ?? '')?.[1] ?? null;
      const resolve = keyResolver(clients.kms, signal);
      const inspect = (arn: string): Promise<KeyInspection | InspectError> => {
        let pending = inspections.get(arn);
        if (!pending) {
          const sameRegion = arn.split(':')[3] === region;
          pending = inspectKey({
            key: arn, profile, endpointUrl, credentials, rates, rateScope, signal, catalog, since: options.since, events: options.since !== undefined,
            // A key of this Region reuses the Region's clients, data stores and DescribeKey answers.
            ...(sameRegion ? { clients, datastores: stores, resolveKey: resolve } : {}),
          }).then((inspection) => {
            if (!options.since) inspection.report.notes.push('CloudTrail was not searched; run the audit with --since to include HealthLake\'s recent KMS calls.');
            return inspection;
          }, (e: unknown) => {
            if (classify(e) === 'cancelled') throw e;
            return e instanceof InspectError ? e : new InspectError(explain(e, { action: 'kms:DescribeKey', profile }), classify(e));
          });
          inspections.set(arn, pending);
        }
        return pending;
      };

      progress(`Inspecting the keys of ${live.length} data store${live.length === 1 ? '' : 's'} in ${region}`);
      const audited = live.map((store): AuditedDatastore => {
        const kmsKeyId = customerKeyOf(store) ?? null;
        const encryption: Encryption = kmsKeyId ? 'CUSTOMER_MANAGED_KMS_KEY' : 'AWS_OWNED_KMS_KEY';
        return {
          id: store.DatastoreId ?? '', name: store.DatastoreName ?? '', region, status: String(store.DatastoreStatus ?? 'UNKNOWN'),
          encryption, kmsKeyId, keyArn: null, verdict: awsOwnedVerdict(),
        };
      });
      await eachLimit(audited.filter((d) => d.kmsKeyId), options.keyConcurrency ?? 4, async (d) => {
        throwIfAborted(signal);
        // An ARN of another Region's key (or alias) is looked up, and inspected, in that Region.
        const keyRegion = /^arn:[^:]+:kms:([a-z0-9-]+):/.exec(d.kmsKeyId!)?.[1];
        if (keyRegion && keyRegion !== region) {
          const inspection = await inspect(d.kmsKeyId!);
          if (!(inspection instanceof InspectError)) keys.set(inspection.report.key.arn, inspection);
          if (inspection instanceof InspectError) {
            d.verdict = inspection.kind === 'not-found' ? keyNotFoundVerdict(d.kmsKeyId!, keyRegion) : keyNotCheckedVerdict(d.kmsKeyId!, inspection.message);
            return;
          }
          d.keyArn = inspection.report.key.arn;
          d.verdict = otherRegionVerdict(keyVerdict(inspection), keyRegion, region);
          return;
        }
        const resolution = await resolve(d.kmsKeyId!);
        if (!resolution.found) {
          d.verdict = resolution.reason === 'not-found' ? keyNotFoundVerdict(d.kmsKeyId!, region)
            : keyNotCheckedVerdict(d.kmsKeyId!, explain(resolution.error, { action: 'kms:DescribeKey', profile }));
          return;
        }
        d.keyArn = resolution.arn;
        const inspection = await inspect(resolution.arn);
        if (!(inspection instanceof InspectError)) keys.set(inspection.report.key.arn, inspection);
        d.verdict = inspection instanceof InspectError ? keyNotCheckedVerdict(d.kmsKeyId!, inspection.message) : keyVerdict(inspection);
      });
      datastores.push(...audited);
    } finally {
      clients.destroy();
      regionsDone++;
      progress(`${region} done`);
    }
  };

  await eachLimit(options.regions, options.regionConcurrency ?? 4, auditRegion);
  const order = new Map(options.regions.map((r, i) => [r, i]));
  datastores.sort((a, b) => order.get(a.region)! - order.get(b.region)! || a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  errors.sort((a, b) => order.get(a.region)! - order.get(b.region)!);
  return {
    regions: options.regions, datastores, keys, errors,
    summary: summarize(datastores, keys, options.regions, errors, deletedSkipped),
    startedAt, finishedAt: new Date().toISOString(), since: options.since?.toISOString() ?? null, account,
  };
}

/** 2: nothing could be read; 1: a data store is broken; 0 otherwise. */
export function auditExitCode(result: AuditResult): number {
  if (result.regions.length > 0 && result.errors.length >= result.regions.length) return 2;
  return result.datastores.some((d) => d.verdict.status === 'broken') ? 1 : 0;
}
