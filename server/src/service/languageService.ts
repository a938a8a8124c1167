/**
 * The language service: one analysis of any file hlkms reads (a plain JSON policy, CloudFormation, Terraform,
 * templated JSON), and plain-data features over it. It knows nothing of LSP transport, files, the network or
 * VS Code; every I/O need is injected.
 */
import { Catalog, type CatalogSource } from './catalog';
import type { PolicyModel } from './model';
import { mergeSettings, type Finding, type ServiceSettings } from './types';
import type { HoverResult } from './hover';
import type { CompletionEntry } from './completion';
import type { FixSource, ServiceCodeAction } from './fixes';
import type { DocumentSymbolEntry } from './symbols';
import { statementVerdict } from './healthlake/verdict';
import { keyControlMarkdown } from './hoverControl';
import { constructPathAt, siteAt, type Analysis, type HostInput } from './hosts/api';
import { analyze } from './hosts/analyze';
import { siteCodeActions, siteComplete, siteHover, siteSymbols, type StatementVerdict } from './hosts/features';
import type { Range } from './hosts/types';

export interface LanguageServiceOptions {
  catalog: CatalogSource | Catalog;
  settings?: Partial<ServiceSettings>;
  /** A plain JSON policy's statement hover beyond its elements (default: its HealthLake verdict and key control). */
  statementVerdict?: StatementVerdict;
}

export interface LanguageService {
  readonly catalog: Catalog;
  settings: ServiceSettings;
  /**
   * The analysis of a file, offsets in its text: its policy sites and every finding. Undefined for a file hlkms does
   * not read (Helm or Kubernetes YAML, a host turned off in `hosts`, a host whose set-up has not finished: await
   * `prepareHosts()` once before the first Terraform file). Cached per URI and text: asking again is cheap.
   */
  analyze(input: HostInput): Analysis | undefined;
  hover(analysis: Analysis, offset: number): HoverResult | undefined;
  complete(analysis: Analysis, offset: number): CompletionEntry[];
  /**
   * Quick fixes from the diagnostics' data, "fix all" over the whole file (from `findings`, else the analysis's), and
   * the refactors of the policies `range` touches (all when omitted); `only`: kind prefixes.
   */
  codeActions(analysis: Analysis, diagnostics: readonly FixSource[], only?: readonly string[], findings?: readonly Finding[], range?: Range): ServiceCodeAction[];
  /** A host file's policies (named by logical id or address) with their statements; a JSON policy's statements. */
  documentSymbols(analysis: Analysis): DocumentSymbolEntry[];
}

/** The statement's HealthLake verdict, and who keeps control of the key. */
const defaultVerdict: StatementVerdict = (model: PolicyModel, index, settings) =>
  [statementVerdict(model, index, { settings })?.markdown, keyControlMarkdown(model)].filter(Boolean).join('\n\n') || undefined;

export function createLanguageService(options: LanguageServiceOptions): LanguageService {
  const catalog = options.catalog instanceof Catalog ? options.catalog : new Catalog(options.catalog);
  const verdict = options.statementVerdict ?? defaultVerdict;
  const service: LanguageService = {
    catalog,
    settings: mergeSettings(options.settings),
    analyze: (input) => analyze(service, input),
    hover: (analysis, offset) => {
      const site = siteAt(analysis, offset);
      const result = site && siteHover(service, site, offset, verdict);
      const construct = result && constructPathAt(analysis, site.site.range.offset);
      return construct ? { ...result, markdown: `${result.markdown}\n\n---\n\n**CDK construct** \`${construct}\` (${site.site.name})` } : result;
    },
    complete: (analysis, offset) => {
      const site = siteAt(analysis, offset);
      return site ? siteComplete(service, analysis, site, offset) : [];
    },
    codeActions: (analysis, diagnostics, only, findings, range) =>
      siteCodeActions(service, analysis, diagnostics, only, findings ?? analysis.findings, range),
    documentSymbols: (analysis) => analysis.sites.flatMap((s) => siteSymbols(s)),
  };
  return service;
}
