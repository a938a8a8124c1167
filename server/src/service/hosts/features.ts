/**
 * Hover, completion, code actions and symbols on an analysis: a host offset is carried into the site's first
 * projection, the unchanged feature runs there, and its ranges come back to the host through the spans. On the
 * identity projection (a plain JSON policy) the feature's answer is the answer.
 */
import type { RuleContext } from '../rules/rule';
import type { PolicyModel } from '../model';
import { complete, type CompletionEntry } from '../completion';
import { hover, type HoverResult } from '../hover';
import { fixAll, quickFixes, refactors, FIX_ALL_KIND, type FixSource, type ServiceCodeAction } from '../fixes';
import { documentSymbols, type DocumentSymbolEntry } from '../symbols';
import { statementVerdict } from '../healthlake/verdict';
import type { Finding, ServiceSettings } from '../types';
import { displayValue } from '../symbolic';
import type { Analysis, SiteAnalysis } from './api';
import { fromHost, spanAt, toHost, type Projection } from './projection';
import { siteSettings } from './lintSite';
import { hostFix } from './hostFixes';
import type { Range } from './types';

/** What a statement's hover says about it beyond its elements (its HealthLake verdict, who keeps control of the key). */
export type StatementVerdict = (model: PolicyModel, statementIndex: number, settings: ServiceSettings) => string | undefined;

/**
 * `verdict` is a plain JSON policy's; a host's sites show their first variant's HealthLake verdict only (who keeps
 * control of a key is decided over every variant, by the lockout rule).
 */
export function siteHover(context: RuleContext, site: SiteAnalysis, offset: number, verdict: StatementVerdict): HoverResult | undefined {
  const p = site.variants[0];
  if (!p) return undefined;
  const settings = siteSettings(context, site.site);
  if (p.identity) return hover(p.model, offset, { catalog: context.catalog, verdict: (m, i) => verdict(m, i, settings) });
  const at = fromHost(p, offset);
  if (at === undefined) return undefined;
  const result = hover(p.model, at, { catalog: context.catalog, verdict: (m, i) => statementVerdict(m, i, { settings })?.markdown });
  const range = result && toHost(p, result.offset, result.length);
  return result && range ? { ...result, ...range, markdown: displayValue(result.markdown) } : undefined;
}

/**
 * Completion where the projection's answer maps back exactly: values inside a string the host writes character for
 * character (YAML plain or quoted scalars, JSON strings), and keys too in JSON hosts.
 */
export function siteComplete(context: RuleContext, analysis: Analysis, site: SiteAnalysis, offset: number): CompletionEntry[] {
  const p = site.variants[0];
  if (!p) return [];
  const completion = { catalog: context.catalog, defaultRegion: context.settings.defaultRegion };
  if (p.identity) return complete(p.model, offset, completion);
  const at = fromHost(p, offset);
  if (at === undefined) return [];
  const span = spanAt(p, at, 0);
  if (span?.linearHost === undefined) return [];
  const jsonHost = analysis.text[span.host.offset] === '"';
  const entries = complete(p.model, at, completion);
  return entries.flatMap((e) => {
    if (!jsonHost && e.insertText.startsWith('"')) return [];
    const start = linearOffset(p, e.offset);
    const end = linearOffset(p, e.offset + e.length);
    return start !== undefined && end !== undefined && end >= start ? [{ ...e, offset: start, length: end - start }] : [];
  });
}

/** A projection offset inside a linear string's content, in host offsets. */
function linearOffset(p: Projection, offset: number): number | undefined {
  const span = spanAt(p, offset, 0);
  if (span?.linearHost === undefined) return undefined;
  const delta = offset - (span.offset + 1);
  return delta >= 0 && delta <= span.length - 2 ? span.linearHost + delta : undefined;
}

const touches = (r: Range, range: Range | undefined): boolean =>
  !range || (range.offset <= r.offset + r.length && r.offset <= range.offset + range.length);

export function siteCodeActions(context: RuleContext, analysis: Analysis, diagnostics: readonly FixSource[],
  only: readonly string[] | undefined, findings: readonly Finding[], range: Range | undefined): ServiceCodeAction[] {
  const wanted = (kind: string) => !only?.length || only.some((o) => kind === o || kind.startsWith(`${o}.`));
  const actions: ServiceCodeAction[] = [];
  if (wanted('quickfix')) actions.push(...quickFixes(diagnostics));
  const all = wanted(FIX_ALL_KIND) ? fixAll(findings) : undefined;
  if (all) actions.push(all);
  if (!wanted('refactor.rewrite')) return actions;
  for (const site of analysis.sites) {
    const p = site.variants[0];
    if (!p || !touches(site.site.range, range)) continue;
    const rewrites = refactors(p.model, context.settings.defaultRegion);
    if (p.identity) { actions.push(...rewrites); continue; }
    for (const action of rewrites) {
      const fix = hostFix(analysis.text, site.site, p, { title: action.title, edits: action.edits });
      if (fix) actions.push({ ...action, title: `${action.title} to ${site.site.name}`, edits: fix.edits });
    }
  }
  return actions;
}

function mapSymbol(p: Projection, s: DocumentSymbolEntry): DocumentSymbolEntry[] {
  const range = toHost(p, s.offset, s.length);
  const selection = toHost(p, s.selectionOffset, s.selectionLength) ?? range;
  if (!range || !selection) return [];
  return [{ ...s, offset: range.offset, length: range.length, selectionOffset: selection.offset, selectionLength: selection.length,
    children: s.children.flatMap((c) => mapSymbol(p, c)) }];
}

export function siteSymbols(site: SiteAnalysis): DocumentSymbolEntry[] {
  const p = site.variants[0];
  if (p?.identity) return documentSymbols(p.model);
  const { range } = site.site;
  const children = p ? documentSymbols(p.model).flatMap((s) => mapSymbol(p, s)) : [];
  const statements = children.length === 1 && children[0]!.kind === 'policy' ? children[0]!.children : children;
  return [{ name: site.site.name, detail: site.kind, kind: 'policy', offset: range.offset, length: range.length,
    selectionOffset: range.offset, selectionLength: 0, children: statements }];
}
