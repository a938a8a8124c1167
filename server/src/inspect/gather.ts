/**
 * Inspecting a live key: DescribeKey first (nothing else makes sense without it), then every other call
 * concurrently. A failed call becomes a note saying what could not be checked and why; the rest of the
 * report still comes back.
 */
import type { DatastoreProperties } from '@aws-sdk/client-healthlake';
import type { GrantListEntry, KeyMetadata } from '@aws-sdk/client-kms';
import type { Catalog } from '../service/catalog';
import { fileCatalog } from '../node/catalogFiles';
import { createClients, type Clients, type ConnectionOptions } from './clients';
import { healthLakeEvents } from './cloudtrail';
import { classify, explain, InspectError } from './errors';
import { customerKeyOf, keyResolver, listDatastores, type KeyResolution } from './healthlake';
import { describeKey, getKeyPolicy, getRotationEnabled, listAliases, listGrants, listTags } from './kms';
import { lintKeyPolicy, type PolicyLint } from './policyFindings';
import { HEALTHLAKE_GRANT_OPERATIONS, isHealthLakePrincipal, type DependentDatastore, type HealthLakeGrant, type KeyInspection, type KeyReport } from './types';
import { verdict } from './verdict';

export interface InspectOptions extends ConnectionOptions {
  /** Key id, key ARN, alias name (`alias/x`) or alias ARN. */
  key: string;
  /** Start of the CloudTrail lookup; default 7 days ago. */
  since?: Date;
  signal?: AbortSignal;
  /** Default: the catalog next to the bundle. */
  catalog?: Catalog;
  /** Default: clients created from the connection options (and destroyed afterwards). */
  clients?: Clients;
  onProgress?: (message: string) => void;
  /** The region's data stores, when the caller already listed them (the audit lists each Region once). */
  datastores?: DatastoreProperties[];
  /** A shared resolver (and its cache), so each distinct KmsKeyId is described once across inspections. */
  resolveKey?: (kmsKeyId: string) => Promise<KeyResolution>;
  /** false: skip the CloudTrail lookup (the audit searches CloudTrail only when asked to). */
  events?: boolean;
}

const KEY_INPUT = /^(arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/.+|alias\/[A-Za-z0-9/_-]+|mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

export function isKeyReference(text: string): boolean {
  return KEY_INPUT.test(text.trim());
}

export async function inspectKey(options: InspectOptions): Promise<KeyInspection> {
  const input = options.key.trim();
  if (!isKeyReference(input)) {
    throw new InspectError(`'${options.key}' is not a KMS key id, key ARN, alias name (alias/...) or alias ARN.`, 'other');
  }
  // A key ARN names its region: KMS answers for a key only in that region.
  const arnRegion = /^arn:[^:]+:kms:([a-z0-9-]+):/.exec(input)?.[1];
  const clients = options.clients ?? createClients({ ...options, region: arnRegion ?? options.region });
  try {
    return await inspectWith(clients, input, options);
  } finally {
    if (!options.clients) clients.destroy();
  }
}

async function inspectWith(clients: Clients, input: string, options: InspectOptions): Promise<KeyInspection> {
  const { signal, profile } = options;
  const since = options.since ?? new Date(Date.now() - 7 * 24 * 3600 * 1000);
  let region: string;
  try {
    region = await clients.region();
  } catch (e) {
    throw new InspectError(explain(e, { action: 'kms:DescribeKey', profile }), classify(e));
  }
  options.onProgress?.('Describing the key');
  const resolve = options.resolveKey ?? keyResolver(clients.kms, signal);
  let meta: KeyMetadata;
  try {
    const known = options.resolveKey ? await options.resolveKey(input) : undefined;
    if (known && !known.found) throw known.error;
    meta = known?.found ? known.meta : await describeKey(clients.kms, input, signal);
  } catch (e) {
    const kind = classify(e);
    if (kind === 'cancelled') throw e;
    const message = kind === 'not-found'
      ? `The key '${input}' was not found in ${region}. Check the key id or alias, the region and the account of the credentials.`
      : explain(e, { action: 'kms:DescribeKey', profile });
    throw new InspectError(message, kind);
  }
  const keyArn = meta.Arn!;
  const keyId = meta.KeyId!;
  const notes: string[] = [];
  /** Runs one independent part; a failure becomes a note, cancellation stops everything. */
  const attempt = async <T>(what: string, action: string, run: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await run();
    } catch (e) {
      if (classify(e) === 'cancelled') throw e;
      notes.push(`Could not check ${what}: ${explain(e, { action, profile })}`);
      return undefined;
    }
  };
  const rotationApplies = meta.Origin === 'AWS_KMS' && meta.KeySpec === 'SYMMETRIC_DEFAULT';

  options.onProgress?.('Reading the key policy, grants, data stores and CloudTrail');
  const [policyText, grants, aliases, rotation, tags, stores, events] = await Promise.all([
    attempt('the key policy', 'kms:GetKeyPolicy', () => getKeyPolicy(clients.kms, keyId, signal)),
    attempt("HealthLake's grants", 'kms:ListGrants', () => listGrants(clients.kms, keyId, signal)),
    attempt('the aliases', 'kms:ListAliases', () => listAliases(clients.kms, keyId, signal)),
    rotationApplies ? attempt('key rotation', 'kms:GetKeyRotationStatus', () => getRotationEnabled(clients.kms, keyId, signal)) : Promise.resolve(undefined),
    attempt('the tags', 'kms:ListResourceTags', () => listTags(clients.kms, keyId, signal)),
    options.datastores ? Promise.resolve(options.datastores)
      : attempt('which HealthLake data stores use the key', 'healthlake:ListFHIRDatastores', () => listDatastores(clients.healthlake, signal)),
    options.events === false ? Promise.resolve(undefined)
      : attempt("HealthLake's recent use of the key in CloudTrail", 'cloudtrail:LookupEvents', () => healthLakeEvents(clients.cloudtrail, keyArn, { since, signal })),
  ]);

  const aliasNames = (aliases ?? []).map((a) => a.AliasName ?? '').filter(Boolean);

  const datastores: DependentDatastore[] = [];
  const lost: DependentDatastore[] = [];
  const withKeys = (stores ?? []).flatMap((store) => {
    const ref = store.DatastoreStatus === 'DELETED' ? undefined : customerKeyOf(store);
    return ref ? [{ store, ref }] : [];
  });
  const resolutions = await Promise.all(withKeys.map(({ ref }) => resolve(ref)));
  for (const [i, { store, ref }] of withKeys.entries()) {
    const entry: DependentDatastore = {
      id: store.DatastoreId ?? '', name: store.DatastoreName ?? '', status: String(store.DatastoreStatus ?? 'UNKNOWN'),
      cmkType: String(store.SseConfiguration?.KmsEncryptionConfig?.CmkType ?? ''), kmsKeyId: ref,
    };
    const resolved = resolutions[i]!;
    if (resolved.found) {
      if (resolved.arn === keyArn) datastores.push(entry);
    } else if (resolved.reason === 'not-found') {
      lost.push(entry);
    } else {
      notes.push(`Could not check the key of data store '${entry.name || entry.id}' (${ref}): ${explain(resolved.error, { action: 'kms:DescribeKey', profile })}`);
    }
  }

  const healthLakeGrants = grants?.filter((g) => isHealthLakePrincipal(g.GranteePrincipal)).map(toHealthLakeGrant);
  let policy: PolicyLint | undefined;
  if (policyText !== undefined) {
    policy = lintKeyPolicy(policyText, options.catalog ?? fileCatalog(), { healthLake: datastores.length > 0 || (healthLakeGrants?.length ?? 0) > 0, region });
  }

  const key: KeyReport['key'] = {
    arn: keyArn, keyId, state: String(meta.KeyState ?? 'Unknown'),
    keySpec: meta.KeySpec ?? null, keyUsage: meta.KeyUsage ?? null, keyManager: meta.KeyManager ?? null,
    multiRegion: meta.MultiRegion === true,
    deletionDate: meta.DeletionDate ? meta.DeletionDate.toISOString() : null,
    rotationEnabled: rotation ?? null,
    aliases: aliasNames, tags: tags ?? {},
  };
  const report: KeyReport = {
    key,
    grants: { healthlake: healthLakeGrants ?? [], otherCount: (grants?.length ?? 0) - (healthLakeGrants?.length ?? 0) },
    datastores,
    policy: { findings: policy?.findings ?? [] },
    events: events ?? [],
    notes,
    verdict: verdict({ key, keyOrigin: meta.Origin, datastores, lostDatastores: lost, healthLakeGrants, policy }),
  };
  const checked = { grants: grants !== undefined, datastores: stores !== undefined, events: events !== undefined };
  return { report, policyText, region, checked, since: since.toISOString() };
}

function toHealthLakeGrant(g: GrantListEntry): HealthLakeGrant {
  const operations = (g.Operations ?? []).map(String);
  const constraints = g.Constraints && (g.Constraints.EncryptionContextEquals || g.Constraints.EncryptionContextSubset)
    ? { ...g.Constraints } as Record<string, unknown> : null;
  return {
    grantId: g.GrantId ?? '', granteePrincipal: g.GranteePrincipal ?? '', retiringPrincipal: g.RetiringPrincipal ?? null,
    operations, missingOperations: HEALTHLAKE_GRANT_OPERATIONS.filter((op) => !operations.includes(op)), constraints,
  };
}
