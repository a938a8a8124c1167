/**
 * Values written in the host's syntax: HCL (`Key = value`, HCL string escaping, `$${` / `%%{`, IAM variables as
 * `&{...}` inside an `aws_iam_policy_document`), or JSON inside a heredoc or a quoted HCL string. Holes
 * (symbolic.ts) are written back as the interpolation they came from.
 */
import { HOLE_END, HOLE_START, isWholeHole } from '../../symbolic';
import { escapeHclString } from './hclNodes';
import type { JsonLayer } from './syntax';

const HOLE = new RegExp(`${HOLE_START}[^|${HOLE_END}]*\\|([^${HOLE_END}]*)${HOLE_END}`, 'g');
const IDENT = /^[A-Za-z_][A-Za-z0-9_-]*$/;

export interface Dialect {
  string(s: string): string;
  key(k: string, quotedBefore?: boolean): string;
  pair(k: string, v: string): string;
  /** Entries of a multi-line object need a comma between them. */
  entryCommas: boolean;
}

/** `literal` escaped by `escape`, holes written as `${display}` (a whole-hole HCL value as the bare expression). */
function withHoles(s: string, escape: (lit: string) => string): string {
  let out = '';
  let last = 0;
  for (const m of s.matchAll(HOLE)) {
    out += escape(s.slice(last, m.index)) + '${' + m[1] + '}';
    last = m.index + m[0].length;
  }
  return out + escape(s.slice(last));
}

export function hclDialect(amp = false): Dialect {
  return {
    string: (s) => {
      if (isWholeHole(s)) return s.replace(HOLE, (_, d: string) => d);
      return `"${withHoles(s, (lit) => {
        const e = escapeHclString(lit);
        return amp ? e.replace(/\$\$\{/g, () => '&{') : e;
      })}"`;
    },
    key: (k, quoted) => (!quoted && IDENT.test(k) ? k : `"${escapeHclString(k)}"`),
    pair: (k, v) => `${k} = ${v}`,
    entryCommas: false,
  };
}

/** JSON escapes, then what the layer needs: `$${` / `%%{` in a heredoc; HCL string escaping in a quoted string. */
export function jsonDialect(layer: JsonLayer): Dialect {
  const template = (s: string) => s.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
  const lit = (s: string) => {
    const json = template(JSON.stringify(s).slice(1, -1));
    return layer === 'string' ? json.replace(/[\\"]/g, (c) => `\\${c}`) : json;
  };
  const q = layer === 'string' ? '\\"' : '"';
  return {
    string: (s) => `${q}${withHoles(s, lit)}${q}`,
    key: (k) => `${q}${withHoles(k, lit)}${q}`,
    pair: (k, v) => `${k}: ${v}`,
    entryCommas: true,
  };
}

const isScalar = (v: unknown) => v === null || typeof v !== 'object';

/** A JSON-shaped value in the dialect; nested lines start with `indent` plus `step` per level. */
export function renderValue(v: unknown, d: Dialect, indent: string, step: string, eol = '\n'): string {
  if (typeof v === 'string') return d.string(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null || v === undefined) return 'null';
  const inner = indent + step;
  if (Array.isArray(v)) {
    if (v.every(isScalar)) return `[${v.map((x) => renderValue(x, d, indent, step, eol)).join(', ')}]`;
    return `[${eol}${v.map((x) => inner + renderValue(x, d, inner, step, eol)).join(`,${eol}`)}${eol}${indent}]`;
  }
  const entries = Object.entries(v as Record<string, unknown>);
  if (!entries.length) return '{}';
  const sep = d.entryCommas ? `,${eol}` : eol;
  return `{${eol}${entries.map(([k, x]) => inner + d.pair(d.key(k), renderValue(x, d, inner, step, eol))).join(sep)}${eol}${indent}}`;
}

/** The leading whitespace of the line holding `offset`. */
export function lineIndent(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(start, offset))![0];
}

/** One level of indentation as the file writes it (a tab, or the smallest space step seen). */
export function indentStep(text: string): string {
  if (/\n\t/.test(text)) return '\t';
  const m = /\n( +)\S/.exec(text);
  return m && m[1]!.length <= 4 ? m[1]! : '  ';
}

export const eolOf = (text: string): string => (text.includes('\r\n') ? '\r\n' : '\n');
