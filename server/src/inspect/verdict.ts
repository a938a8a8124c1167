/** The verdict: healthy, at-risk or broken, with problems that say what is wrong, to which data stores, and what to do. */
import type { PolicyLint } from './policyFindings';
import type { DependentDatastore, HealthLakeGrant, KeyFacts, Problem, VerdictStatus } from './types';

export interface VerdictInput {
  key: KeyFacts;
  keyOrigin?: string;
  datastores: DependentDatastore[];
  /** Data stores (of the account and region) whose key KMS cannot find: perhaps this key under a deleted alias. */
  lostDatastores: DependentDatastore[];
  /** undefined when the grants could not be listed. */
  healthLakeGrants: HealthLakeGrant[] | undefined;
  policy: PolicyLint | undefined;
}

const names = (stores: DependentDatastore[]) => stores.map((s) => `'${s.name || s.id}'`).join(', ');
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function verdict(input: VerdictInput): { status: VerdictStatus; problems: Problem[] } {
  const { key, datastores } = input;
  const problems: Problem[] = [];
  const add = (code: string, severity: Problem['severity'], message: string) => problems.push({ code, severity, message });
  const affected = datastores.length
    ? `The data ${datastores.length === 1 ? 'store' : 'stores'} ${names(datastores)} cannot read or write ${datastores.length === 1 ? 'its' : 'their'} data`
    : 'Any HealthLake data store using this key would be unreadable';

  switch (key.state) {
    case 'Enabled':
      break;
    case 'Disabled':
      add('key-disabled', 'error', `The key is disabled. ${affected} while it stays disabled. Enable the key (EnableKey) if it was disabled by mistake.`);
      break;
    case 'PendingDeletion':
    case 'PendingReplicaDeletion':
      add('key-pending-deletion', 'error', `The key is scheduled for deletion${key.deletionDate ? ` on ${key.deletionDate.slice(0, 10)}` : ''}. ${affected} now, and lose ${datastores.length === 1 ? 'it' : 'them'} for good once the key is deleted. Cancel the deletion (CancelKeyDeletion) and enable the key.`);
      break;
    case 'PendingImport':
      add('key-pending-import', 'error', `The key has no key material yet (pending import). ${affected}. Import the key material (ImportKeyMaterial).`);
      break;
    case 'Unavailable':
      add('key-unavailable', 'error', `The key is unavailable (its custom key store is disconnected). ${affected}. Reconnect the custom key store.`);
      break;
    default:
      add('key-state', 'warning', `The key is in state ${key.state}, not Enabled. HealthLake can use it only once it is Enabled; check again shortly.`);
  }

  if ((key.keySpec && key.keySpec !== 'SYMMETRIC_DEFAULT') || (key.keyUsage && key.keyUsage !== 'ENCRYPT_DECRYPT')) {
    add('key-not-symmetric', 'error', `The key is ${key.keySpec ?? '?'} / ${key.keyUsage ?? '?'}; HealthLake needs a symmetric encryption key (SYMMETRIC_DEFAULT, ENCRYPT_DECRYPT). Create a symmetric key for the data store; a key's spec cannot change.`);
  }

  const grants = input.healthLakeGrants;
  if (grants && datastores.length > 0 && grants.length === 0) {
    add('healthlake-grant-missing', 'error', `${names(datastores)} ${datastores.length === 1 ? 'uses' : 'use'} this key but HealthLake has no grant on it (it was revoked or retired). HealthLake cannot encrypt or decrypt for ${datastores.length === 1 ? 'that data store' : 'those data stores'}. HealthLake creates its grant only when a data store is created: contact AWS Support about restoring access.`);
  }
  for (const g of grants ?? []) {
    if (g.missingOperations.length) {
      add('healthlake-grant-operations', 'error', `HealthLake's grant ${g.grantId} lacks ${g.missingOperations.join(', ')}. Calls HealthLake makes with ${g.missingOperations.length === 1 ? 'that operation' : 'those operations'} fail${datastores.length ? ` for ${names(datastores)}` : ''}. HealthLake's grant must allow all nine operations; do not create or edit its grants by hand.`);
    }
    if (g.constraints) {
      add('healthlake-grant-constraints', 'error', `HealthLake's grant ${g.grantId} carries encryption context constraints, but HealthLake uses no encryption context, so the grant never applies${datastores.length ? ` to the calls for ${names(datastores)}` : ''}. Remove the grant's constraints (retire it and let HealthLake own its grant).`);
    }
  }

  for (const store of input.lostDatastores) {
    add('datastore-key-not-found', 'warning', `The data store '${store.name || store.id}' in this account and region names its key as '${store.kmsKeyId}', which KMS cannot find (it may once have been this key). That data store cannot reach its data. Restore the key or recreate the alias for the right key.`);
  }

  const policy = input.policy;
  if (policy && policy.healthLakeErrors.length) {
    add('policy-healthlake-errors', datastores.length ? 'error' : 'warning', `The key policy has ${plural(policy.healthLakeErrors.length, 'error')} in what HealthLake needs: ${policy.healthLakeErrors.map((f) => f.message).join(' ')}${datastores.length ? ` This breaks ${names(datastores)}.` : ''} Fix the key policy and apply it with PutKeyPolicy.`);
  }
  if (policy && policy.healthLakeWarnings.length && datastores.length) {
    add('policy-healthlake-warnings', 'warning', `The key policy has ${plural(policy.healthLakeWarnings.length, 'warning')} in what HealthLake needs: ${policy.healthLakeWarnings.map((f) => f.message).join(' ')} ${names(datastores)} keep working only as long as the callers' IAM policies make up for it.`);
  }
  if (policy && policy.otherErrors.length) {
    add('policy-errors', 'warning', `The key policy has ${plural(policy.otherErrors.length, 'error')} (see the policy findings). KMS accepted the policy, but it does not do what it says. Fix it and apply it again.`);
  }
  const otherWarnings = policy ? policy.warnings.length - (datastores.length ? policy.healthLakeWarnings.length : 0) : 0;
  if (otherWarnings > 0) {
    add('policy-warnings', 'info', `The key policy has ${plural(otherWarnings, 'warning')} (see the policy findings).`);
  }

  if (key.rotationEnabled === false) {
    add('rotation-off', 'info', 'Automatic key rotation is off. Turning it on (EnableKeyRotation) does not affect data stores: KMS keeps the old key material for decryption.');
  }

  const status: VerdictStatus = problems.some((p) => p.severity === 'error') ? 'broken'
    : problems.some((p) => p.severity === 'warning') ? 'at-risk' : 'healthy';
  return { status, problems };
}
