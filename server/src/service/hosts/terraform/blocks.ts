/**
 * What each top-level block of a `.tf` file contributes (its policy sites, its findings, its module facts),
 * remembered by the block's text. Reading a tree's nodes crosses into WebAssembly for every property, so after an
 * edit only the edited block is read again; the others are reused, their offsets shifted where the edit moved them.
 */
import type { Node } from 'web-tree-sitter';
import type { Finding } from '../../types';
import type { HostEntry, HostValue, PolicySite, Range } from '../types';
import { blockFacts, type FileFacts } from './folder';
import { syntaxOf, mark } from './syntax';
import { BoundedCache } from '../../boundedCache';

/** A site before the module is known: a document's kind and a key's data store are settled later. */
export interface BlockSite {
  site: PolicySite;
  /** The policy document's name (`data.aws_iam_policy_document.<name>`). */
  document?: string;
  /** The resource that sets a key policy (`aws_kms_key` / `aws_kms_key_policy`). */
  resource?: { type: string; name: string };
  /** Where a verdict about the site goes when its data store is in another file: `policy`, or the `data` keyword. */
  anchor: Range;
}

export interface BlockPart {
  start: number;
  sites: BlockSite[];
  findings: Finding[];
  facts: FileFacts;
}

/** Blocks read, by their text: about 1 MB of block text (a module's files many times over), least recently used out. */
const cache = new BoundedCache<string, BlockPart>(1 << 20, (key) => key.length);

/** The block's part, from the cache when a block with the same text was read before (shifted to its offset). */
export function blockPart(text: string, block: Node, read: (block: Node) => Omit<BlockPart, 'start' | 'facts'>): BlockPart {
  // A block with a syntax error reads as the recovery around it made it, which depends on more than its text.
  if (block.hasError) return { start: block.startIndex, ...read(block), facts: blockFacts(block) };
  const key = text.slice(block.startIndex, block.endIndex);
  const hit = cache.get(key);
  if (hit) return hit.start === block.startIndex ? hit : shifted(hit, block.startIndex - hit.start);
  const part: BlockPart = { start: block.startIndex, ...read(block), facts: blockFacts(block) };
  cache.set(key, part);
  return part;
}

/** A deep copy with every `{ offset, length }` moved by `delta`; syntax marks and shared references kept. */
function shifted<T>(value: T, delta: number): T {
  const copies = new Map<object, unknown>();
  const copy = (v: unknown): unknown => {
    if (typeof v !== 'object' || v === null) return v;
    const done = copies.get(v);
    if (done) return done;
    if (v instanceof Map) {
      const m = new Map();
      copies.set(v, m);
      for (const [k, x] of v) m.set(k, copy(x));
      return m;
    }
    if (Array.isArray(v)) {
      const a: unknown[] = [];
      copies.set(v, a);
      for (const x of v) a.push(copy(x));
      return a;
    }
    if (Object.getPrototypeOf(v) !== Object.prototype) return v; // the writer and other shared objects
    const o: Record<string, unknown> = {};
    copies.set(v, o);
    for (const [k, x] of Object.entries(v)) o[k] = k === 'offset' && typeof x === 'number' && 'length' in v ? x + delta : typeof x === 'function' ? x : copy(x);
    const syntax = syntaxOf(v as HostValue | HostEntry);
    if (syntax) mark(o as unknown as HostValue, copy(syntax) as typeof syntax);
    return o;
  };
  return { ...(copy(value) as T), start: (value as { start: number }).start + delta };
}

/** Forgets every block read (for tests that compare a reused read with a fresh one). */
export const clearBlockCache = (): void => cache.clear();
