/** KMS calls of the key report (and PutKeyPolicy for "Apply Key Policy"), all pages, cancellable. */
import {
  DescribeKeyCommand, GetKeyPolicyCommand, GetKeyRotationStatusCommand, ListAliasesCommand, ListGrantsCommand,
  ListResourceTagsCommand, PutKeyPolicyCommand, type AliasListEntry, type GrantListEntry, type KeyMetadata, type KMSClient,
} from '@aws-sdk/client-kms';
import { withRetry } from './errors';

type Signal = AbortSignal | undefined;

export async function describeKey(kms: KMSClient, keyId: string, signal: Signal): Promise<KeyMetadata> {
  const out = await withRetry(() => kms.send(new DescribeKeyCommand({ KeyId: keyId }), { abortSignal: signal }), { signal });
  if (!out.KeyMetadata?.Arn || !out.KeyMetadata.KeyId) throw new Error('DescribeKey returned no key metadata');
  return out.KeyMetadata;
}

export async function getKeyPolicy(kms: KMSClient, keyId: string, signal: Signal): Promise<string> {
  const out = await withRetry(() => kms.send(new GetKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default' }), { abortSignal: signal }), { signal });
  return out.Policy ?? '';
}

/** Replaces the key policy. Never with BypassPolicyLockoutSafetyCheck: KMS's lockout check stays on. */
export async function putKeyPolicy(kms: KMSClient, keyId: string, policy: string, signal: Signal): Promise<void> {
  await withRetry(() => kms.send(new PutKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default', Policy: policy, BypassPolicyLockoutSafetyCheck: false }), { abortSignal: signal }), { signal });
}

export async function listGrants(kms: KMSClient, keyId: string, signal: Signal): Promise<GrantListEntry[]> {
  const grants: GrantListEntry[] = [];
  let marker: string | undefined;
  do {
    const page = await withRetry(() => kms.send(new ListGrantsCommand({ KeyId: keyId, Marker: marker, Limit: 100 }), { abortSignal: signal }), { signal });
    grants.push(...(page.Grants ?? []));
    marker = page.Truncated ? page.NextMarker : undefined;
  } while (marker);
  return grants;
}

/** The aliases that point at the key (alias names). */
export async function listAliases(kms: KMSClient, keyId: string, signal: Signal): Promise<AliasListEntry[]> {
  const aliases: AliasListEntry[] = [];
  let marker: string | undefined;
  do {
    const page = await withRetry(() => kms.send(new ListAliasesCommand({ KeyId: keyId, Marker: marker, Limit: 100 }), { abortSignal: signal }), { signal });
    aliases.push(...(page.Aliases ?? []));
    marker = page.Truncated ? page.NextMarker : undefined;
  } while (marker);
  return aliases;
}

export async function getRotationEnabled(kms: KMSClient, keyId: string, signal: Signal): Promise<boolean> {
  const out = await withRetry(() => kms.send(new GetKeyRotationStatusCommand({ KeyId: keyId }), { abortSignal: signal }), { signal });
  return out.KeyRotationEnabled === true;
}

export async function listTags(kms: KMSClient, keyId: string, signal: Signal): Promise<Record<string, string>> {
  const tags: Record<string, string> = {};
  let marker: string | undefined;
  do {
    const page = await withRetry(() => kms.send(new ListResourceTagsCommand({ KeyId: keyId, Marker: marker, Limit: 50 }), { abortSignal: signal }), { signal });
    for (const t of page.Tags ?? []) if (t.TagKey) tags[t.TagKey] = t.TagValue ?? '';
    marker = page.Truncated ? page.NextMarker : undefined;
  } while (marker);
  return tags;
}
