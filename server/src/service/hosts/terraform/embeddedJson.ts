/**
 * JSON written inside HCL: a heredoc (`<<EOT`, `<<-EOT`) or a quoted string. The HCL layer is decoded first (a
 * quoted string's escapes, `$${` / `%%{`), keeping for every decoded character its offset in the host file, so
 * each JSON value's range is exactly its source text; interpolations (`${...}`) become holes: inside a JSON string a
 * hole in the string, in a value's place an opaque value. A directive (`%{ for }`, `%{ if }`, `%{ endfor }`) inside
 * a string is a hole too; between values it is template control, not a value: it reads as white space, and a comma
 * the template may leave before a closing bracket (`%{ if !last },%{ endif }`) is accepted.
 */
import type { Node } from 'web-tree-sitter';
import { hole } from '../../symbolic';
import type { HostEntry, HostValue, Range } from '../types';
import { traversal } from './hclNodes';
import { holeFor } from './references';
import { mark, type JsonLayer } from './syntax';
import type { Block, Marker } from '../placeholders';

/** Stands in the decoded text for one interpolation or directive. */
const HOLE_CHAR = '\uE012';
const MAX_DEPTH = 128;

export interface JsonError {
  offset: number;
  length: number;
  message: string;
}

interface Decoded {
  text: string;
  /** Host offset of decoded character i; `at[text.length]` is the host end. */
  at: number[];
  holes: string[];
  /** Whether a directive stood between values (template control): then a trailing comma may be the template's. */
  directives?: boolean;
  /** What a `%{ for }` or `%{ if }` between values wraps may be absent (placeholders.ts `withBlocks`). */
  blocks: Block[];
}

/** Decodes the content of a heredoc or quoted template (its template parts) into JSON text with a host map. */
export function decodeTemplate(host: string, start: number, end: number, parts: readonly Node[], layer: JsonLayer): Decoded {
  const out: Decoded = { text: '', at: [], holes: [], blocks: [] };
  let chars: string[] = [];
  // Whether the decoded text so far ends inside a JSON string (a directive there is part of the string's value).
  let inString = false;
  let escaped = false;
  const push = (c: string, offset: number) => {
    chars.push(c);
    out.at.push(offset);
    if (escaped) escaped = false;
    else if (inString && c === '\\') escaped = true;
    else if (c === '"') inString = !inString;
  };
  const literal = (from: number, to: number) => {
    let i = from;
    while (i < to) {
      const c = host[i]!;
      if ((c === '$' || c === '%') && host[i + 1] === c && host[i + 2] === '{') {
        push(c, i);
        push('{', i + 2);
        i += 3;
      } else if (layer === 'string' && c === '\\' && i + 1 < to) {
        const e = host[i + 1]!;
        const u = e === 'u' ? 4 : e === 'U' ? 8 : 0;
        if (u) {
          const cp = parseInt(host.slice(i + 2, i + 2 + u), 16);
          const s = Number.isFinite(cp) && cp <= 0x10ffff ? String.fromCodePoint(cp) : '\uFFFD';
          for (const ch of s) push(ch, i); // a surrogate pair maps both halves to the escape
          i += 2 + u;
        } else {
          push(({ n: '\n', r: '\r', t: '\t' } as Record<string, string>)[e] ?? e, i);
          i += 2;
        }
      } else {
        push(c, i);
        i++;
      }
    }
  };
  let pos = start;
  /** Template control between values reads as white space: its markers blanked, an `else` branch left out. */
  const blank = (from: number, to: number) => {
    literal(pos, from);
    push(' ', from);
    out.directives = true;
    pos = to;
  };
  const marker = (c: Node): Marker => ({ kind: 'block', offset: c.startIndex, length: c.endIndex - c.startIndex, display: c.text.trim() });
  const control = (d: Node) => {
    const body = d.namedChildren[0];
    let skipping = false;
    let open: Marker | undefined;
    const close = (c: Node) => {
      if (open && !skipping) out.blocks.push({ open, close: marker(c) });
      open = undefined;
    };
    for (const c of body?.namedChildren ?? []) {
      if (/^template_(for_start|if_intro)$/.test(c.type)) { open = marker(c); blank(c.startIndex, c.endIndex); }
      else if (/^template_(for_end|if_end)$/.test(c.type)) { close(c); skipping = false; blank(c.startIndex, c.endIndex); }
      else if (c.type === 'template_else_intro') { close(c); skipping = true; blank(c.startIndex, c.endIndex); }
      else if (skipping) pos = Math.max(pos, c.endIndex);
      else if (c.type === 'template_interpolation' || c.type === 'template_directive') part(c);
    }
    if (pos < d.endIndex) blank(pos, d.endIndex);
  };
  const part = (p: Node) => {
    if (p.startIndex < pos || p.endIndex > end) return;
    literal(pos, p.startIndex);
    pos = p.startIndex;
    if (p.type === 'template_directive' && !inString) {
      control(p);
      return;
    }
    const expr = p.namedChildren.find((k) => k.type === 'expression');
    const ref = expr && traversal(expr);
    out.holes.push(p.type === 'template_directive' || !expr ? hole('opaque', p.text.trim()) : holeFor(ref ?? expr.text.trim(), ref !== undefined));
    push(HOLE_CHAR, p.startIndex);
    pos = p.endIndex;
  };
  for (const p of parts) if (p.type === 'template_interpolation' || p.type === 'template_directive') part(p);
  literal(pos, end);
  out.text = chars.join('');
  chars = [];
  out.at.push(end);
  return out;
}

/** Parses the decoded JSON into a host value, or a clear error at host offsets. */
export function parseEmbeddedJson(d: Decoded, layer: JsonLayer): { value?: HostValue; error?: JsonError } {
  const { text, at } = d;
  let i = 0;
  let holeIndex = 0;
  const syntax = { kind: 'json', layer } as const;
  const range = (from: number, to: number): Range => ({ offset: at[from]!, length: at[to]! - at[from]! });
  const fail = (message: string, from = i, to = Math.min(text.length, i + 1)): never => {
    throw Object.assign(new Error(message), { json: { offset: at[from]!, length: Math.max(0, at[to]! - at[from]!), message } });
  };
  const ws = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
  };
  const str = (): string => {
    let s = '';
    i++;
    for (;;) {
      if (i >= text.length) fail('This JSON string is not closed: add the closing `"`.', i - 1, i);
      const c = text[i]!;
      if (c === '"') break;
      if (c === HOLE_CHAR) s += d.holes[holeIndex++] ?? '';
      else if (c === '\\') {
        const e = text[i + 1];
        if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          s += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 4;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) s += ({ b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' } as Record<string, string>)[e] ?? e;
        else fail('This is not a valid JSON escape: write `\\\\` for a backslash.', i, Math.min(text.length, i + 2));
        i++;
      } else if (c < ' ') fail('A JSON string cannot span lines or hold control characters: write `\\n` or close the string.', i, i + 1);
      else s += c;
      i++;
    }
    i++;
    return s;
  };
  const value = (depth: number): HostValue => {
    ws();
    const from = i;
    if (depth > MAX_DEPTH) fail('The policy is nested too deeply to be a policy.');
    const c = text[i];
    if (c === undefined) fail('The policy JSON ends early: a value is missing here.', Math.max(0, i - 1), i);
    if (c === HOLE_CHAR) {
      i++;
      return mark({ type: 'string', range: range(from, i), value: d.holes[holeIndex++] ?? '', writable: false }, syntax);
    }
    if (c === '{') {
      i++;
      const entries: HostEntry[] = [];
      ws();
      if (text[i] === '}') return mark({ type: 'object', range: range(from, ++i), entries }, syntax);
      for (;;) {
        ws();
        const keyFrom = i;
        if (text[i] !== '"') fail('Expected a quoted key here (JSON keys are written "Key").');
        const key = str();
        const keyTo = i;
        ws();
        if (text[i] !== ':') fail('Expected `:` after the key.');
        i++;
        const v = value(depth + 1);
        entries.push(mark({ key, keyRange: range(keyFrom, keyTo), value: v, range: range(keyFrom, i) }, syntax));
        ws();
        if (text[i] === ',') { i++; ws(); if (d.directives && text[i] === '}') { i++; break; } continue; }
        if (text[i] === '}') { i++; break; }
        fail('Expected `,` or `}` here: a comma between entries, or the end of the object.');
      }
      return mark({ type: 'object', range: range(from, i), entries }, syntax);
    }
    if (c === '[') {
      i++;
      const items: HostValue[] = [];
      ws();
      if (text[i] === ']') return mark({ type: 'array', range: range(from, ++i), items }, syntax);
      for (;;) {
        items.push(value(depth + 1));
        ws();
        if (text[i] === ',') { i++; ws(); if (d.directives && text[i] === ']') { i++; break; } continue; }
        if (text[i] === ']') { i++; break; }
        fail('Expected `,` or `]` here: a comma between items, or the end of the list.');
      }
      return mark({ type: 'array', range: range(from, i), items }, syntax);
    }
    if (c === '"') {
      const s = str();
      return mark({ type: 'string', range: range(from, i), value: s }, syntax);
    }
    const m = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i, i + 64));
    if (!m) fail('This is not a JSON value: strings need double quotes.', i, Math.min(text.length, i + 1));
    i += m![0].length;
    const t = m![0];
    const r = range(from, i);
    return mark(t === 'true' || t === 'false' ? { type: 'boolean', range: r, value: t === 'true' } : t === 'null' ? { type: 'null', range: r } : { type: 'number', range: r, value: Number(t) }, syntax);
  };
  try {
    const v = value(0);
    ws();
    if (i < text.length) fail('Unexpected text after the end of the policy JSON.', i, Math.min(text.length, i + 1));
    return { value: v };
  } catch (e) {
    const json = (e as { json?: JsonError }).json;
    if (json) return { error: json };
    throw e;
  }
}
