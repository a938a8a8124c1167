/**
 * The language service: a factory returning plain-data features over a policy document.
 * It knows nothing of LSP transport, files, the network or VS Code; every I/O need is injected.
 */
import { Catalog, type CatalogSource } from './catalog';
import { buildModel, type PolicyModel } from './model';
import { rules as allRules } from './rules/index';
import type { Rule, RuleContext } from './rules/rule';
import { defaultSettings, type Finding, type ServiceSettings } from './types';
import { hover, type HoverResult } from './hover';
import { complete, type CompletionEntry } from './completion';
import { fixAll, quickFixes, refactors, type FixSource, type ServiceCodeAction } from './fixes';
import { documentSymbols, type DocumentSymbolEntry } from './symbols';
import { statementVerdict } from './healthlake/verdict';
import * as hosts from './hosts/api';
import type { HostAnalysis, HostInput } from './hosts/api';
import type { Range } from './hosts/types';

export interface LanguageServiceOptions {
  catalog: CatalogSource | Catalog;
  settings?: Partial<ServiceSettings>;
  /** The statement's HealthLake verdict as hover markdown (from the evaluator), when available. */
  statementVerdict?: (model: PolicyModel, statementIndex: number, settings: ServiceSettings) => string | undefined;
}

export interface LanguageService {
  readonly catalog: Catalog;
  settings: ServiceSettings;
  /** Parse once per document version; every other feature takes the model. */
  parse(text: string): PolicyModel;
  validate(model: PolicyModel): Finding[];
  hover(model: PolicyModel, offset: number): HoverResult | undefined;
  complete(model: PolicyModel, offset: number): CompletionEntry[];
  /**
   * Quick fixes from the diagnostics' data, "fix all" over the whole document (from `findings`, else it
   * validates), refactors; `only`: kind prefixes.
   */
  codeActions(model: PolicyModel, diagnostics: readonly FixSource[], only?: readonly string[], findings?: readonly Finding[]): ServiceCodeAction[];
  documentSymbols(model: PolicyModel): DocumentSymbolEntry[];
  /**
   * Policies inside CloudFormation, Terraform and templated JSON (hosts/api.ts): the analysis with host offsets, or
   * undefined for a plain JSON policy (use `parse`) and files that are no policy host. Await `prepareHosts()` once
   * before the first Terraform file.
   */
  analyzeHost(input: HostInput): HostAnalysis | undefined;
  hostHover(analysis: HostAnalysis, offset: number): HoverResult | undefined;
  hostComplete(analysis: HostAnalysis, offset: number): CompletionEntry[];
  /** Like `codeActions`, over a host file; refactors only for the policies `range` touches (all when omitted). */
  hostCodeActions(analysis: HostAnalysis, diagnostics: readonly FixSource[], only?: readonly string[], findings?: readonly Finding[], range?: Range): ServiceCodeAction[];
  hostDocumentSymbols(analysis: HostAnalysis): DocumentSymbolEntry[];
}

export function mergeSettings(partial: Partial<ServiceSettings> = {}): ServiceSettings {
  return { ...defaultSettings, ...partial, rules: { ...defaultSettings.rules, ...(partial.rules ?? {}) } };
}

const defaultVerdict = (model: PolicyModel, index: number, settings: ServiceSettings): string | undefined =>
  statementVerdict(model, index, { settings })?.markdown;

export function createLanguageService(options: LanguageServiceOptions): LanguageService {
  const catalog = options.catalog instanceof Catalog ? options.catalog : new Catalog(options.catalog);
  const service: LanguageService = {
    catalog,
    settings: mergeSettings(options.settings),
    parse: (text) => buildModel(text, service.settings.kind),
    validate: (model) => runRules(allRules, model, { catalog, settings: service.settings }),
    hover: (model, offset) => hover(model, offset, {
      catalog, verdict: (m, i) => (options.statementVerdict ?? defaultVerdict)(m, i, service.settings),
    }),
    complete: (model, offset) => complete(model, offset, { catalog, defaultRegion: service.settings.defaultRegion }),
    codeActions: (model, diagnostics, only, findings) => {
      const wanted = (kind: string) => !only?.length || only.some((o) => kind === o || kind.startsWith(`${o}.`));
      const actions: ServiceCodeAction[] = [];
      if (wanted('quickfix')) actions.push(...quickFixes(diagnostics));
      const all = wanted('source.fixAll.hlkms') ? fixAll(findings ?? service.validate(model)) : undefined;
      if (all) actions.push(all);
      if (wanted('refactor.rewrite')) actions.push(...refactors(model, service.settings.defaultRegion));
      return actions;
    },
    documentSymbols: (model) => documentSymbols(model),
    analyzeHost: (input) => hosts.analyzeDocument(service, input),
    hostHover: (analysis, offset) => hosts.hostHover(service, analysis, offset),
    hostComplete: (analysis, offset) => hosts.hostComplete(service, analysis, offset),
    hostCodeActions: (analysis, diagnostics, only, findings, range) => hosts.hostCodeActions(service, analysis, diagnostics, only, findings, range),
    hostDocumentSymbols: (analysis) => hosts.hostDocumentSymbols(analysis),
  };
  return service;
}

/** Runs each enabled rule that applies to the model's kind; a rule that throws is reported, never fatal. */
export function runRules(list: readonly Rule[], model: PolicyModel, context: RuleContext): Finding[] {
  const findings: Finding[] = [];
  for (const rule of list) {
    const override = context.settings.rules[rule.id];
    if (override === 'off') continue;
    if (!(rule.kinds as readonly string[]).includes(model.kind)) continue;
    let reported;
    try {
      reported = rule.check(model, context);
    } catch (e) {
      findings.push({ ruleId: 'internal-error', severity: 'error', offset: 0, length: 0,
        message: `The ${rule.id} check failed on this document (${(e as Error).message}). Please report it with the policy.` });
      continue;
    }
    for (const f of reported) findings.push({ ...f, ruleId: rule.id, severity: override ?? f.severity ?? rule.defaultSeverity });
  }
  return findings.sort((a, b) => a.offset - b.offset || a.ruleId.localeCompare(b.ruleId));
}
