/**
 * Every KMS action that means something in a key policy (those on the `key` resource type), from the catalog,
 * and the group people read it in: cryptographic use (operations that take an algorithm), grants, administration.
 */
import type { Catalog } from '../catalog';
import type { ActionGroup } from './types';

export interface KeyAction {
  /** `kms:Decrypt` */
  action: string;
  group: ActionGroup;
}

const cache = new WeakMap<Catalog, KeyAction[]>();
const CRYPTO_KEYS = /^kms:(Encryption|Signing|Mac|KeyAgreement)Algorithm$/i;

export const GROUPS: readonly ActionGroup[] = ['cryptographic use', 'grants', 'administration'];

/** In the catalog's order within each group: cryptographic use, grants, administration. */
export function keyActions(catalog: Catalog): KeyAction[] {
  let found = cache.get(catalog);
  if (found) return found;
  const all: KeyAction[] = [];
  for (const a of catalog.service('kms')?.actions.values() ?? []) {
    if (!a.resourceTypes.some((r) => r.name === 'key')) continue;
    const group: ActionGroup = /Grant/.test(a.name) ? 'grants' : a.conditionKeys.some((k) => CRYPTO_KEYS.test(k)) ? 'cryptographic use' : 'administration';
    all.push({ action: `kms:${a.name}`, group });
  }
  found = GROUPS.flatMap((g) => all.filter((a) => a.group === g).sort((x, y) => x.action.localeCompare(y.action)));
  cache.set(catalog, found);
  return found;
}
