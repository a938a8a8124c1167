/** The live key policy, linted with the same language service as any policy file. */
import { jsonFindings, type JsonFinding } from '../service/jsonFindings';
import type { Catalog } from '../service/catalog';
import { createLanguageService } from '../service/languageService';
import { ruleById } from '../service/rules/index';
import { policyText } from '../service/hosts/json';

export interface PolicyLint {
  findings: JsonFinding[];
  /** Error findings of the HealthLake checks (they break data stores). */
  healthLakeErrors: JsonFinding[];
  /** Other error findings. */
  otherErrors: JsonFinding[];
  warnings: JsonFinding[];
  /** Warning findings of the HealthLake checks. */
  healthLakeWarnings: JsonFinding[];
}

export function lintKeyPolicy(text: string, catalog: Catalog, options: { healthLake: boolean; region?: string }): PolicyLint {
  const service = createLanguageService({ catalog, settings: { kind: 'key-policy', healthLake: options.healthLake, defaultRegion: options.region } });
  const findings = jsonFindings(text, service.analyze(policyText(text))!.findings);
  const errors = findings.filter((f) => f.severity === 'error');
  const isHealthLake = (f: JsonFinding) => ruleById(f.code)?.category === 'healthlake';
  return {
    findings,
    healthLakeErrors: errors.filter(isHealthLake),
    otherErrors: errors.filter((f) => !isHealthLake(f)),
    warnings: findings.filter((f) => f.severity === 'warning'),
    healthLakeWarnings: findings.filter((f) => f.severity === 'warning' && isHealthLake(f)),
  };
}
