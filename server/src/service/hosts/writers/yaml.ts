/**
 * The YAML writer: host changes as minimal text edits that keep the file's block or flow style, indentation and
 * quoting. A replaced scalar keeps its quotes; a new entry or item is written at its siblings' indentation.
 * The file is never re-serialised.
 */
import { detectFormatting } from '../../edits';
import type { Edit } from '../../types';
import type { HostChange, HostValue, HostWriter, Range } from '../types';
import { quoteStyleAt, yamlBlockValue, yamlFlow, yamlItem, yamlScalar } from './yamlText';

const end = (r: Range): number => r.offset + r.length;
const lineStart = (text: string, at: number): number => text.lastIndexOf('\n', at - 1) + 1;
/** Where the line holding `at` ends (before its `\r\n` or `\n`). */
const lineEnd = (text: string, at: number): number => {
  const i = text.indexOf('\n', at);
  if (i < 0) return text.length;
  return text[i - 1] === '\r' ? i - 1 : i;
};
/** Past the line break at `at` (a line end). */
const pastBreak = (text: string, at: number): number => Math.min(text.length, at + (text[at] === '\r' ? 2 : 1));
const column = (text: string, at: number): number => at - lineStart(text, at);
const onlySpaceBefore = (text: string, at: number): boolean => /^[ \t]*$/.test(text.slice(lineStart(text, at), at));
const isFlow = (text: string, v: HostValue): boolean => text[v.range.offset] === '{' || text[v.range.offset] === '[';

interface Ctx { text: string; eol: string; unit: string }

/** Deletes an element of a flow collection with one neighbouring comma. */
function flowRemove(text: string, r: Range): Edit {
  const after = /^\s*,\s*/.exec(text.slice(end(r)));
  if (after) return { offset: r.offset, length: r.length + after[0].length, content: '' };
  const before = /,\s*$/.exec(text.slice(0, r.offset));
  const start = before ? r.offset - before[0].length : r.offset;
  return { offset: start, length: end(r) - start, content: '' };
}

/** Deletes the lines an element spans (block style); `from` is where the element's line content starts. */
function blockRemove(ctx: Ctx, from: number, r: Range, next: Range | undefined, single: string): Edit {
  const { text } = ctx;
  if (onlySpaceBefore(text, from)) {
    const start = lineStart(text, from);
    const stop = pastBreak(text, lineEnd(text, end(r)));
    return { offset: start, length: stop - start, content: '' };
  }
  // `- Sid: x` as the first entry of an item: the next entry moves up behind the dash.
  if (next) return { offset: from, length: next.offset - from, content: '' };
  return { offset: from, length: end(r) - from, content: single };
}

function dashOf(text: string, item: Range): number {
  const at = text.lastIndexOf('-', item.offset);
  return at >= lineStart(text, item.offset) ? at : item.offset;
}

function write(ctx: Ctx, c: HostChange): Edit | undefined {
  const { text, eol, unit } = ctx;
  switch (c.op) {
    case 'replace': {
      const style = quoteStyleAt(text, c.at.range.offset);
      const content = c.value !== null && typeof c.value === 'object' ? yamlFlow(c.value) : yamlScalar(c.value, style, inFlow(text, c.at.range.offset));
      return { offset: c.at.range.offset, length: c.at.range.length, content };
    }
    case 'rename-key':
      return { offset: c.at.keyRange.offset, length: c.at.keyRange.length, content: yamlScalar(c.key, quoteStyleAt(text, c.at.keyRange.offset)) };
    case 'remove-entry': {
      if (isFlow(text, c.parent)) return flowRemove(text, c.entry.range);
      const i = c.parent.entries.indexOf(c.entry);
      return blockRemove(ctx, c.entry.range.offset, c.entry.range, c.parent.entries[i + 1]?.keyRange, '{}');
    }
    case 'remove-item': {
      const item = c.parent.items[c.index];
      if (!item) return undefined;
      if (isFlow(text, c.parent)) return flowRemove(text, item.range);
      const dash = dashOf(text, item.range);
      const r = { offset: dash, length: end(item.range) - dash };
      if (c.parent.items.length === 1) return { offset: dash, length: r.length, content: '[]' };
      return blockRemove(ctx, dash, r, undefined, '');
    }
    case 'add-entry': {
      const { parent } = c;
      if (isFlow(text, parent) || parent.entries.length === 0) {
        const close = end(parent.range) - 1;
        const sep = parent.entries.length ? ', ' : '';
        return { offset: close, length: 0, content: `${sep}${yamlScalar(c.key, 'plain', true)}: ${yamlFlow(c.value)}` };
      }
      const first = parent.entries[0]!;
      const indent = ' '.repeat(column(text, first.keyRange.offset));
      const last = parent.entries[parent.entries.length - 1]!;
      const at = lineEnd(text, end(last.range));
      return { offset: at, length: 0, content: `${eol}${indent}${yamlScalar(c.key)}:${yamlBlockValue(c.value, indent + unit, unit, eol, 'plain')}` };
    }
    case 'insert-item': {
      const { parent } = c;
      if (isFlow(text, parent) || parent.items.length === 0) {
        const before = parent.items[c.index];
        if (before) return { offset: before.range.offset, length: 0, content: `${yamlFlow(c.value)}, ` };
        const close = end(parent.range) - 1;
        return { offset: close, length: 0, content: `${parent.items.length ? ', ' : ''}${yamlFlow(c.value)}` };
      }
      const dash = dashOf(text, parent.items[0]!.range);
      const indent = ' '.repeat(column(text, dash));
      const body = `${indent}- ${yamlItem(c.value, `${indent}  `, unit, eol, 'plain')}`;
      const before = parent.items[c.index];
      if (before) {
        const d = dashOf(text, before.range);
        if (onlySpaceBefore(text, d)) return { offset: lineStart(text, d), length: 0, content: `${body}${eol}` };
        return undefined;
      }
      const last = parent.items[parent.items.length - 1]!;
      return { offset: lineEnd(text, end(last.range)), length: 0, content: `${eol}${body}` };
    }
  }
}

/** Whether an offset sits inside a flow collection (a plain scalar there must avoid `,[]{}`). */
function inFlow(text: string, at: number): boolean {
  const line = text.slice(lineStart(text, at), at);
  let depth = 0;
  for (const ch of line) { if (ch === '[' || ch === '{') depth++; else if (ch === ']' || ch === '}') depth--; }
  return depth > 0;
}

/** Edits at one insertion point are joined in order; overlapping edits mean the change cannot be written. */
function combine(edits: Edit[]): Edit[] | undefined {
  const out: Edit[] = [];
  for (const e of edits) {
    const prev = out.find((o) => o.length === 0 && e.length === 0 && o.offset === e.offset);
    if (prev) { prev.content += e.content; continue; }
    if (out.some((o) => e.offset < o.offset + o.length && o.offset < e.offset + e.length)) return undefined;
    out.push({ ...e });
  }
  return out.sort((a, b) => a.offset - b.offset);
}

export const yamlWriter: HostWriter = {
  write(text, changes) {
    const f = detectFormatting(text);
    const ctx: Ctx = { text, eol: f.eol ?? '\n', unit: f.insertSpaces ? ' '.repeat(Math.max(2, Math.min(f.tabSize ?? 2, 4))) : '  ' };
    const edits: Edit[] = [];
    for (const c of changes) {
      const e = write(ctx, c);
      if (!e) return undefined;
      edits.push(e);
    }
    return combine(edits);
  },
};
