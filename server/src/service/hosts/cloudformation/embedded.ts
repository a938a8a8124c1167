/**
 * A policy given as a JSON string (`KeyPolicy: |` with JSON, a JSON string inside CloudFormation JSON, a `!Sub` of
 * JSON): the string decoded with a map from each character to its host offset (escape-aware), `Sub` variables
 * turned into holes, and the JSON parsed into host values whose ranges land on the exact host characters.
 */
import { parseTree, type Node, type ParseError, type JSONPath } from 'jsonc-parser';
import type { HostEntry, HostValue, Range } from '../types';
import type { Raw, ScalarStyle } from './raw';
import { holed } from '../placeholders';

/** `${AWS::AccountId}` in a JSON string outside `Fn::Sub` is not substituted: kept for the rules to see. */
const AWS_NAME = (name: string) => name.startsWith('AWS::');

/** Decoded text and, for each character (and the end), the host offset it came from. */
export interface Decoded {
  text: string;
  map: number[];
  style: ScalarStyle;
  /** Indentation of a block scalar's content lines. */
  indent?: string;
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '"': '"', '\\': '\\', '/': '/', '0': '\0', ' ': ' ' };

/** Decodes a scalar's host text with its offset map; undefined when the decoding does not give the parser's value. */
export function decodeScalar(hostText: string, raw: Raw & { kind: 'scalar' }): Decoded | undefined {
  const { offset, length } = raw.range;
  const src = hostText.slice(offset, offset + length);
  const out: string[] = [];
  const map: number[] = [];
  let indent: string | undefined;
  const push = (s: string, at: number) => { for (let i = 0; i < s.length; i++) { out.push(s[i]!); map.push(at + i); } };
  if (raw.style === 'double' || raw.style === 'json') {
    for (let i = 1; i < src.length - 1; i++) {
      const c = src[i]!;
      if (c !== '\\') { push(c, offset + i); continue; }
      const n = src[i + 1] ?? '';
      if (n === 'u') { push(String.fromCharCode(parseInt(src.slice(i + 2, i + 6), 16)), offset + i); i += 5; } else { push(ESCAPES[n] ?? n, offset + i); i++; }
    }
    map.push(offset + length - 1);
  } else if (raw.style === 'single') {
    for (let i = 1; i < src.length - 1; i++) {
      push(src[i]!, offset + i);
      if (src[i] === "'" && src[i + 1] === "'") i++;
    }
    map.push(offset + length - 1);
  } else if (raw.style === 'plain') {
    push(src, offset);
    map.push(offset + length);
  } else if (raw.style === 'literal') {
    const header = src.indexOf('\n');
    if (header < 0) return undefined;
    const lines = src.slice(header + 1).split('\n');
    indent = /^[ ]*/.exec(lines.find((l) => l.trim() !== '') ?? '')![0];
    let at = offset + header + 1;
    for (const line of lines) {
      const content = line.startsWith(indent) ? line.slice(indent.length) : line.trimStart();
      push(content, at + line.length - content.length);
      at += line.length + 1;
      if (at <= offset + length) push('\n', at - 1);
    }
    map.push(offset + length);
  } else return undefined;
  const text = out.join('');
  if (typeof raw.value !== 'string') return undefined;
  // Trailing newlines of a block scalar depend on chomping; what matters is that the JSON text agrees.
  if (text.trimEnd() !== raw.value.trimEnd()) return undefined;
  return { text, map, style: raw.style, indent };
}

/**
 * Sub variables of a decoded `!Sub` body as holes (quoted when outside a JSON string), the map kept exact. A `${`
 * whose `}` lies past a quote, a backslash or a line break names no variable (CloudFormation rejects it): it stays
 * literal text, so it cannot swallow the JSON around it.
 */
export function substitute(decoded: Decoded, value: (inner: string) => string): Decoded {
  const out: string[] = [];
  const map: number[] = [];
  const { text } = decoded;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '$' && text[i + 1] === '{') {
      const end = text.indexOf('}', i);
      if (end > 0 && !/["\\\r\n]/.test(text.slice(i + 2, end))) {
        const replaced = value(text.slice(i + 2, end));
        const s = inString || replaced.startsWith('${') ? replaced : JSON.stringify(replaced);
        for (const ch of s) { out.push(ch); map.push(decoded.map[i]!); }
        i = end;
        continue;
      }
    }
    if (c === '"' && text[i - 1] !== '\\') inString = !inString;
    out.push(c);
    map.push(decoded.map[i]!);
  }
  map.push(decoded.map[text.length]!);
  return { ...decoded, text: out.join(''), map };
}

export interface Embedded {
  value: HostValue | undefined;
  errors: ParseError[];
  /** Each host value's JSON path in the decoded text (for the embedded writer). */
  paths: Map<HostValue | HostEntry, JSONPath>;
  decoded: Decoded;
}

/** The decoded JSON as host values with host ranges. */
export function parseEmbedded(decoded: Decoded, writable: boolean): Embedded {
  const errors: ParseError[] = [];
  const root = parseTree(decoded.text, errors, { allowTrailingComma: true });
  const paths = new Map<HostValue | HostEntry, JSONPath>();
  const range = (n: { offset: number; length: number }): Range => {
    const start = decoded.map[n.offset] ?? 0;
    return { offset: start, length: (decoded.map[n.offset + n.length] ?? start) - start };
  };
  const convert = (n: Node, path: JSONPath, depth: number): HostValue => {
    const base = { range: range(n), ...(writable ? {} : { writable: false }) };
    let v: HostValue;
    if (n.type === 'object' && depth < 100) {
      const entries: HostEntry[] = (n.children ?? []).flatMap((p) => {
        const [k, val] = p.children ?? [];
        if (!k || !val) return [];
        const key = String(k.value);
        const entry: HostEntry = { key, keyRange: range(k), value: convert(val, [...path, key], depth + 1), range: range(p) };
        paths.set(entry, [...path, key]);
        return [entry];
      });
      v = { type: 'object', entries, ...base };
    } else if (n.type === 'array' && depth < 100) v = { type: 'array', items: (n.children ?? []).map((c, i) => convert(c, [...path, i], depth + 1)), ...base };
    else if (n.type === 'string') {
      // A placeholder of a tool that renders the template (Serverless, Jinja) is a hole no fix rewrites.
      const value = holed(String(n.value), AWS_NAME);
      v = { type: 'string', value, ...base, ...(value === n.value ? {} : { writable: false }) };
    }
    else if (n.type === 'number') v = { type: 'number', value: Number(n.value), ...base };
    else if (n.type === 'boolean') v = { type: 'boolean', value: Boolean(n.value), ...base };
    else v = { type: 'null', ...base };
    paths.set(v, path);
    return v;
  };
  return { value: root ? convert(root, [], 0) : undefined, errors, paths, decoded };
}
