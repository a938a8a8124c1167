/**
 * From a fix on the projection to changes in the host's terms: the old and new JSON compared structurally, each
 * difference named at the host node it touches. Nothing is produced when a change would touch a value the host
 * computes (`writable: false`) or a string with holes: a value that comes from a reference gets no automatic fix.
 */
import { getNodeValue, parseTree, type Node, type ParseError } from 'jsonc-parser';
import { hasHoles } from '../symbolic';
import type { HostChange, HostValue } from './types';
import type { Projection } from './projection';

class Unwritable extends Error {}

/** The projection, its text and the fixed text being compared. */
interface Diff {
  p: Projection;
  oldText: string;
  newText: string;
  out: HostChange[];
}

/** The same JSON: the same text (cheap, and what an untouched node has), or equal scalars written differently. */
function same(d: Diff, a: Node | undefined, b: Node | undefined): boolean {
  if (!a || !b || a.type !== b.type) return false;
  if (a.length === b.length && d.oldText.startsWith(d.newText.slice(b.offset, b.offset + b.length), a.offset)) return true;
  if (a.type === 'object' || a.type === 'array') return false;
  return a.value === b.value;
}

const keyOf = (prop: Node): string => String(prop.children?.[0]?.value);

/**
 * The host node of a projection node. A `writable: false` object or list (`concat(...)`, `merge(...)`, a merged
 * document's statements) is returned when `container`: its own structure cannot be written (writeStructure), but
 * the values written inside it can.
 */
function hostAt(p: Projection, node: Node, container = false): HostValue {
  const span = p.values.get(node.offset);
  const value = span?.value;
  if (!value || value.type === 'choice') throw new Unwritable();
  if (value.writable === false && !(container && (value.type === 'object' || value.type === 'array'))) throw new Unwritable();
  return value;
}

/** Refuses a change to the structure (entries, items) of a container the host computes. */
function writeStructure(host: HostValue): void {
  if (host.type !== 'choice' && host.writable === false) throw new Unwritable();
}

function diffObject(d: Diff, old: Node, neu: Node, host: HostValue & { type: 'object' }): void {
  const { p, out } = d;
  const oldProps = old.children ?? [];
  const newProps = neu.children ?? [];
  const newByKey = new Map(newProps.map((n) => [keyOf(n), n] as const));
  const oldKeys = new Set(oldProps.map(keyOf));
  const removed = oldProps.filter((n) => !newByKey.has(keyOf(n)));
  const added = newProps.filter((n) => !oldKeys.has(keyOf(n)));
  // A removed key whose value reappears under an added key is a rename; leftovers pair up in order when their
  // values have the same type (a rename plus changes inside, e.g. StringEquals -> StringLike with a new value).
  const renames = new Map<Node, Node>();
  for (const prop of removed) {
    const i = added.findIndex((n) => same(d, n.children?.[1], prop.children?.[1]));
    if (i >= 0) renames.set(prop, added.splice(i, 1)[0]!);
  }
  for (const prop of removed) {
    if (renames.has(prop)) continue;
    const i = added.findIndex((n) => n.children?.[1]?.type === prop.children?.[1]?.type);
    if (i >= 0) renames.set(prop, added.splice(i, 1)[0]!);
  }
  if (removed.length || added.length) writeStructure(host);
  for (const prop of removed) {
    const entry = p.keys.get(prop.offset)?.entry;
    if (!entry) throw new Unwritable();
    const to = renames.get(prop);
    if (!to) { out.push({ op: 'remove-entry', parent: host, entry }); continue; }
    out.push({ op: 'rename-key', at: entry, key: keyOf(to) });
    diffNode(d, prop.children![1]!, to.children![1]!);
  }
  for (const prop of oldProps) {
    const next = newByKey.get(keyOf(prop));
    if (next) diffNode(d, prop.children![1]!, next.children![1]!);
  }
  for (const prop of added) out.push({ op: 'add-entry', parent: host, key: keyOf(prop), value: getNodeValue(prop.children![1]!) });
}

function diffArray(d: Diff, old: Node, neu: Node, host: HostValue & { type: 'array' }): void {
  const { p, out } = d;
  const a = old.children ?? [];
  const b = neu.children ?? [];
  const indexes = p.values.get(old.offset)?.itemIndexes ?? a.map((_, i) => i);
  let start = 0;
  while (start < a.length && start < b.length && same(d, a[start], b[start])) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && same(d, a[endA - 1], b[endB - 1])) { endA--; endB--; }
  if (endA - start === endB - start) {
    for (let i = start; i < endA; i++) diffNode(d, a[i]!, b[i]!);
    return;
  }
  writeStructure(host);
  // An item the host computes (statements that may exist) is neither removed nor a place to insert before.
  const computed = (i: number | undefined) => { const x = i === undefined ? undefined : host.items[i]; if (x && x.type !== 'choice' && x.writable === false) throw new Unwritable(); };
  for (let i = start; i < endA; i++) { computed(indexes[i]); out.push({ op: 'remove-item', parent: host, index: indexes[i]! }); }
  const at = indexes[endA] ?? host.items.length;
  computed(indexes[endA]);
  for (let i = start; i < endB; i++) out.push({ op: 'insert-item', parent: host, index: at, value: getNodeValue(b[i]!) });
}

function diffNode(d: Diff, old: Node, neu: Node): void {
  if (same(d, old, neu)) return;
  const host = hostAt(d.p, old, old.type === neu.type && (old.type === 'object' || old.type === 'array'));
  if (old.type === 'object' && neu.type === 'object' && host.type === 'object') return diffObject(d, old, neu, host);
  if (old.type === 'array' && neu.type === 'array' && host.type === 'array') return diffArray(d, old, neu, host);
  if (host.type === 'string' && hasHoles(host.value)) throw new Unwritable();
  d.out.push({ op: 'replace', at: host, value: getNodeValue(neu) });
}

/**
 * The host changes that turn the projection into `newText`, or undefined when the new text does not parse or a
 * change touches an unwritable value. Array indexes are positions in the original host array.
 */
export function diffProjection(p: Projection, fixed: string): HostChange[] | undefined {
  const errors: ParseError[] = [];
  const root = parseTree(fixed, errors);
  if (!root || errors.length || !p.model.root) return undefined;
  const out: HostChange[] = [];
  try {
    diffNode({ p, oldText: p.text, newText: fixed, out }, p.model.root, root);
  } catch (e) {
    if (e instanceof Unwritable) return undefined;
    throw e;
  }
  return out;
}
