/**
 * Placeholders of every templating tool, read the same way in every host: a placeholder is a hole (symbolic.ts)
 * whose known parts still count, a control block is text the renderer removes or repeats.
 *
 * - values: Terraform `${x}` (in `.tpl` files), CloudFormation-style `${AWS::AccountId}`, Serverless Framework
 *   `${self:...}`, `${opt:...}`, `${sls:...}`, `${env:...}`, `${ssm:...}`, `${cf:...}`, `${s3:...}`, `${param:...}`,
 *   `${file(...)}`, `${aws:accountId}`, `${aws:region}`, serverless-pseudo-parameters `#{AWS::AccountId}`,
 *   Jinja / Mustache / Handlebars `{{ x }}`, `{{{ x }}}`, and documentation placeholders (`<ACCOUNT_ID>`, an ARN
 *   whose account or Region is a word such as `ACCOUNT_ID` or `REGION`; `111122223333` is a real account id);
 * - blocks: Jinja `{% ... %}`, Terraform `%{ ... }`, Mustache / Handlebars `{{#x}}`, `{{/x}}`, `{{^x}}`, `{{else}}`;
 * - comments: Jinja `{# ... #}`, Mustache `{{! ... }}`.
 *
 * IAM's own policy variables stay variables: `${*}`, `${?}`, `${$}` and `${prefix:key}` (`${aws:username}`,
 * `${aws:PrincipalTag/team}`, `${saml:sub}`), except the Serverless variable sources above. Serverless's
 * `${aws:accountId}` and `${aws:region}` are not IAM's: neither is a global condition key (a test checks this against
 * the catalog), so IAM never substitutes them.
 */
import { hole, type HoleKind } from '../symbolic';
import type { HostValue, Range } from './types';

export type MarkerKind = 'value' | 'block' | 'comment';

export interface Marker {
  kind: MarkerKind;
  offset: number;
  length: number;
  /** What a value stands for, as the template names it (`account_id`, `self:custom.admins`). */
  display: string;
  /** For blocks: whether it opens (`{% if %}`), closes (`{% endif %}`) or does both (`{% else %}`). */
  opens?: boolean;
  closes?: boolean;
}

const MARKER = /\{\{\{([^{}]{0,500})\}\}\}|\{\{([#/^!>]?)([^{}]{0,500})\}\}|\{%([\s\S]{0,2000}?)%\}|\{#[\s\S]{0,2000}?#\}|%\{([^{}]{0,500})\}|[$#]\{((?:[^{}]|\{[^{}]{0,200}\}){0,500})\}|<([A-Za-z][A-Za-z0-9_ .-]{0,62})>/g;

/** Serverless Framework variable sources (`${self:...}`); other `${prefix:key}` are IAM policy variables. */
const SERVERLESS = /^(?:self|opt|sls|env|ssm|cf|s3|param|file|strToBool|git)\b[:(]/;
/** Serverless's `${aws:...}` variables: not IAM global condition keys, so not IAM policy variables. */
const SERVERLESS_AWS = new Set(['aws:accountid', 'aws:region']);

const NAMED: Record<string, HoleKind> = {
  'aws::accountid': 'account', 'aws:accountid': 'account', 'aws::region': 'region', 'aws:region': 'region', 'aws::partition': 'partition', 'aws::urlsuffix': 'urlsuffix',
};

/** Whether `${inner}` is one of IAM's policy variables, which IAM substitutes and a template must keep. */
export function isIamVariable(inner: string): boolean {
  const name = inner.trim();
  if (/^[*?$]$/.test(name)) return true;
  if (SERVERLESS.test(name) || SERVERLESS_AWS.has(name.toLowerCase())) return false;
  return /^[A-Za-z0-9.-]+:[^:]/.test(name);
}

const OPENS = /^\s*-?\s*(?:if|for|macro|block|call|filter|with|raw|set\s+\w+\s*$)\b/;
const CLOSES = /^\s*-?\s*end\w*\b/;
const MIDDLE = /^\s*-?\s*(?:else|elif|elsif)\b/;

function markerOf(m: RegExpExecArray): Marker | undefined {
  const [whole, triple, sigil, mustache, jinja, directive, dollar, doc] = m;
  const at = { offset: m.index, length: whole.length };
  if (triple !== undefined) return { kind: 'value', ...at, display: triple.trim() };
  if (mustache !== undefined) {
    const name = mustache.trim();
    if (sigil === '!') return { kind: 'comment', ...at, display: '' };
    if (sigil === '#' || sigil === '^') return { kind: 'block', ...at, display: name, opens: true };
    if (sigil === '/') return { kind: 'block', ...at, display: name, closes: true };
    if (/^else\b/.test(name)) return { kind: 'block', ...at, display: name, opens: true, closes: true };
    return { kind: 'value', ...at, display: name };
  }
  const control = jinja ?? directive;
  if (control !== undefined) {
    const body = control.replace(/^[-~]|[-~]$/g, '');
    const middle = MIDDLE.test(body);
    return { kind: 'block', ...at, display: body.trim(), opens: middle || OPENS.test(body), closes: middle || CLOSES.test(body) };
  }
  if (dollar !== undefined) {
    if (whole.startsWith('$') && isIamVariable(dollar)) return undefined;
    return { kind: 'value', ...at, display: dollar.trim() };
  }
  if (doc !== undefined) return { kind: 'value', ...at, display: doc };
  return { kind: 'comment', ...at, display: '' };
}

/** The placeholders, blocks and comments of a text, in order. */
export function scanMarkers(text: string): Marker[] {
  if (!mayHaveMarkers(text)) return [];
  const out: Marker[] = [];
  MARKER.lastIndex = 0;
  for (let m = MARKER.exec(text); m; m = MARKER.exec(text)) {
    const marker = markerOf(m);
    if (marker) out.push(marker);
    else MARKER.lastIndex = m.index + 1;
  }
  return out;
}

/** Cheap: whether a text may hold a marker at all. */
export const mayHaveMarkers = (text: string): boolean => /[$#%]\{|\{[{%#]|<[A-Za-z]/.test(text);

/** A hole's kind from its name (`AWS::AccountId`, Serverless's `aws:accountId`) or where it sits in an ARN. */
function kindOf(display: string, before: string, after: string): HoleKind {
  const named = NAMED[display.toLowerCase()];
  if (named) return named;
  if (/(?:^|")arn:[^:"]*:[^:"]*:[^:"]*:$/.test(before) && (after === '' || after.startsWith(':') || after.startsWith('"'))) return 'account';
  if (/(?:^|")arn:[^:"]*:[^:"]*:$/.test(before) && (after === '' || after.startsWith(':'))) return 'region';
  if (/(?:^|")arn:$/.test(before) && (after === '' || after.startsWith(':'))) return 'partition';
  if (/healthlake\.$/.test(before) && after.startsWith('.amazonaws.com')) return 'region';
  return 'opaque';
}

/** A placeholder that is a whole value (`"AWS": ${admins}`): this account, Region or partition by its name, else opaque. */
export const wholeHole = (display: string): string => hole(NAMED[display.toLowerCase()] ?? 'opaque', display);

/** A regional service name whose Region is an upper-case word (`healthlake.REGION.amazonaws.com`); `delivery.logs.amazonaws.com` is real. */
const DOC_SERVICE_REGION = /^([a-z0-9-]+\.)([A-Z][A-Z_]*)(\.amazonaws\.com(?:\.cn)?)$/;

/** An ARN whose Region or account field is a word (`REGION`, `ACCOUNT_ID`, `account-id`): a documentation placeholder. */
const DOC_ARN = /^(arn:[^:]*:[^:]*:)([^:]*)(:)([^:]*)(:)/;
const docWord = (field: string, account: boolean): boolean =>
  /^[A-Za-z_][A-Za-z0-9_-]*$/.test(field) && !(account && field === 'aws') && (account || !/\d/.test(field));

const mask = (value: string): string => value.replace(/\uE010[^\uE011]*\uE011/g, (h) => '\uE012'.repeat(h.length));

function docArn(value: string): string {
  // Fields are found with each hole masked (a hole's display may hold colons: `AWS::AccountId`).
  const m = DOC_ARN.exec(mask(value));
  if (!m) return value;
  const [whole, head, region, c1, account, c2] = m;
  const r = docWord(region!, false) ? hole('region', region!) : region!;
  const a = docWord(account!, true) ? hole('account', account!) : account!;
  return r === region && a === account ? value : head + r + c1 + a + c2 + value.slice(whole.length);
}

/**
 * A string value with each placeholder a hole (blocks and comments inside a string are opaque holes too). `literal`
 * keeps the `${name}` it accepts as written: in a CloudFormation string outside `!Sub`, `${AWS::AccountId}` or
 * `${Role.Arn}` is not substituted, which is a mistake for the rules to see. A `${name}` that `vars` gives a value
 * (Terraform's template variables) is that value.
 */
export function holed(value: string, literal?: (name: string) => boolean, vars?: ReadonlyMap<string, string>): string {
  const markers = scanMarkers(value).filter((m) => !(literal && m.kind === 'value' && value.startsWith('${', m.offset) && literal(m.display)));
  let out = '';
  let last = 0;
  for (const m of markers) {
    out += value.slice(last, m.offset);
    // Where it sits is read from the text before it, earlier holes masked (only near the start: an ARN is short).
    const before = out.length < 300 ? mask(out) : '\uE012';
    const given = m.kind === 'value' && value.startsWith('${', m.offset) ? vars?.get(m.display.trim()) : undefined;
    out += given ?? (m.kind === 'comment' ? '' : hole(m.kind === 'value' ? kindOf(m.display, before, value.slice(m.offset + m.length, m.offset + m.length + 20)) : 'opaque', m.display));
    last = m.offset + m.length;
  }
  return docArn(out + value.slice(last)).replace(DOC_SERVICE_REGION, (_m, head: string, word: string, tail: string) => head + hole('region', word) + tail);
}

/** Whether a text holds a placeholder (for deciding that a `.json` file is a template). */
export function hasPlaceholders(text: string): boolean {
  if (scanMarkers(text).length > 0) return true;
  return /"arn:[^:"]*:[^:"]*:[^:"]*:[^:"]*:/.test(text) && [...text.matchAll(/"(arn:[^"]{0,200})"/g)].some((m) => docArn(m[1]!) !== m[1]);
}

export interface Block { open: Marker; close: Marker }

/** Block markers paired (`{% if %}` with its `{% endif %}`; an `{% else %}` closes one and opens the next). */
export function pairBlocks(markers: readonly Marker[]): Block[] {
  const out: Block[] = [];
  const open: Marker[] = [];
  for (const m of markers) {
    if (m.kind !== 'block') continue;
    if (m.closes) { const o = open.pop(); if (o) out.push({ open: o, close: m }); }
    if (m.opens) open.push(m);
  }
  return out;
}

const end = (r: Range) => r.offset + r.length;
const encloses = (b: Block, r: Range) => end(b.open) <= r.offset && end(r) <= b.close.offset;

/**
 * A value with what a block wraps marked as possibly absent: an item or entry that a block encloses and its parent
 * does not (a statement inside `{% if %}` or `{{#each}}`) is a choice between itself and nothing.
 */
export function withBlocks(v: HostValue, blocks: readonly Block[], depth = 0): HostValue {
  if (!blocks.length || depth > 100) return v;
  const child = (c: HostValue): HostValue => {
    const inner = withBlocks(c, blocks, depth + 1);
    const block = blocks.find((b) => encloses(b, c.range) && !encloses(b, v.range));
    return block ? { type: 'choice', range: c.range, condition: block.open.display, branches: [inner, { type: 'absent', range: c.range }] } : inner;
  };
  if (v.type === 'object') return { ...v, entries: v.entries.map((e) => ({ ...e, value: child(e.value) })) };
  if (v.type === 'array') return { ...v, items: v.items.map(child) };
  if (v.type === 'choice') return { ...v, branches: v.branches.map((b) => (b.type === 'absent' ? b : withBlocks(b, blocks, depth + 1))) };
  return v;
}

/** CloudFormation's own `${...}` names (pseudo parameters, a template's parameters and resources): `Fn::Sub` syntax. */
export const cloudFormationName = (parameters: ReadonlySet<string>, resources: ReadonlyMap<string, string>) => (name: string): boolean =>
  name.startsWith('AWS::') || parameters.has(name) || resources.has(name.split('.')[0]!);
