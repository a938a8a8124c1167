/**
 * One host document's analysis: the first ready extractor that claims the file extracts its sites, each site is
 * linted (lintSite.ts), and the host's own findings join them. Cached per URI for the last text and settings seen.
 */
import type { LanguageService } from '../languageService';
import type { Finding, ServiceSettings } from '../types';
import type { HostAnalysis, SiteAnalysis } from './api';
import { activeExtractors, type HostInput } from './registry';
import { lintSite } from './lintSite';
import { SiteMemory } from './siteCache';
import type { HostDocument } from './types';

interface Cached {
  text: string;
  settings: ServiceSettings;
  hosts: string;
  result: HostAnalysis | undefined;
}

const MAX_CACHED = 256;
const cache = new Map<string, Cached>();

export function analyze(service: LanguageService, input: HostInput): HostAnalysis | undefined {
  const hosts = input.hosts?.join() ?? '*';
  const hit = cache.get(input.uri);
  if (hit && hit.text === input.text && hit.settings === service.settings && hit.hosts === hosts) return hit.result;
  const result = analyzeUncached(service, input);
  cache.delete(input.uri);
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
  cache.set(input.uri, { text: input.text, settings: service.settings, hosts, result });
  return result;
}

/** The first claiming extractor's document; an extractor that throws gives one finding instead (a bug to report). */
function extract(input: HostInput): HostDocument | undefined {
  for (const extractor of activeExtractors(input.hosts)) {
    if (!extractor.claims(input)) continue;
    try {
      const doc = extractor.extract(input);
      if (doc) return doc;
    } catch (e) {
      const finding: Finding = { ruleId: 'internal-error', severity: 'error', offset: 0, length: 0,
        message: `hlkms could not read the policies in this file (${(e as Error).message}). Please report it with the file.` };
      return { host: extractor.host, sites: [], findings: [finding] };
    }
  }
  return undefined;
}

function analyzeUncached(service: LanguageService, input: HostInput): HostAnalysis | undefined {
  const document = extract(input);
  if (!document) return undefined;
  const sites: SiteAnalysis[] = [];
  const findings: Finding[] = withSettings(document.findings, service.settings);
  const memory = new SiteMemory(input.uri, service.settings, input.text);
  for (const site of document.sites) {
    try {
      const linted = lintSite(service, input.text, site, memory);
      sites.push(linted.analysis);
      findings.push(...linted.findings);
    } catch (e) {
      findings.push({ ruleId: 'internal-error', severity: 'error', offset: site.range.offset, length: 0,
        message: `The checks of ${site.name} failed (${(e as Error).message}). Please report it with the file.` });
    }
  }
  memory.commit();
  const seen = new Set<string>();
  const unique = findings.filter((f) => {
    const key = `${f.ruleId}@${f.offset}:${f.length}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  unique.sort((a, b) => a.offset - b.offset || a.ruleId.localeCompare(b.ruleId));
  return { uri: input.uri, text: input.text, host: document.host, document, sites, findings: unique };
}

/** The user's rule settings applied to the host's own findings (off, or another severity). */
function withSettings(findings: readonly Finding[], settings: ServiceSettings): Finding[] {
  return findings.flatMap((f) => {
    const override = settings.rules[f.ruleId];
    if (override === 'off') return [];
    return [override ? { ...f, severity: override } : f];
  });
}
