/** Building fix edits with jsonc-parser `modify`, so the user's formatting survives. */
import { modify, type FormattingOptions, type JSONPath } from 'jsonc-parser';
import type { Node } from 'jsonc-parser';
import type { Edit } from './types';

/** Guesses the document's indentation (spaces or tabs, and how many) and line ending. */
export function detectFormatting(text: string): FormattingOptions {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const m = /\n([ \t]+)\S/.exec(text);
  if (!m) return { insertSpaces: true, tabSize: 2, eol };
  const indent = m[1]!;
  return indent.includes('\t') ? { insertSpaces: false, tabSize: 1, eol } : { insertSpaces: true, tabSize: indent.length, eol };
}

/** Edits that set (or, with `undefined`, remove) the value at a JSON path. */
export function setValue(text: string, path: JSONPath, value: unknown): Edit[] {
  return modify(text, path, value, { formattingOptions: detectFormatting(text) });
}

/** Edits that insert `value` into the array at `path` at `index` (-1: append). */
export function insertValue(text: string, path: JSONPath, index: number, value: unknown): Edit[] {
  return modify(text, [...path, index], value, { formattingOptions: detectFormatting(text), isArrayInsertion: true });
}

/** An edit replacing a whole node's text with `value` serialized as JSON (e.g. a string value). */
export function replaceNode(node: Node, value: unknown): Edit {
  return { offset: node.offset, length: node.length, content: JSON.stringify(value) };
}

/** The JSON path of a node (jsonc-parser's getNodePath, re-exported so callers need one import). */
export { getNodePath } from 'jsonc-parser';

/** Applies non-overlapping edits (offsets into `text`, as `modify` returns them) and returns the new text. */
export function applyEdits(text: string, edits: readonly Edit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.offset - a.offset)) out = out.slice(0, e.offset) + e.content + out.slice(e.offset + e.length);
  return out;
}
