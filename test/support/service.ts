/** Shared helpers for service tests: one language service over the generated catalog. */
import { createLanguageService, type LanguageService } from '../../server/src/service/languageService';
import { fileCatalog } from '../../server/src/node/catalogFiles';
import type { Finding, ServiceSettings } from '../../server/src/service/types';
import type { Analysis } from '../../server/src/service/hosts/api';
import type { PolicyModel } from '../../server/src/service/model';

export function service(settings: Partial<ServiceSettings> = {}): LanguageService {
  return createLanguageService({ catalog: fileCatalog(), settings });
}

/** Findings for a text (object or JSON string), optionally only those of one rule. */
export function lint(text: string | object, ruleId?: string, settings: Partial<ServiceSettings> = {}): Finding[] {
  const s = service(settings);
  const source = typeof text === 'string' ? text : JSON.stringify(text, null, 2);
  const findings = analyzeJson(s, source).findings;
  return ruleId ? findings.filter((f) => f.ruleId === ruleId) : findings;
}

/** The analysis of a text as a plain JSON policy (never as templated JSON, even with `${...}` in it). */
export function analyzeJson(s: LanguageService, text: string): Analysis {
  return s.analyze({ uri: 'file:///policy.json', text, hosts: ['json'] })!;
}

/** A plain JSON policy's model, as the service reads it (the identity projection's). */
export const jsonModel = (s: LanguageService, text: string): PolicyModel => analyzeJson(s, text).sites[0]!.variants[0]!.model;

/** The text a finding points at. */
export function spanOf(text: string, f: { offset: number; length: number }): string {
  return text.slice(f.offset, f.offset + f.length);
}

import { applyEdits } from '../../server/src/service/edits';
export { applyEdits };

/** Splits `text` at the `|` cursor marker: the text without it and the offset. */
export function cursor(marked: string): { text: string; offset: number } {
  const offset = marked.indexOf('|');
  if (offset < 0) throw new Error('no | cursor marker');
  return { text: marked.slice(0, offset) + marked.slice(offset + 1), offset };
}

/** Applies the preferred (or the only) fix of a finding. */
export function applyFix(text: string, finding: Finding, title?: string): string {
  const fixes = finding.data?.fixes ?? [];
  const fix = title ? fixes.find((f) => f.title.includes(title)) : fixes.find((f) => f.preferred) ?? fixes[0];
  if (!fix) throw new Error(`no fix${title ? ` '${title}'` : ''} on ${finding.ruleId}: ${finding.message}`);
  return applyEdits(text, fix.edits);
}
