/**
 * A diff as people read it: per principal, what it gains and loses (actions grouped, a whole group named once),
 * and the risks that fail a CI check or need an explicit confirmation.
 */
import type { Catalog } from '../catalog';
import { keyActions, GROUPS } from './actions';
import { gained, lost } from './diff';
import type { CapabilityRow, DiffPrincipal, PolicyDiff } from './types';

export interface PrincipalSummary {
  principal: DiffPrincipal;
  /** `cryptographic use: kms:Decrypt, kms:Encrypt` or `all administration (22 actions)` */
  gains: string[];
  losses: string[];
  /** Actions whose denial changed kind (implicit to explicit or back): no access change. */
  other: string[];
  healthlake: CapabilityRow[];
}

export interface Risks {
  /** Principals that gain an action or a HealthLake capability. */
  widened: DiffPrincipal[];
  newPublic: boolean;
  newLockout: boolean;
  /** HealthLake capabilities that went down (direct → iam, or to no). */
  lostCapabilities: CapabilityRow[];
}

export function risks(diff: PolicyDiff): Risks {
  const wider = new Set([
    ...diff.changes.filter((c) => c.after === 'Allow').map((c) => c.principal),
    ...diff.healthlake.filter(gained).map((r) => r.principal),
  ]);
  return {
    widened: diff.principals.filter((p) => wider.has(p.id)),
    newPublic: diff.public.after && !diff.public.before,
    newLockout: diff.lockout.after && !diff.lockout.before,
    lostCapabilities: diff.healthlake.filter(lost),
  };
}

/** Exit code 1 in CI: someone gains access, a HealthLake capability is lost, or lockout or public exposure appears. */
export const isRisky = (r: Risks): boolean => r.widened.length > 0 || r.newPublic || r.newLockout || r.lostCapabilities.length > 0;

export const hasChanges = (diff: PolicyDiff): boolean =>
  diff.changes.length > 0 || diff.healthlake.some((r) => r.before !== r.after) || diff.public.before !== diff.public.after || diff.lockout.before !== diff.lockout.after;

export function summarize(diff: PolicyDiff, catalog: Catalog): PrincipalSummary[] {
  const all = keyActions(catalog);
  const groupOf = new Map(all.map((a) => [a.action, a.group]));
  const out: PrincipalSummary[] = [];
  for (const p of diff.principals) {
    const mine = diff.changes.filter((c) => c.principal === p.id);
    const healthlake = diff.healthlake.filter((r) => r.principal === p.id && r.before !== r.after);
    if (mine.length === 0 && healthlake.length === 0) continue;
    const phrase = (actions: string[]) => (actions.length === all.length && all.length > 1 ? [`every KMS action (${all.length})`] : GROUPS.flatMap((g) => {
      const inGroup = actions.filter((a) => groupOf.get(a) === g);
      if (inGroup.length === 0) return [];
      const size = all.filter((a) => a.group === g).length;
      return [inGroup.length === size && size > 1 ? `all ${g} (${size} actions)` : `${g}: ${inGroup.join(', ')}`];
    }));
    out.push({
      principal: p,
      gains: phrase(mine.filter((c) => c.after === 'Allow').map((c) => c.action)),
      losses: phrase(mine.filter((c) => c.before === 'Allow').map((c) => c.action)),
      other: mine.filter((c) => c.before !== 'Allow' && c.after !== 'Allow').map((c) => `${c.action} ${c.before} → ${c.after}`),
      healthlake,
    });
  }
  return out;
}

export const labelOf = (diff: PolicyDiff, id: string): string => diff.principals.find((p) => p.id === id)?.label ?? id;

/** `HealthLake read: no → direct`, `HealthLake create, write and read: iam → no` (rows of one principal). */
export function capabilityPhrases(rows: readonly CapabilityRow[]): string[] {
  const byChange = new Map<string, string[]>();
  for (const r of rows) (byChange.get(`${r.before} → ${r.after}`) ?? byChange.set(`${r.before} → ${r.after}`, []).get(`${r.before} → ${r.after}`)!).push(r.capability);
  return [...byChange].map(([change, caps]) => `HealthLake ${andList(caps)}: ${change}`);
}

/** `a`, `a and b`, `a, b and c` */
export const andList = (xs: readonly string[]): string => (xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`);

