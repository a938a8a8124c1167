/**
 * Lint results per site, kept from each document's last analysis for its next one: an edit elsewhere in the file
 * moves a site but does not change its findings. Stored at the site's offset, shifted on reuse. Only the last
 * analysis of each document is kept, so typing (a new key per keystroke) leaves nothing behind.
 */
import type { Finding, ServiceSettings } from '../types';
import type { PolicySite } from './types';
import { detached, shiftFinding } from './shift';

interface Entry {
  base: number;
  findings: Finding[];
  /** The data store verdict's message (placed at the data store's current range). */
  verdict?: Finding;
}

/** Documents remembered, least recently analysed out. */
const MAX_DOCUMENTS = 64;
const documents = new Map<string, { settings: ServiceSettings; entries: Map<string, Entry> }>();

/**
 * What decides a site's findings: its kind, its data store link, the file's line ends, and either the extractor's
 * `reuse` identity or the site's host text to the end of the line and its projections.
 */
export function siteKey(hostText: string, site: PolicySite, projections: () => readonly string[]): string {
  const head = [site.kind, site.healthLake?.datastore ?? '', hostText.includes('\r\n') ? 'crlf' : 'lf'];
  if (site.reuse !== undefined) return [...head, `\u0001${site.reuse}`].join('\0');
  const start = site.range.offset;
  let end = hostText.indexOf('\n', start + site.range.length);
  if (end < 0) end = hostText.length;
  return [...head, hostText.slice(start, end), ...projections()].join('\0');
}

/** One analysis's lint results: found in the document's last analysis (with the same settings), or stored now. */
export class SiteMemory {
  private readonly previous: Map<string, Entry> | undefined;
  private readonly next = new Map<string, Entry>();

  constructor(private readonly document: string, private readonly settings: ServiceSettings) {
    const last = documents.get(document);
    this.previous = last?.settings === settings ? last.entries : undefined;
  }

  findings(key: string, site: PolicySite): Finding[] | undefined {
    const entry = this.next.get(key) ?? this.previous?.get(key);
    if (!entry) return undefined;
    this.next.set(key, entry);
    const d = site.range.offset - entry.base;
    const out = entry.findings.map((f) => shiftFinding(f, d));
    if (entry.verdict && site.healthLake) out.push({ ...entry.verdict, offset: site.healthLake.range.offset, length: site.healthLake.range.length });
    return out;
  }

  store(key: string, site: PolicySite, findings: readonly Finding[], verdict: Finding | undefined): void {
    this.next.set(key, { base: site.range.offset, findings: findings.map(detached), ...(verdict ? { verdict: detached(verdict) } : {}) });
  }

  /** Keeps this analysis's results for the document's next one. */
  commit(): void {
    documents.delete(this.document);
    documents.set(this.document, { settings: this.settings, entries: this.next });
    if (documents.size > MAX_DOCUMENTS) documents.delete(documents.keys().next().value!);
  }
}
