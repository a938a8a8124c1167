/**
 * The language service: a factory returning plain-data features over a policy document.
 * It knows nothing of LSP transport, files, the network or VS Code; every I/O need is injected.
 */
import { Catalog, type CatalogSource } from './catalog';
import { buildModel, type PolicyModel } from './model';
import { rules as allRules } from './rules/index';
import type { Rule, RuleContext } from './rules/rule';
import { defaultSettings, type Finding, type ServiceSettings } from './types';

export interface LanguageServiceOptions {
  catalog: CatalogSource | Catalog;
  settings?: Partial<ServiceSettings>;
}

export interface LanguageService {
  readonly catalog: Catalog;
  settings: ServiceSettings;
  /** Parse once per document version; every other feature takes the model. */
  parse(text: string): PolicyModel;
  validate(model: PolicyModel): Finding[];
}

export function mergeSettings(partial: Partial<ServiceSettings> = {}): ServiceSettings {
  return { ...defaultSettings, ...partial, rules: { ...defaultSettings.rules, ...(partial.rules ?? {}) } };
}

export function createLanguageService(options: LanguageServiceOptions): LanguageService {
  const catalog = options.catalog instanceof Catalog ? options.catalog : new Catalog(options.catalog);
  const service: LanguageService = {
    catalog,
    settings: mergeSettings(options.settings),
    parse: (text) => buildModel(text, service.settings.kind),
    validate: (model) => runRules(allRules, model, { catalog, settings: service.settings }),
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
