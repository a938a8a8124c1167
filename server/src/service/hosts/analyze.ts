/**
 * One document's analysis: the first ready extractor that claims the file extracts its sites, each site is linted
 * (lintSite.ts), and the host's own findings join them; a file no extractor reads may be a plain JSON policy
 * (json.ts). Cached per URI for the last input and settings seen.
 */
import type { RuleContext } from '../rules/rule';
import type { Finding, ServiceSettings } from '../types';
import type { Analysis, SiteAnalysis } from './api';
import { activeExtractors, type HostInput } from './registry';
import { ensureBuiltinHosts } from './builtin';
import { jsonAnalysis, readsAsJson } from './json';
import { lintSite } from './lintSite';
import { SiteMemory } from './siteCache';
import type { HostDocument } from './types';

interface Cached {
  text: string;
  settings: ServiceSettings;
  /** The rest of the input that decides the analysis (hosts, language, kind, inclusion). */
  how: string;
  result: Analysis | undefined;
}

const MAX_CACHED = 256;
const cache = new Map<string, Cached>();

export function analyze(context: RuleContext, input: HostInput): Analysis | undefined {
  ensureBuiltinHosts();
  const how = [input.hosts?.join() ?? '*', input.languageId, input.kind, input.include].join('\0');
  const hit = cache.get(input.uri);
  if (hit && hit.text === input.text && hit.settings === context.settings && hit.how === how) return hit.result;
  // The last analysis goes first: what it holds is garbage before the next one allocates (see lsp/idleCollect.ts).
  cache.delete(input.uri);
  const result = analyzeUncached(context, input);
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
  cache.set(input.uri, { text: input.text, settings: context.settings, how, result });
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

function analyzeUncached(context: RuleContext, input: HostInput): Analysis | undefined {
  const document = extract(input);
  if (!document) return readsAsJson(input) ? jsonAnalysis(context, input) : undefined;
  const sites: SiteAnalysis[] = [];
  const findings: Finding[] = withSettings(document.findings, context.settings);
  const memory = new SiteMemory(input.uri, context.settings, input.text);
  for (const site of document.sites) {
    try {
      const linted = lintSite(context, input.text, site, memory);
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
