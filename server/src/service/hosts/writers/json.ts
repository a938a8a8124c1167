/**
 * The JSON writer: host changes as jsonc-parser `modify` edits by JSON path, so the file's own indentation and
 * line endings survive. Used for CloudFormation JSON, templated JSON, and (through embedded.ts) JSON strings.
 */
import { modify, type JSONPath } from 'jsonc-parser';
import { detectFormatting } from '../../edits';
import type { Edit } from '../../types';
import type { HostChange, HostEntry, HostValue, HostWriter, Range } from '../types';
import { hasHoles, subBody } from '../../symbolic';

export type PathOf = (node: HostValue | HostEntry) => JSONPath | undefined;
/** A host range in the text being changed (the identity for a JSON host file; the decoded string for a JSON string). */
export type ToText = (r: Range) => Range | undefined;
const identity: ToText = (r) => r;

/** Where a change lands in the original text (to apply later changes first). */
function position(c: HostChange): number {
  switch (c.op) {
    case 'replace': return c.at.range.offset;
    case 'rename-key': return c.at.keyRange.offset;
    case 'remove-entry': return c.entry.range.offset;
    case 'remove-item': return c.parent.items[c.index]?.range.offset ?? c.parent.range.offset + c.parent.range.length;
    case 'add-entry': return c.parent.range.offset + c.parent.range.length;
    case 'insert-item': return c.parent.items[c.index]?.range.offset ?? c.parent.range.offset + c.parent.range.length;
  }
}

/** The one edit that turns `a` into `b` (common prefix and suffix kept). */
export function minimalEdit(a: string, b: string): Edit | undefined {
  if (a === b) return undefined;
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) { endA--; endB--; }
  return { offset: start, length: endA - start, content: b.slice(start, endB) };
}

function apply(text: string, edits: Edit[]): string {
  let out = text;
  for (const e of [...edits].sort((x, y) => y.offset - x.offset)) out = out.slice(0, e.offset) + e.content + out.slice(e.offset + e.length);
  return out;
}

/** An entry or item added to a collection written on one line stays on that line: `, "kms:Decrypt"` before `]`. */
function inlineEdit(text: string, c: HostChange, at: ToText): Edit | undefined {
  if (c.op !== 'add-entry' && c.op !== 'insert-item') return undefined;
  const range = at(c.parent.range);
  if (!range) return undefined;
  if (text.slice(range.offset, range.offset + range.length).includes('\n')) return undefined;
  const value = JSON.stringify(c.value);
  if (c.op === 'add-entry') {
    const last = c.parent.entries[c.parent.entries.length - 1];
    const entry = `${JSON.stringify(c.key)}: ${value}`;
    const r = last && at(last.range);
    if (last && !r) return undefined;
    return r ? { offset: r.offset + r.length, length: 0, content: `, ${entry}` } : { offset: range.offset + 1, length: 0, content: entry };
  }
  const before = c.parent.items[c.index];
  const b = before && at(before.range);
  if (b) return { offset: b.offset, length: 0, content: `${value}, ` };
  const last = c.parent.items[c.parent.items.length - 1];
  const r = last && at(last.range);
  if (before || (last && !r)) return undefined;
  return r ? { offset: r.offset + r.length, length: 0, content: `, ${value}` } : { offset: range.offset + 1, length: 0, content: value };
}

/**
 * How a value with holes (parts the host resolves, `${AWS::Region}`) is written: as `{"Fn::Sub": ...}` in a
 * CloudFormation JSON template, or not at all (the change cannot be written: a plain JSON string or template).
 */
export type HoleWriting = 'fn-sub' | 'none';

/** The value as the host writes it, or undefined when it holds holes the host cannot write. */
function hostValue(v: unknown, holes: HoleWriting): { value: unknown } | undefined {
  if (typeof v === 'string') return !hasHoles(v) ? { value: v } : holes === 'fn-sub' ? { value: { 'Fn::Sub': subBody(v) } } : undefined;
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    for (const x of v) { const h = hostValue(x, holes); if (!h) return undefined; out.push(h.value); }
    return { value: out };
  }
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) { const h = hostValue(x, holes); if (!h || hasHoles(k)) return undefined; out[k] = h.value; }
    return { value: out };
  }
  return { value: v };
}

/** The changes with their values as the host writes them, or undefined when one cannot be written. */
function hostChanges(changes: readonly HostChange[], holes: HoleWriting): HostChange[] | undefined {
  const out: HostChange[] = [];
  for (const c of changes) {
    if (!('value' in c)) { out.push(c); continue; }
    const h = hostValue(c.value, holes);
    if (!h) return undefined;
    out.push({ ...c, value: h.value });
  }
  return out;
}

/** The changes applied to `text` one by one (last position first), or undefined when a node has no path. */
export function applyJsonChanges(text: string, given: readonly HostChange[], pathOf: PathOf, toText: ToText = identity, holes: HoleWriting = 'none'): string | undefined {
  const changes = hostChanges(given, holes);
  if (!changes) return undefined;
  const formattingOptions = detectFormatting(text);
  // Later positions first, so earlier offsets and paths still hold; at one position, in the order that keeps the given order.
  const ordered = changes.map((c, i) => ({ c, i, at: position(c), inline: inlineEdit(text, c, toText) }))
    .sort((x, y) => y.at - x.at || (x.inline || x.c.op === 'insert-item' ? y.i - x.i : x.i - y.i));
  let out = text;
  for (const { c, inline } of ordered) {
    if (inline) { out = apply(out, [inline]); continue; }
    const target = c.op === 'replace' ? c.at : c.op === 'rename-key' ? c.at : c.op === 'remove-entry' ? c.entry : c.parent;
    const path = pathOf(target);
    if (!path) return undefined;
    let edits: Edit[];
    switch (c.op) {
      case 'replace': edits = modify(out, path, c.value, { formattingOptions }); break;
      case 'remove-entry': edits = modify(out, path, undefined, { formattingOptions }); break;
      case 'remove-item': edits = modify(out, [...path, c.index], undefined, { formattingOptions }); break;
      case 'add-entry': edits = modify(out, [...path, c.key], c.value, { formattingOptions }); break;
      case 'insert-item': edits = modify(out, [...path, c.index], c.value, { formattingOptions, isArrayInsertion: true }); break;
      case 'rename-key': {
        // Key ranges are of the original text: later positions were applied first, so this offset still holds.
        const key = toText(c.at.keyRange);
        if (!key) return undefined;
        edits = [{ offset: key.offset, length: key.length, content: JSON.stringify(c.key) }];
        break;
      }
    }
    out = apply(out, edits);
  }
  return out;
}

/** A writer for a JSON host file whose nodes' paths `pathOf` knows. */
export function jsonWriter(pathOf: PathOf, holes: HoleWriting = 'none'): HostWriter {
  return {
    write(text, changes) {
      const next = applyJsonChanges(text, changes, pathOf, identity, holes);
      if (next === undefined) return undefined;
      const edit = minimalEdit(text, next);
      return edit ? [edit] : [];
    },
  };
}
