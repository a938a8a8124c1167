/**
 * Policies where they are written: the engine's public face. `analyzeDocument` detects the host (CloudFormation
 * YAML/JSON, templated JSON, Terraform once registered), lints every policy site with the unchanged rules and maps
 * the findings to host ranges; hover, completion, code actions and symbols work on the analysis with host offsets.
 * A plain JSON policy gets `undefined`: it stays on the language service's own path (`parse`/`validate`).
 */
import type { LanguageService } from '../languageService';
import type { CompletionEntry } from '../completion';
import type { HoverResult } from '../hover';
import type { FixSource, ServiceCodeAction } from '../fixes';
import type { DocumentSymbolEntry } from '../symbols';
import type { Finding } from '../types';
import type { HostDocument, HostName, PolicySite, Range } from './types';
import type { HostInput } from './registry';
import type { Projection } from './projection';
import { analyze } from './analyze';
import { siteCodeActions, siteComplete, siteHover, siteSymbols } from './features';
import { ensureBuiltinHosts } from './builtin';

import * as registry from './registry';

export type { HostInput, FolderReader, HostExtractor, Reference } from './registry';
export { registerHost, isPrepared } from './registry';

/** Runs every registered host's one-time set-up (Terraform's WASM parser); await it once before the first such file. */
export function prepareHosts(): Promise<void> {
  ensureBuiltinHosts();
  return registry.prepareHosts();
}

/** The hosts that would read a file (prepared or not): whether `prepareHosts()` is worth awaiting for it. */
export function claimingExtractors(input: HostInput): registry.HostExtractor[] {
  ensureBuiltinHosts();
  return registry.claimingExtractors(input);
}

/** What the CLI's JSON output calls a policy's kind. */
export type ReportKind = 'key-policy' | 'identity-policy' | 'resource-policy' | 'unknown';

export interface SiteAnalysis {
  site: PolicySite;
  kind: ReportKind;
  /** One projection per variant (choices resolved one way each); the first is what hover and completion use. */
  variants: Projection[];
}

export interface HostAnalysis {
  uri: string;
  /** The host text the analysis is of (every offset below is into it). */
  text: string;
  host: HostName;
  document: HostDocument;
  sites: SiteAnalysis[];
  /** Every finding, host offsets, sorted; fixes carry host edits (written by each site's writer). */
  findings: Finding[];
}

/** One entry of the CLI's JSON `policies` list. */
export interface HostPolicy {
  name: string;
  kind: ReportKind;
  range: Range;
}

/**
 * The host analysis of a document, or undefined when it is no host hlkms reads (a plain JSON policy: use
 * `service.parse`; Helm or Kubernetes YAML; a host whose `prepare` has not finished; a host turned off in `hosts`).
 * Cached per URI and text: calling it again for the same version is cheap.
 */
export function analyzeDocument(service: LanguageService, input: HostInput): HostAnalysis | undefined {
  ensureBuiltinHosts();
  return analyze(service, input);
}

/** The policies of an analysis, for the CLI's JSON output and document outlines. */
export function hostPolicies(analysis: HostAnalysis): HostPolicy[] {
  return analysis.sites.map((s) => ({ name: s.site.name, kind: s.kind, range: s.site.range }));
}

/** The site whose policy contains a host offset. */
export function siteAt(analysis: HostAnalysis, offset: number): SiteAnalysis | undefined {
  return analysis.sites.find((s) => offset >= s.site.range.offset && offset <= s.site.range.offset + s.site.range.length);
}

export function hostHover(service: LanguageService, analysis: HostAnalysis, offset: number): HoverResult | undefined {
  const site = siteAt(analysis, offset);
  return site && siteHover(service, site, offset);
}

export function hostComplete(service: LanguageService, analysis: HostAnalysis, offset: number): CompletionEntry[] {
  const site = siteAt(analysis, offset);
  return site ? siteComplete(service, analysis, site, offset) : [];
}

/**
 * Quick fixes from the diagnostics' data (already host edits), "fix all" over the whole host file (from `findings`,
 * else the analysis's), and the refactors of the sites that `range` touches (every site when omitted).
 */
export function hostCodeActions(service: LanguageService, analysis: HostAnalysis, diagnostics: readonly FixSource[],
  only?: readonly string[], findings?: readonly Finding[], range?: Range): ServiceCodeAction[] {
  return siteCodeActions(service, analysis, diagnostics, only, findings ?? analysis.findings, range);
}

/** One symbol per policy site (named by its logical id or address), its statements below it. */
export function hostDocumentSymbols(analysis: HostAnalysis): DocumentSymbolEntry[] {
  return analysis.sites.flatMap((s) => siteSymbols(s));
}
