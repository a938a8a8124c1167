/**
 * Templated JSON (`*.json.tpl`, `*.tpl`, `*.j2`, and `*.json` with placeholders): `${name}` that is not an IAM
 * policy variable (IAM's have a `:` or are `${*}`, `${?}`, `${$}`) and `{{name}}` are holes. A hole where an ARN
 * has its account (`arn:aws:iam::${account_id}:root`) is this account; its Region or partition likewise. A
 * placeholder outside a string (`"Principal": {{ principal }}`) is an opaque value.
 */
import { findNodeAtOffset, getNodePath, parseTree, type Node, type ParseError } from 'jsonc-parser';
import { buildModel } from '../model';
import { runRules } from '../rules/run';
import { jsonSyntax } from '../rules/jsonSyntax';
import { hole, type HoleKind } from '../symbolic';
import { defaultSettings, type Finding } from '../types';
import type { Catalog } from '../catalog';
import { activeExtractors, fileName, type HostExtractor, type HostInput, type Reference } from './registry';
import type { HostEntry, HostValue, SiteKind } from './types';
import { minimalEdit, applyJsonChanges } from './writers/json';

const PLACEHOLDER = /\$\{(?![*?$]\})([^}:]*)\}|\{\{([^{}]*)\}\}/g;
const TEMPLATE_NAME = /\.(?:json\.tpl|tpl|j2|jinja2?)$/;

/** A hole's kind from where it sits: the account, Region or partition part of an ARN, the Region of a ViaService value. */
function kindAt(before: string, after: string): HoleKind {
  if (/(?:^|")arn:[^:"]*:[^:"]*:[^:"]*:$/.test(before)) return 'account';
  if (/(?:^|")arn:[^:"]*:[^:"]*:$/.test(before)) return 'region';
  if (/(?:^|")arn:$/.test(before)) return 'partition';
  if (/healthlake\.$/.test(before) && after.startsWith('.amazonaws.com')) return 'region';
  return 'opaque';
}

const holed = (value: string): string => value.replace(PLACEHOLDER, (_m, a: string | undefined, b: string | undefined, at: number, all: string) =>
  hole(kindAt(all.slice(0, at), all.slice(at + _m.length)), (a ?? b ?? '').trim()));

interface Sanitized { text: string; placeholders: { offset: number; length: number }[] }

/** Placeholders outside strings replaced by a same-length string, so the text parses and offsets stay the host's. */
function sanitize(text: string): Sanitized {
  const placeholders: Sanitized['placeholders'] = [];
  let out = '';
  let last = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && inString) { i++; continue; }
    if (c === '"') { inString = !inString; continue; }
    if (inString || (c !== '$' && c !== '{')) continue;
    PLACEHOLDER.lastIndex = i;
    const m = PLACEHOLDER.exec(text);
    if (!m || m.index !== i) continue;
    out += text.slice(last, i) + JSON.stringify('_'.repeat(Math.max(0, m[0].length - 2)));
    placeholders.push({ offset: i, length: m[0].length });
    last = i + m[0].length;
    i = last - 1;
  }
  return { text: out + text.slice(last), placeholders };
}

/** A JSON tree as a host value, placeholders as holes (none in a plain JSON policy's). */
export function convert(n: Node, s: Sanitized = { text: '', placeholders: [] }, depth = 0): HostValue {
  const range = { offset: n.offset, length: n.length };
  if (n.type === 'object' && depth < 100) {
    const entries: HostEntry[] = (n.children ?? []).flatMap((p) => {
      const [k, v] = p.children ?? [];
      return k && v ? [{ key: String(k.value), keyRange: { offset: k.offset, length: k.length }, value: convert(v, s, depth + 1), range: { offset: p.offset, length: p.length } }] : [];
    });
    return { type: 'object', range, entries };
  }
  if (n.type === 'array' && depth < 100) return { type: 'array', range, items: (n.children ?? []).map((c) => convert(c, s, depth + 1)) };
  if (n.type === 'string') {
    if (s.placeholders.some((p) => p.offset === n.offset)) return { type: 'string', range, value: hole('opaque', s.text.slice(n.offset, n.offset + n.length)), writable: false };
    return { type: 'string', range, value: holed(String(n.value)) };
  }
  if (n.type === 'number') return { type: 'number', range, value: Number(n.value) };
  if (n.type === 'boolean') return { type: 'boolean', range, value: Boolean(n.value) };
  return { type: 'null', range };
}

const hasPlaceholder = (text: string): boolean => { PLACEHOLDER.lastIndex = 0; return PLACEHOLDER.test(text); };

/** How another host file in the folder uses this one (Terraform's `file()` / `templatefile()`), if any does. */
function referencedBy(input: HostInput): Reference | undefined {
  if (!input.folder) return undefined;
  for (const e of activeExtractors(input.hosts)) {
    const r = e.referencedAs?.(input);
    if (r) return r;
  }
  return undefined;
}

export const templateJson: HostExtractor = {
  host: 'template-json',
  claims: (input) => {
    const name = fileName(input.uri);
    if (TEMPLATE_NAME.test(name)) return true;
    return name.endsWith('.json') && (hasPlaceholder(input.text) || referencedBy(input) !== undefined);
  },
  extract(input) {
    const s = sanitize(input.text);
    const errors: ParseError[] = [];
    const root = parseTree(s.text, errors, { allowTrailingComma: true });
    if (!root || root.type !== 'object') return undefined;
    const referenced = referencedBy(input);
    const detected = buildModel(s.text, 'auto').kind;
    const kind: SiteKind | undefined = referenced?.kind ?? (detected === 'not-a-policy' ? undefined : detected);
    if (!kind) return undefined;
    const syntax = buildModel(s.text, 'identity-policy');
    const findings: Finding[] = runRules([jsonSyntax], syntax, { catalog: undefined as unknown as Catalog, settings: defaultSettings });
    const value = convert(root, s, 0);
    const pathOf = (n: HostValue | HostEntry) => {
      const target = 'key' in n ? n.value.range : n.range;
      let at: Node | undefined = findNodeAtOffset(root, target.offset, true);
      while (at && !(at.offset === target.offset && at.length === target.length)) at = at.parent;
      return at ? getNodePath(at) : undefined;
    };
    const writer = {
      write(_text: string, changes: Parameters<typeof applyJsonChanges>[1]) {
        const next = applyJsonChanges(s.text, changes, pathOf);
        const edit = next === undefined ? undefined : minimalEdit(s.text, next);
        if (!edit) return next === undefined ? undefined : [];
        const touches = s.placeholders.some((p) => edit.offset < p.offset + p.length && p.offset < edit.offset + edit.length);
        return touches ? undefined : [edit];
      },
    };
    const name = referenced?.name ?? fileName(input.uri);
    return { host: 'template-json', sites: [{ name, kind, range: value.range, value, writer }], findings };
  },
};
