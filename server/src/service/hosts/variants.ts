/**
 * Variants of a site: every way its choices can resolve. Choices naming the same condition resolve together
 * (`Fn::If [IsProd, ...]` twice is one decision, not two). Past MAX_VARIANTS the remaining conditions become
 * opaque holes, so a template with many conditions still gets a bounded, honest analysis.
 */
import type { HostValue } from './types';
import type { Assignment } from './projection';

export const MAX_VARIANTS = 16;

/** Each condition the tree uses and the most branches any of its choices has, in document order. */
export function conditionsOf(value: HostValue): Map<string, number> {
  const out = new Map<string, number>();
  const walk = (v: HostValue | { type: 'absent' }): void => {
    switch (v.type) {
      case 'choice':
        out.set(v.condition, Math.max(out.get(v.condition) ?? 0, v.branches.length));
        v.branches.forEach(walk);
        break;
      case 'object': v.entries.forEach((e) => walk(e.value)); break;
      case 'array': v.items.forEach(walk); break;
      default: break;
    }
  };
  walk(value);
  return out;
}

/** The assignments to lint: the full product of the first conditions that fit the cap, the rest opaque. */
export function assignments(value: HostValue): Assignment[] {
  const conditions = [...conditionsOf(value)];
  if (conditions.length === 0) return [new Map()];
  let product = 1;
  const enumerated: [string, number][] = [];
  for (const [name, count] of conditions) {
    if (product * count > MAX_VARIANTS) break;
    product *= count;
    enumerated.push([name, count]);
  }
  const opaque = conditions.slice(enumerated.length).map(([name]) => [name, 'opaque'] as const);
  let out: Map<string, number | 'opaque'>[] = [new Map(opaque)];
  for (const [name, count] of enumerated) {
    out = out.flatMap((a) => Array.from({ length: count }, (_, i) => new Map(a).set(name, i)));
  }
  return out;
}
