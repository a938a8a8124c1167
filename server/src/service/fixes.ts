/**
 * Code actions as a pure function of (document, diagnostics): quick fixes from the edits that findings
 * carry in `data.fixes`, "fix all" (every safe fix whose edits do not overlap), and the two refactors
 * that add the account-root and HealthLake statements.
 */
import { getNodeValue } from 'jsonc-parser';
import { insertValue, setValue } from './edits';
import { parsePrincipal } from './arn';
import type { PolicyModel, Statement } from './model';
import { accountRootStatement, healthLakeStatement, policyFacts } from './templates';
import type { Edit, Fix, FindingData } from './types';

export const FIX_ALL_KIND = 'source.fixAll.hlkms';
export type CodeActionKind = 'quickfix' | typeof FIX_ALL_KIND | 'refactor.rewrite';

export interface ServiceCodeAction {
  title: string;
  kind: CodeActionKind;
  edits: Edit[];
  isPreferred?: boolean;
  /** Indexes of the diagnostics (as passed in) this action resolves. */
  diagnostics?: number[];
}

/** What a code action needs from a diagnostic: the finding's `data` (LSP diagnostics carry it as is). */
export interface FixSource {
  data?: unknown;
}

function fixesOf(source: FixSource): Fix[] {
  const fixes = (source.data as FindingData | undefined)?.fixes;
  return Array.isArray(fixes) ? fixes.filter((f) => typeof f?.title === 'string' && Array.isArray(f.edits)) : [];
}

/** One quick fix per fix of each diagnostic; the same fix offered by two diagnostics appears once. */
export function quickFixes(sources: readonly FixSource[]): ServiceCodeAction[] {
  const byKey = new Map<string, ServiceCodeAction>();
  sources.forEach((source, index) => {
    for (const fix of fixesOf(source)) {
      const key = `${fix.title}\0${JSON.stringify(fix.edits)}`;
      const seen = byKey.get(key);
      if (seen) seen.diagnostics!.push(index);
      else byKey.set(key, { title: fix.title, kind: 'quickfix', edits: fix.edits, isPreferred: fix.preferred === true, diagnostics: [index] });
    }
  });
  return [...byKey.values()].sort((a, b) => Number(b.isPreferred) - Number(a.isPreferred));
}

const end = (e: Edit): number => e.offset + e.length;
function overlaps(a: Edit, b: Edit): boolean {
  if (a.length === 0 && b.length === 0) return a.offset === b.offset;
  if (a.length === 0) return a.offset > b.offset && a.offset < end(b);
  if (b.length === 0) return b.offset > a.offset && b.offset < end(a);
  return a.offset < end(b) && b.offset < end(a);
}
const sameEdit = (a: Edit, b: Edit): boolean => a.offset === b.offset && a.length === b.length && a.content === b.content;

/**
 * Every `safe` fix (the preferred one when a finding has several), in document order, skipping a fix
 * whose edits overlap edits already taken (the next run of "fix all" picks it up). Undefined when none.
 */
export function fixAll(sources: readonly FixSource[]): ServiceCodeAction | undefined {
  const taken: Edit[] = [];
  const resolved: number[] = [];
  sources.forEach((source, index) => {
    const safe = fixesOf(source).filter((f) => f.safe);
    const fix = safe.find((f) => f.preferred) ?? safe[0];
    if (!fix) return;
    const fresh = fix.edits.filter((e) => !taken.some((t) => sameEdit(t, e)));
    if (fresh.some((e) => taken.some((t) => overlaps(t, e)))) return;
    taken.push(...fresh);
    resolved.push(index);
  });
  if (taken.length === 0) return undefined;
  return { title: 'Fix all safe policy problems', kind: FIX_ALL_KIND, edits: taken.sort((a, b) => a.offset - b.offset), diagnostics: resolved };
}

const isAllow = (st: Statement): boolean => st.effect?.value === 'Allow';

function hasAccountRootStatement(model: PolicyModel): boolean {
  return model.statements.some((st) => isAllow(st) && !st.condition
    && (st.action?.items.some((a) => a.value === '*' || a.value.toLowerCase() === 'kms:*') ?? false)
    && (st.principal?.entries.some((e) => e.values.items.some((v) => {
      const p = parsePrincipal(e.type, v.value);
      return p.form === 'account';
    })) ?? false));
}

function hasHealthLakeStatement(model: PolicyModel): boolean {
  return model.statements.some((st) => isAllow(st) && (st.condition?.operators.some((op) => op.keys.some((k) =>
    k.key.toLowerCase() === 'kms:viaservice' && k.values.some((v) => typeof v.value === 'string' && /^healthlake\./i.test(v.value)))) ?? false));
}

/** Edits that append a statement, whatever shape `Statement` has now (array, single object, missing). */
export function appendStatement(model: PolicyModel, statement: Record<string, unknown>): Edit[] {
  const node = model.statementNode;
  if (node?.type === 'array') return insertValue(model.text, ['Statement'], -1, statement);
  if (node?.type === 'object') return setValue(model.text, ['Statement'], [getNodeValue(node), statement]);
  return setValue(model.text, ['Statement'], [statement]);
}

/** "Add the account-root statement" and "Add the HealthLake statement", when a key policy lacks them. */
export function refactors(model: PolicyModel, defaultRegion?: string): ServiceCodeAction[] {
  if (model.kind !== 'key-policy' || model.root?.type !== 'object' || model.parseErrors.length > 0) return [];
  const facts = policyFacts(model, defaultRegion);
  const actions: ServiceCodeAction[] = [];
  if (!hasHealthLakeStatement(model)) {
    actions.push({ title: 'Add the HealthLake statement', kind: 'refactor.rewrite', edits: appendStatement(model, healthLakeStatement(facts)) });
  }
  if (!hasAccountRootStatement(model)) {
    actions.push({ title: 'Add the account-root statement', kind: 'refactor.rewrite', edits: appendStatement(model, accountRootStatement(facts)) });
  }
  return actions;
}
