/**
 * Templated JSON (`*.json.tpl`, `*.tpl`, `*.j2`, and `*.json` with placeholders or CloudFormation intrinsics): every
 * kind of placeholder (placeholders.ts) is a hole. A hole where an ARN has its account
 * (`arn:aws:iam::${account_id}:root`) is this account; its Region or partition likewise. A placeholder outside a
 * string (`"Principal": {"AWS": ${admins}}`, `[${ids}]`) is an opaque value; a block marker (`{% if %}`,
 * `{{#each}}`, `%{ for }`) is removed, and what it wraps is a statement or value that may be absent. An intrinsic
 * object (`{"Ref": "AWS::AccountId"}`, `{"Fn::Sub": ...}`) in a policy that a CDK app or a pipeline loads is read as
 * CloudFormation reads it. A template that does not parse gets one finding and no policy verdict.
 */
import { findNodeAtOffset, getNodePath, parseTree, type Node, type ParseError } from 'jsonc-parser';
import { buildModel } from '../model';
import { runRules } from '../rules/run';
import { jsonSyntax } from '../rules/jsonSyntax';
import { hole } from '../symbolic';
import { defaultSettings, type Finding } from '../types';
import type { Catalog } from '../catalog';
import { activeExtractors, fileName, type HostExtractor, type HostInput, type Reference } from './registry';
import type { HostEntry, HostValue, SiteKind } from './types';
import { minimalEdit, applyJsonChanges } from './writers/json';
import { hasPlaceholders, holed, wholeHole, withBlocks } from './placeholders';
import { sanitizeJson, type Sanitized } from './templateText';
import { fromJson } from './cloudformation/raw';
import { intrinsicOf, resolve } from './cloudformation/intrinsics';

const TEMPLATE_NAME = /\.(?:json\.tpl|tpl|j2|jinja2?|mustache|hbs|handlebars)$/;
/** A CloudFormation intrinsic object (`{"Ref": ...}`, `{"Fn::Sub": ...}`), as a cheap text check. */
const INTRINSIC = /\{\s*"(?:Ref|Fn::[A-Za-z]+)"\s*:/;
const NO_FACTS = { facts: { parameters: new Set<string>(), resources: new Map<string, string>() } };

const NO_MARKERS: Sanitized = { text: '', markers: [], values: [], blanked: [], blocks: [], rewritten: [] };

/** A JSON tree as a host value, placeholders as holes (none in a plain JSON policy's). */
export function convert(n: Node, s: Sanitized = NO_MARKERS, depth = 0, vars?: ReadonlyMap<string, string>): HostValue {
  const range = { offset: n.offset, length: n.length };
  if (n.type === 'object' && depth < 100) {
    const pairs = n.children ?? [];
    if (pairs.length === 1 && pairs[0]!.children?.[0]?.value !== undefined) {
      const raw = fromJson(n);
      if (intrinsicOf(raw)) {
        const v = resolve(raw, NO_FACTS);
        return v.type === 'absent' ? { type: 'string', range, value: hole('opaque', 'AWS::NoValue'), writable: false } : v;
      }
    }
    const entries: HostEntry[] = pairs.flatMap((p) => {
      const [k, v] = p.children ?? [];
      return k && v ? [{ key: String(k.value), keyRange: { offset: k.offset, length: k.length }, value: convert(v, s, depth + 1, vars), range: { offset: p.offset, length: p.length } }] : [];
    });
    return { type: 'object', range, entries };
  }
  if (n.type === 'array' && depth < 100) return { type: 'array', range, items: (n.children ?? []).map((c) => convert(c, s, depth + 1, vars)) };
  if (n.type === 'string') {
    const unquoted = s.values.find((p) => p.offset === n.offset);
    if (unquoted) return { type: 'string', range, value: wholeHole(unquoted.display), writable: false };
    const value = holed(String(n.value), undefined, vars);
    // A value a template variable gave is not written here: a fix cannot change it in this file.
    return { type: 'string', range, value, ...(vars?.size && value !== holed(String(n.value)) ? { writable: false } : {}) };
  }
  if (n.type === 'number') return { type: 'number', range, value: Number(n.value) };
  if (n.type === 'boolean') return { type: 'boolean', range, value: Boolean(n.value) };
  return { type: 'null', range };
}

/**
 * The template's syntax findings: comments and trailing commas (one each, except a comma that a block marker's
 * output may follow), and of the errors only the first: after it the text cannot be followed, so nothing more is said.
 */
function syntaxFindings(text: string, s: Sanitized): Finding[] {
  const model = buildModel(s.text, 'identity-policy');
  const all = runRules([jsonSyntax], model, { catalog: undefined as unknown as Catalog, settings: defaultSettings });
  const errors = new Set(model.parseErrors.map((e) => e.offset));
  const beforeBlock = (offset: number) => s.blanked.some((m) => m.offset > offset && text.slice(offset + 1, m.offset).trim() === '');
  const first = all.find((f) => errors.has(f.offset));
  const note = s.markers.length ? ' (read with its placeholders as values; hlkms checks the policy once the template parses)' : '';
  return [
    ...(first ? [{ ...first, message: first.message + note }] : []),
    ...all.filter((f) => !errors.has(f.offset) && !(text[f.offset] === ',' && beforeBlock(f.offset))),
  ];
}

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
    return name.endsWith('.json') && (hasPlaceholders(input.text) || INTRINSIC.test(input.text) || referencedBy(input) !== undefined);
  },
  extract(input) {
    const s = sanitizeJson(input.text);
    const errors: ParseError[] = [];
    const root = parseTree(s.text, errors, { allowTrailingComma: true });
    if (!root || root.type !== 'object') return undefined;
    const referenced = referencedBy(input);
    const detected = buildModel(s.text, 'auto').kind;
    const kind: SiteKind | undefined = referenced?.kind ?? (detected === 'not-a-policy' ? undefined : detected);
    if (!kind) return undefined;
    const findings = syntaxFindings(input.text, s);
    if (errors.length) return { host: 'template-json', sites: [], findings };
    const value = withBlocks(convert(root, s, 0, referenced?.vars), s.blocks);
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
        // A placeholder the sanitized text holds as written may sit inside the edit; one it replaced must not.
        const touches = s.rewritten.some((p) => edit.offset < p.offset + p.length && p.offset < edit.offset + edit.length);
        return touches ? undefined : [edit];
      },
    };
    const name = referenced?.name ?? fileName(input.uri);
    return { host: 'template-json', sites: [{ name, kind, range: value.range, value, writer }], findings };
  },
};
