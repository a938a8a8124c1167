/**
 * Lint results per site: an edit elsewhere in the file moves a site but does not change its findings, and the same
 * policy in another file (modules copied between folders, `hlkms lint` over many) has the same findings. Each
 * document's last analysis is kept for its next one; a bounded cache shared by all documents holds the rest.
 * Stored at the site's offset, shifted on reuse. A finding outside the site's own text (a YAML alias's value, found at
 * its anchor) does not move with the site: such results are reused only where the site has not moved.
 */
import type { Finding, ServiceSettings } from '../types';
import type { PolicySite, Range } from './types';
import { BoundedCache } from '../boundedCache';
import { detached, shiftFinding } from './shift';

interface Entry {
  base: number;
  findings: Finding[];
  /** The data store verdict's message (placed at the data store's current range). */
  verdict?: Finding;
  /** Some finding lies outside the lines the site is written on. */
  outside?: boolean;
}

/** Documents remembered, least recently analysed out. */
const MAX_DOCUMENTS = 64;
const documents = new Map<string, { settings: ServiceSettings; entries: Map<string, Entry> }>();

/**
 * About 2 MB per settings, least recently used out: a key's characters (site texts and projections), and for each
 * finding its message and about 500 bytes more (its fixes' edits, its related locations).
 */
const SHARED_WEIGHT = 2 << 20;
const weigh = (key: string, entry: Entry): number =>
  key.length + [...entry.findings, ...(entry.verdict ? [entry.verdict] : [])].reduce((n, f) => n + 500 + f.message.length, 0);
const shared = new WeakMap<ServiceSettings, BoundedCache<string, Entry>>();

/** The lines a site is written on: from the start of its first line to the end of its last (before the break). */
export function siteLines(text: string, range: Range): { from: number; to: number } {
  const next = text.indexOf('\n', range.offset + range.length);
  return { from: text.lastIndexOf('\n', range.offset - 1) + 1, to: next < 0 ? text.length : next };
}

/** One analysis's lint results: found in the document's last analysis (with the same settings), or stored now. */
export class SiteMemory {
  private readonly previous: Map<string, Entry> | undefined;
  private readonly next = new Map<string, Entry>();
  private readonly shared: BoundedCache<string, Entry>;
  /** The file's line ends (a fix's text uses them): part of every key. */
  private readonly eol: string;

  constructor(private readonly document: string, private readonly settings: ServiceSettings, private readonly text: string) {
    this.eol = text.includes('\r\n') ? 'crlf' : 'lf';
    const last = documents.get(document);
    this.previous = last?.settings === settings ? last.entries : undefined;
    let cache = shared.get(settings);
    if (!cache) shared.set(settings, cache = new BoundedCache(SHARED_WEIGHT, weigh));
    this.shared = cache;
  }

  /**
   * What decides a site's findings: its kind, its data store link, the file's line ends, and either the
   * extractor's `reuse` identity or the site's host text to the end of its line and its projections.
   */
  key(site: PolicySite, projections: () => readonly string[]): string {
    const head = [site.kind, site.healthLake?.datastore ?? '', this.eol];
    if (site.reuse !== undefined) return [...head, `\u0001${site.reuse}`].join('\0');
    return [...head, this.text.slice(site.range.offset, siteLines(this.text, site.range).to), ...projections()].join('\0');
  }

  findings(key: string, site: PolicySite): Finding[] | undefined {
    const entry = this.next.get(key) ?? this.previous?.get(key) ?? this.shared.get(key);
    const d = entry ? site.range.offset - entry.base : 0;
    if (!entry || (entry.outside && d !== 0)) return undefined;
    this.next.set(key, entry);
    const out = entry.findings.map((f) => shiftFinding(f, d));
    if (entry.verdict && site.healthLake) out.push({ ...entry.verdict, offset: site.healthLake.range.offset, length: site.healthLake.range.length });
    return out;
  }

  store(key: string, site: PolicySite, findings: readonly Finding[], verdict: Finding | undefined): void {
    const { from, to } = siteLines(this.text, site.range);
    const outside = findings.some((f) => f.offset < from || f.offset + f.length > to);
    const entry: Entry = { base: site.range.offset, findings: findings.map(detached), ...(verdict ? { verdict: detached(verdict) } : {}), ...(outside ? { outside } : {}) };
    this.next.set(key, entry);
    // A `reuse` identity names one read of one document: no other document has it; nor has it the text outside a site.
    if (site.reuse === undefined && !outside) this.shared.set(key, entry);
  }

  /** Keeps this analysis's results for the document's next one. */
  commit(): void {
    documents.delete(this.document);
    documents.set(this.document, { settings: this.settings, entries: this.next });
    if (documents.size > MAX_DOCUMENTS) documents.delete(documents.keys().next().value!);
  }
}
