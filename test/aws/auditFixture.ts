/** The audit's setup on the emulators: keys in two Regions of one moto server, data stores in the stand-in. */
import type { KMSClient } from '@aws-sdk/client-kms';
import type { Emulators } from './emulators';
import { ALL_NINE, addDatastore, kmsClient, seedKey } from './seed';

export const EAST = 'us-east-1';
export const WEST = 'us-west-2';

export interface AuditSetup {
  /** Key ARNs by role. */
  shared: string;
  disabled: string;
  pending: string;
  west: string;
  /** Data store ids by name. */
  ids: Record<string, string>;
}

/**
 * us-east-1: a healthy key shared by two data stores (one names it by alias, one by ARN), a disabled key,
 * a key pending deletion, an AWS owned data store. us-west-2: a healthy key and an AWS owned data store.
 */
export async function seedAudit(emu: Emulators, clients: { east: KMSClient; west: KMSClient }, tag: string): Promise<AuditSetup> {
  const alias = `alias/${tag}-shared`;
  const [shared, disabled, pending, west] = await Promise.all([
    seedKey(clients.east, { alias, rotation: true, grantOperations: ALL_NINE }),
    seedKey(clients.east, { state: 'Disabled', rotation: true, grantOperations: ALL_NINE }),
    seedKey(clients.east, { state: 'PendingDeletion', grantOperations: ALL_NINE }),
    seedKey(clients.west, { region: WEST, rotation: true, grantOperations: ALL_NINE }),
  ]);
  const ids: Record<string, string> = {};
  ids['clinical-notes'] = addDatastore(emu.state, 'clinical-notes', alias);
  ids.claims = addDatastore(emu.state, 'claims', shared.arn);
  ids['lab-results'] = addDatastore(emu.state, 'lab-results', disabled.arn);
  ids.imaging = addDatastore(emu.state, 'imaging', pending.arn);
  ids.sandbox = addDatastore(emu.state, 'sandbox');
  ids.research = addDatastore(emu.state, 'research', west.arn, 'ACTIVE', WEST);
  ids['west-sandbox'] = addDatastore(emu.state, 'west-sandbox', undefined, 'ACTIVE', WEST);
  return { shared: shared.arn, disabled: disabled.arn, pending: pending.arn, west: west.arn, ids };
}

export function regionClients(emu: Emulators): { east: KMSClient; west: KMSClient; destroy(): void } {
  const east = kmsClient(emu.kmsEndpoint, EAST);
  const west = kmsClient(emu.kmsEndpoint, WEST);
  return { east, west, destroy: () => { east.destroy(); west.destroy(); } };
}

/** Requests to a target since `from` (an index into state.requests), throttled ones left out. */
export const callsTo = (emu: Emulators, target: string, from = 0): { target: string; region: string }[] =>
  emu.state.requests.slice(from).filter((r) => r.target === target && !r.throttled).map(({ target: t, region }) => ({ target: t, region }));
