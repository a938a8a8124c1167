/** HealthLake: the data stores (all pages) and which KMS key each one really uses. */
import { ListFHIRDatastoresCommand, type DatastoreProperties, type HealthLakeClient } from '@aws-sdk/client-healthlake';
import type { KeyMetadata, KMSClient } from '@aws-sdk/client-kms';
import { classify, withRetry } from './errors';
import { describeKey } from './kms';

type Signal = AbortSignal | undefined;

export async function listDatastores(healthlake: HealthLakeClient, signal: Signal): Promise<DatastoreProperties[]> {
  const stores: DatastoreProperties[] = [];
  let token: string | undefined;
  do {
    const page = await withRetry(() => healthlake.send(new ListFHIRDatastoresCommand({ NextToken: token, MaxResults: 50 }), { abortSignal: signal }), { signal });
    stores.push(...(page.DatastorePropertiesList ?? []));
    token = page.NextToken || undefined;
  } while (token);
  return stores;
}

export type KeyResolution =
  | { found: true; arn: string; meta: KeyMetadata }
  | { found: false; reason: 'not-found' | 'error'; error: unknown };

/**
 * Resolves a data store's KmsKeyId (key id, key ARN, alias name or alias ARN) to the key ARN with
 * DescribeKey; one call per distinct id.
 */
export function keyResolver(kms: KMSClient, signal: Signal): (kmsKeyId: string) => Promise<KeyResolution> {
  const cache = new Map<string, Promise<KeyResolution>>();
  return (kmsKeyId) => {
    let pending = cache.get(kmsKeyId);
    if (!pending) {
      pending = describeKey(kms, kmsKeyId, signal).then(
        (meta): KeyResolution => ({ found: true, arn: meta.Arn!, meta }),
        (error: unknown): KeyResolution => {
          if (classify(error) === 'cancelled') throw error;
          return { found: false, reason: classify(error) === 'not-found' ? 'not-found' : 'error', error };
        },
      );
      cache.set(kmsKeyId, pending);
      // Later lookups by the key ARN (e.g. inspecting the key an alias named) reuse this answer.
      void pending.then((r) => { if (r.found && !cache.has(r.arn)) cache.set(r.arn, Promise.resolve(r)); }, () => undefined);
    }
    return pending;
  };
}

/** Customer managed key settings of a data store, or undefined for an AWS owned key. */
export function customerKeyOf(store: DatastoreProperties): string | undefined {
  const config = store.SseConfiguration?.KmsEncryptionConfig;
  return config?.CmkType === 'CUSTOMER_MANAGED_KMS_KEY' && config.KmsKeyId ? config.KmsKeyId : undefined;
}
