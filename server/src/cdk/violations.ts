/**
 * Findings in stack templates as CDK policy violations: one violation per rule, listing every resource it applies
 * to with the property paths of its findings there.
 */
import type { Finding } from '../service/types';
import type { PropertyPath } from './propertyPath';
import type { PolicyViolatingResource, PolicyViolation } from './types';

/** A finding with where it is: its template, its place in it, and the stack the template is of. */
export interface PlacedFinding {
  finding: Finding;
  templatePath: string;
  place: PropertyPath;
  /** The stack's construct path, named for a finding outside any resource. */
  stackPath?: string;
}

type Reported = 'error' | 'warning' | 'info';
const RANK: Record<Reported, number> = { error: 2, warning: 1, info: 0 };

/**
 * Which findings are violations: errors and warnings, and info findings of the rules the options set to `info` (to
 * report them without failing). Other info and hint findings are the editor's notes (the data store's verdict).
 */
export const reportedUnder = (rules: Readonly<Record<string, string>>) => (f: Finding): f is Finding & { severity: Reported } =>
  f.severity === 'error' || f.severity === 'warning' || (f.severity === 'info' && rules[f.ruleId] === 'info');

const preferredFix = (f: Finding): string | undefined => f.data?.fixes?.find((x) => x.preferred)?.title;
const distinct = (xs: (string | undefined)[]) => [...new Set(xs.filter((x): x is string => !!x))];

/** The violations of reported findings (`reportedUnder`), in the order their rules first occur. */
export function toViolations(placed: readonly PlacedFinding[]): PolicyViolation[] {
  const byRule = new Map<string, PlacedFinding[]>();
  for (const p of placed) {
    const list = byRule.get(p.finding.ruleId) ?? [];
    list.push(p);
    byRule.set(p.finding.ruleId, list);
  }
  return [...byRule].map(([ruleName, list]) => {
    const severity = list.map((p) => p.finding.severity as Reported).reduce((a, b) => (RANK[b] > RANK[a] ? b : a));
    const messages = distinct(list.map((p) => p.finding.message));
    const fixes = distinct(list.map((p) => preferredFix(p.finding)));
    const description = messages.length === 1 ? messages[0]! : `${messages.length} findings: ${messages.map((m, i) => `(${i + 1}) ${m}`).join(' ')}`;
    return {
      ruleName,
      description,
      severity,
      violatingResources: resources(list),
      ...(fixes.length ? { fix: fixes.join('\n') } : {}),
    };
  });
}

/** Each resource once (in the order first found), with every location of the rule's findings in it. */
function resources(list: readonly PlacedFinding[]): PolicyViolatingResource[] {
  const byResource = new Map<string, { resource: PolicyViolatingResource; locations: string[] }>();
  for (const { templatePath, place, stackPath } of list) {
    const key = `${templatePath}\0${place.logicalId ?? ''}`;
    let entry = byResource.get(key);
    if (!entry) {
      const locations: string[] = [];
      const stack = place.logicalId === undefined && stackPath ? { constructPath: stackPath } : {};
      entry = { resource: { resourceLogicalId: place.logicalId ?? '', ...stack, templatePath, locations }, locations };
      byResource.set(key, entry);
    }
    if (place.path && !entry.locations.includes(place.path)) entry.locations.push(place.path);
  }
  return [...byResource.values()].map((e) => e.resource);
}
