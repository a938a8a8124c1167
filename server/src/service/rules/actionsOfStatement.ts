/** The catalog actions a statement's Action element names, for rules that reason about what they support. */
import { serviceUndecided, splitAction, type ActionInfo, type Catalog } from '../catalog';
import type { StringValue, Statement } from '../model';

export interface NamedActions {
  item: StringValue;
  /** The catalog actions this item matches (a wildcard or a hole may match many). */
  actions: ActionInfo[];
}

/**
 * Each Action item with the actions it matches; undefined when the statement's actions are open-ended
 * (`*`, NotAction, a service a hole leaves open), so nothing can be said of all of them.
 */
export function actionsOf(st: Statement, catalog: Catalog): NamedActions[] | undefined {
  if (!st.action || st.notAction) return undefined;
  const out: NamedActions[] = [];
  for (const item of st.action.items) {
    if (item.value === '*') return undefined;
    const split = splitAction(item.value);
    if (!split || serviceUndecided(split.prefix)) return undefined;
    const actions = catalog.matchActions(split.prefix, split.name);
    if (actions.length > 0) out.push({ item, actions });
  }
  return out.length > 0 ? out : undefined;
}

const patternCache = new Map<string, RegExp>();
/** Whether a key matches one of the catalog's key spellings (`${TagKey}`, `<key>` parts match any text). */
export function keyListed(listed: readonly string[], key: string): boolean {
  const lower = key.toLowerCase();
  for (const entry of listed) {
    if (entry.toLowerCase() === lower) return true;
    if (!/\$\{|</.test(entry)) continue;
    let re = patternCache.get(entry);
    if (!re) {
      const body = entry.split(/\$\{[^}]*\}|<[^>]*>/).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.+');
      re = new RegExp(`^${body}$`, 'is');
      if (patternCache.size > 5000) patternCache.clear();
      patternCache.set(entry, re);
    }
    if (re.test(key)) return true;
  }
  return false;
}
