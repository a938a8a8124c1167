/**
 * A template as a plain tree with host ranges, the same for YAML and JSON: maps, sequences, scalars (with the YAML
 * tag that marks a short-form intrinsic, `!Sub`), and aliases. Intrinsics are resolved from this tree.
 */
import { isAlias, isMap, isScalar, isSeq, type Node as YamlNode, type Pair } from 'yaml';
import type { Node as JsonNode } from 'jsonc-parser';
import type { Range } from '../types';

export type Raw =
  | { kind: 'map'; range: Range; entries: RawEntry[]; tag?: string; flow: boolean; anchor?: Range }
  | { kind: 'seq'; range: Range; items: Raw[]; tag?: string; flow: boolean; anchor?: Range }
  | { kind: 'scalar'; range: Range; value: string | number | boolean | null; tag?: string; style: ScalarStyle; anchor?: Range }
  /** `*name`; `target` is the anchored node when it comes earlier in the same parsed part. */
  | { kind: 'alias'; range: Range; name: string; target?: Raw };

export type ScalarStyle = 'plain' | 'single' | 'double' | 'literal' | 'folded' | 'json';

export interface RawEntry {
  key: string;
  keyRange: Range;
  value: Raw;
  range: Range;
}

const STYLES: Record<string, ScalarStyle> = { PLAIN: 'plain', QUOTE_SINGLE: 'single', QUOTE_DOUBLE: 'double', BLOCK_LITERAL: 'literal', BLOCK_FOLDED: 'folded' };

const rangeOf = (n: { range?: [number, number, number] | null }, base: number): Range =>
  n.range ? { offset: base + n.range[0], length: n.range[1] - n.range[0] } : { offset: base, length: 0 };

/** Where a node's anchor (`&name`) sits, found in the text just before the node. */
function anchorRange(text: string, base: number, node: YamlNode): Range | undefined {
  if (!node.anchor || !node.range) return undefined;
  const at = text.lastIndexOf(`&${node.anchor}`, node.range[0]);
  return at >= 0 ? { offset: base + at, length: node.anchor.length + 1 } : undefined;
}

/** A block collection ends where its last element does (YAML's own range runs on over trailing lines and comments). */
function blockRange(range: Range, flow: boolean, last: Range | undefined): Range {
  return flow || !last ? range : { offset: range.offset, length: last.offset + last.length - range.offset };
}

/** A YAML node (from a document parsed from `text`, whose offset 0 is host offset `base`) as a raw tree. */
export function fromYaml(node: unknown, text: string, base: number, depth = 0, anchors = new Map<string, Raw>()): Raw {
  const raw = convertYaml(node, text, base, depth, anchors);
  if (raw.kind !== 'alias' && raw.anchor) anchors.set(text.slice(raw.anchor.offset - base + 1, raw.anchor.offset - base + raw.anchor.length), raw);
  return raw;
}

function convertYaml(node: unknown, text: string, base: number, depth: number, anchors: Map<string, Raw>): Raw {
  if (depth > 200) return { kind: 'scalar', range: { offset: base, length: 0 }, value: null, style: 'plain' };
  if (isAlias(node)) return { kind: 'alias', range: rangeOf(node, base), name: node.source, target: anchors.get(node.source) };
  if (isMap(node)) {
    const entries: RawEntry[] = [];
    for (const pair of node.items as Pair<unknown, unknown>[]) {
      const key = pair.key;
      if (!isScalar(key)) continue;
      const keyRange = rangeOf(key, base);
      const value: Raw = pair.value == null
        ? { kind: 'scalar', range: { offset: keyRange.offset + keyRange.length, length: 0 }, value: null, style: 'plain' }
        : fromYaml(pair.value, text, base, depth + 1, anchors);
      entries.push({ key: String(key.value), keyRange, value, range: { offset: keyRange.offset, length: value.range.offset + value.range.length - keyRange.offset } });
    }
    return { kind: 'map', range: blockRange(rangeOf(node, base), !!node.flow, entries[entries.length - 1]?.range), entries, tag: node.tag, flow: !!node.flow,
      anchor: anchorRange(text, base, node) };
  }
  if (isSeq(node)) {
    const items = node.items.map((i) => fromYaml(i, text, base, depth + 1, anchors));
    return { kind: 'seq', range: blockRange(rangeOf(node, base), !!node.flow, items[items.length - 1]?.range), items, tag: node.tag, flow: !!node.flow,
      anchor: anchorRange(text, base, node) };
  }
  if (isScalar(node)) {
    const v = node.value;
    // Anything else (a YAML 1.1 timestamp, a binary) is what the template wrote: CloudFormation reads it as a string.
    const value = typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null ? v : text.slice(node.range?.[0] ?? 0, node.range?.[1] ?? 0);
    return { kind: 'scalar', range: rangeOf(node, base), value, tag: node.tag, style: STYLES[node.type ?? 'PLAIN'] ?? 'plain', anchor: anchorRange(text, base, node) };
  }
  return { kind: 'scalar', range: { offset: base, length: 0 }, value: null, style: 'plain' };
}

/** A jsonc-parser node (CloudFormation JSON) as a raw tree. */
export function fromJson(node: JsonNode, depth = 0): Raw {
  const range = { offset: node.offset, length: node.length };
  if (node.type === 'object' && depth < 200) {
    const entries: RawEntry[] = [];
    for (const p of node.children ?? []) {
      const [k, v] = p.children ?? [];
      if (!k || !v) continue;
      entries.push({ key: String(k.value), keyRange: { offset: k.offset, length: k.length }, value: fromJson(v, depth + 1), range: { offset: p.offset, length: p.length } });
    }
    return { kind: 'map', range, entries, flow: true };
  }
  if (node.type === 'array' && depth < 200) return { kind: 'seq', range, items: (node.children ?? []).map((c) => fromJson(c, depth + 1)), flow: true };
  const value = node.type === 'string' || node.type === 'number' || node.type === 'boolean' ? node.value as string | number | boolean : null;
  return { kind: 'scalar', range, value, style: 'json' };
}

/** A map's entry by key. */
export const entryOf = (raw: Raw | undefined, key: string): RawEntry | undefined =>
  raw?.kind === 'map' ? raw.entries.find((e) => e.key === key) : undefined;

export const valueOf = (raw: Raw | undefined, key: string): Raw | undefined => entryOf(raw, key)?.value;

export const scalarString = (raw: Raw | undefined): string | undefined =>
  raw?.kind === 'scalar' && !raw.tag && raw.value !== null ? String(raw.value) : undefined;
