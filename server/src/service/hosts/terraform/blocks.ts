/**
 * What each top-level block of a `.tf` file contributes (its policy sites, its findings, its module facts),
 * remembered by the block's text. Reading a tree's nodes crosses into WebAssembly for every property, so after an
 * edit only the edited block is read again. The others are reused: a block the edit moved gets its sites with
 * moved ranges, and their value trees are copied to the new offsets only when something reads them (hover, a
 * fix); linting reuses the findings of the same block (`PolicySite.reuse`) without reading the trees at all.
 */
import type { Node } from 'web-tree-sitter';
import type { Finding } from '../../types';
import type { HostValue, PolicySite, Range } from '../types';
import { blockFacts, type FileFacts } from './folder';
import { own, shiftFinding } from '../shift';
import { BoundedCache } from '../../boundedCache';
import { copied } from './copied';

/** A site before the module is known: a document's kind and a key's data store are settled later. */
export interface BlockSite {
  site: PolicySite;
  /** The policy document's name (`data.aws_iam_policy_document.<name>`). */
  document?: string;
  /** The resource that sets a key policy (`aws_kms_key` / `aws_kms_key_policy`). */
  resource?: { type: string; name: string };
  /** Where a verdict about the site goes when its data store is in another file: `policy`, or the `data` keyword. */
  anchor: Range;
  /** A document that merges documents (`source_policy_documents`): its value depends on other blocks. */
  merges?: boolean;
}

export interface BlockPart {
  start: number;
  sites: BlockSite[];
  findings: Finding[];
  facts: FileFacts;
  /** The text the part was read from, until its texts are copied out of it (`detached`). */
  source?: string;
}

/** Documents remembered (their blocks as last read), least recently read out. */
const MAX_DOCUMENTS = 64;
/** Each document's blocks as its last read left them, by text: what the next version of it can reuse. */
const documents = new Map<string, Map<string, BlockPart>>();
/**
 * Blocks of reads that name no document (`hlkms lint` over many files, a closed file read again), by text: a
 * module copied between folders, or a file read again, is read once. Weighed at 25 bytes a character of block text
 * (what a block's value trees, findings and facts take, measured), 16 MB in all, least recently used out.
 * `clearBlockCache(UNNAMED_READS)` forgets them.
 */
const unnamed = new BoundedCache<string, BlockPart>(16 << 20, (key) => key.length * 25);
export const UNNAMED_READS = '\0';
/** A number per block read, so a site's `reuse` identity is short. */
let reads = 0;

/**
 * The parts of a file's top-level blocks. With `document` (an identity across versions: the URI), a block whose
 * text is unchanged since that document's last read is reused, moved to its new offset; only the rest is read.
 */
export function blockParts(text: string, blocks: readonly Node[], read: (block: Node) => Omit<BlockPart, 'start' | 'facts' | 'source'>, document?: string): BlockPart[] {
  const previous = document === undefined ? undefined : documents.get(document);
  const next = new Map<string, BlockPart>();
  const parts = blocks.map((block) => {
    // A block with a syntax error reads as the recovery around it made it, which depends on more than its text.
    if (block.hasError) return { start: block.startIndex, ...read(block), facts: blockFacts(block) };
    // From the start of the block's first line: a writer indents new lines like the line a value starts on.
    const key = text.slice(text.lastIndexOf('\n', block.startIndex - 1) + 1, block.endIndex);
    let part: BlockPart;
    if (document === undefined) {
      part = unnamed.get(key) ?? fresh(text, block, read, false);
      unnamed.set(key, part);
    } else {
      const kept = next.get(key) ?? previous?.get(key);
      part = kept ? detached(kept, text) : fresh(text, block, read, true);
      next.set(key, part);
    }
    return part.start === block.startIndex ? part : moved(part, block.startIndex - part.start);
  });
  if (document !== undefined) {
    documents.delete(document);
    documents.set(document, next);
    if (documents.size > MAX_DOCUMENTS) documents.delete(documents.keys().next().value!);
  }
  return parts;
}

/** A block read now, from `text`; `reuse`: its sites get an identity for the document's next versions. */
function fresh(text: string, block: Node, read: (block: Node) => Omit<BlockPart, 'start' | 'facts' | 'source'>, reuse: boolean): BlockPart {
  const id = ++reads;
  const { sites, findings } = read(block);
  if (!reuse) return { start: block.startIndex, sites, findings, facts: blockFacts(block) };
  return { start: block.startIndex, sites: sites.map((s, i) => ({ ...s, site: { ...s.site, reuse: `tf${id}.${i}` } })), findings, facts: blockFacts(block), source: text };
}

/**
 * A part kept for a later version, its texts copied out of the version it was read from: V8 keeps a cut of a
 * string (a sliced string) pointing at the whole string, so a part kept across many versions would keep each
 * version's text. Done once, when a part is first reused in another version (typing re-reads one block only).
 */
function detached(part: BlockPart, text: string): BlockPart {
  if (part.source === undefined || part.source === text) return part;
  const { sites, findings, facts } = copied({ sites: part.sites, findings: part.findings, facts: part.facts }, 0, own);
  return { start: part.start, sites, findings, facts };
}

const shiftRange = (r: Range, delta: number): Range => ({ offset: r.offset + delta, length: r.length });

/** The part as it is `delta` characters further on: ranges moved now, value trees when first read. */
function moved(part: BlockPart, delta: number): BlockPart {
  return {
    start: part.start + delta,
    sites: part.sites.map((s) => ({ ...s, site: movedSite(s.site, delta), anchor: shiftRange(s.anchor, delta) })),
    findings: part.findings.map((f) => shiftFinding(f, delta)),
    facts: movedFacts(part.facts, delta),
  };
}

/** A kept site (plain data) `delta` further on; its value tree is copied there when first read. */
function movedSite(site: PolicySite, delta: number): PolicySite {
  const { value, ...rest } = site;
  const out = { ...rest, range: shiftRange(site.range, delta) } as PolicySite;
  if (site.healthLake) out.healthLake = { ...site.healthLake, range: shiftRange(site.healthLake.range, delta) };
  return withLazyValue(out, () => copied(value, delta));
}

/** Sets `site.value` to be computed on first read (and kept). */
export function withLazyValue(site: PolicySite, compute: () => HostValue): PolicySite {
  return Object.defineProperty(site, 'value', {
    configurable: true,
    enumerable: true,
    get(this: PolicySite) {
      const v = compute();
      Object.defineProperty(this, 'value', { value: v, configurable: true, enumerable: true, writable: true });
      return v;
    },
  });
}

/** A copy of a site with some properties set, keeping a value that is not computed yet unread. */
export function withSiteProperties(site: PolicySite, props: Partial<PolicySite>): PolicySite {
  return Object.assign(Object.defineProperties({}, Object.getOwnPropertyDescriptors(site)) as PolicySite, props);
}

function movedFacts(facts: FileFacts, delta: number): FileFacts {
  if (!facts.healthLakeKeys.size) return facts;
  const healthLakeKeys = new Map([...facts.healthLakeKeys].map(([k, v]) => [k, v.map((s) => ({ ...s, range: shiftRange(s.range, delta) }))]));
  return { ...facts, healthLakeKeys };
}

/** Forgets every document's blocks (a test compares a reused read with a fresh one); with `document`, that one's. */
export function clearBlockCache(document?: string): void {
  if (document === undefined || document === UNNAMED_READS) unnamed.clear();
  if (document === undefined) documents.clear(); else documents.delete(document);
}
