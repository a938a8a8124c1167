/**
 * Lint results per site, reused while the site's own text and projections are unchanged (an edit elsewhere in the
 * template moves a site but does not change its findings): stored at the site's offset, shifted on reuse.
 */
import type { Finding, ServiceSettings } from '../types';
import type { PolicySite } from './types';
import { BoundedCache } from '../boundedCache';

interface Entry {
  base: number;
  findings: Finding[];
  /** The data store verdict's message (placed at the data store's current range). */
  verdict?: Finding;
}

/** About 2 MB of keys (site texts and projections) per settings, least recently used out. */
const MAX_WEIGHT = 2 << 20;
const caches = new WeakMap<ServiceSettings, BoundedCache<string, Entry>>();

/** What decides a site's findings: its kind, its data store link, its host text to the end of the line, its projections. */
export function siteKey(hostText: string, site: PolicySite, projections: readonly string[]): string {
  const start = site.range.offset;
  let end = hostText.indexOf('\n', start + site.range.length);
  if (end < 0) end = hostText.length;
  const eol = hostText.includes('\r\n') ? 'crlf' : 'lf';
  return [site.kind, site.healthLake ? 'healthlake' : '', eol, hostText.slice(start, end), ...projections].join('\0');
}

const shift = (f: Finding, d: number): Finding => d === 0 ? f : {
  ...f, offset: f.offset + d,
  related: f.related?.map((r) => ({ ...r, offset: r.offset + d })),
  data: f.data?.fixes ? { ...f.data, fixes: f.data.fixes.map((x) => ({ ...x, edits: x.edits.map((e) => ({ ...e, offset: e.offset + d })) })) } : f.data,
};

export function cachedFindings(settings: ServiceSettings, key: string, site: PolicySite): Finding[] | undefined {
  const entry = caches.get(settings)?.get(key);
  if (!entry) return undefined;
  const d = site.range.offset - entry.base;
  const out = entry.findings.map((f) => shift(f, d));
  if (entry.verdict && site.healthLake) out.push({ ...entry.verdict, offset: site.healthLake.range.offset, length: site.healthLake.range.length });
  return out;
}

export function storeFindings(settings: ServiceSettings, key: string, site: PolicySite, findings: Finding[], verdict: Finding | undefined): void {
  let cache = caches.get(settings);
  if (!cache) { cache = new BoundedCache(MAX_WEIGHT, (k) => k.length); caches.set(settings, cache); }
  cache.set(key, { base: site.range.offset, findings, verdict });
}
