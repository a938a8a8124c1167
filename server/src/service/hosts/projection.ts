/**
 * A site's policy as JSON: one variant of the host value tree (each choice resolved one way) rendered as JSON text,
 * with spans linking each projection node back to the host node it came from. The unchanged rules, evaluator, hover
 * and completion run on the projection's model; the spans carry their results back to host offsets.
 */
import { buildModel, type PolicyModel } from '../model';
import { hole } from '../symbolic';
import type { KindSetting } from '../types';
import type { HostEntry, HostValue, PolicySite, Range } from './types';
import { isUnknownStatements } from './unknownStatements';

export type Assignment = ReadonlyMap<string, number | 'opaque'>;

export interface Span {
  /** The projection node's range (a value, a key string, or a whole property). */
  offset: number;
  length: number;
  role: 'value' | 'key' | 'entry';
  host: Range;
  /** The host node (for `value`), or the entry (for `key` and `entry`). */
  value?: HostValue;
  entry?: HostEntry;
  /** For arrays: the host item index of each rendered item (absent items are skipped). */
  itemIndexes?: number[];
  /** The node sits inside a choice's branch (this variant chose it). */
  inBranch: boolean;
  /** A string whose host text is its value character for character: host offset of the projection's first content char. */
  linearHost?: number;
}

export interface Projection {
  text: string;
  /** Built on first use. */
  readonly model: PolicyModel;
  spans: Span[];
  /** Value spans by projection offset (keys and entries are separate: a property starts where its key does). */
  values: Map<number, Span>;
  keys: Map<number, Span>;
  assignment: Assignment;
  /** Projection ranges of statements that may exist (unknownStatements.ts): nothing is reported inside them. */
  unknown: Range[];
  /** The projection is the file itself (a plain JSON policy, json.ts): its offsets are the file's, no span maps them. */
  identity?: true;
}

interface RenderState {
  hostText: string;
  assignment: Assignment;
  spans: Span[];
  out: string[];
  length: number;
  /** Whether statements of this kind of policy name a principal (a statement that may exist then has one too). */
  principals: boolean;
  unknown: Range[];
}

const ABSENT = Symbol('absent');
/** The projection is laid out like the JSON policies the rules' fixes are written for (two spaces a level). */
const INDENT = Array.from({ length: 65 }, (_, i) => '  '.repeat(i));

/** Resolves a choice under an assignment: the chosen branch, ABSENT, or an opaque hole string. */
function resolve(value: HostValue, state: RenderState): HostValue | typeof ABSENT | { opaque: string } {
  if (value.type !== 'choice') return value;
  const pick = state.assignment.get(value.condition) ?? 0;
  if (pick === 'opaque') {
    if (value.branches.every((b) => b.type === 'string' || b.type === 'absent')) return { opaque: hole('opaque', value.condition) };
    const present = value.branches.find((b) => b.type !== 'absent') as HostValue | undefined;
    return present ? resolve(present, state) : ABSENT;
  }
  const branch = value.branches[Math.min(pick, value.branches.length - 1)];
  if (!branch || branch.type === 'absent') return ABSENT;
  return resolve(branch, state);
}

function emit(state: RenderState, s: string): void {
  state.out.push(s);
  state.length += s.length;
}

/** A string whose host text equals its value (quotes aside) maps offsets linearly. */
function linearStart(hostText: string, range: Range, value: string): number | undefined {
  const raw = hostText.slice(range.offset, range.offset + range.length);
  if (raw === value) return range.offset;
  const q = raw[0];
  if ((q === '"' || q === "'") && raw.length === value.length + 2 && raw.endsWith(q) && raw.slice(1, -1) === value) return range.offset + 1;
  return undefined;
}

function renderValue(value: HostValue, state: RenderState, inBranch: boolean, depth = 0): void {
  const start = state.length;
  const resolved = resolve(value, state);
  const branch = inBranch || value.type === 'choice';
  if (resolved === ABSENT) { emit(state, 'null'); return; }
  if ('opaque' in resolved) {
    emit(state, JSON.stringify(resolved.opaque));
    state.spans.push({ offset: start, length: state.length - start, role: 'value', host: value.range, value, inBranch: branch });
    return;
  }
  const span: Span = { offset: start, length: 0, role: 'value', host: resolved.range, value: resolved, inBranch: branch };
  state.spans.push(span);
  switch (resolved.type) {
    case 'object': {
      emit(state, '{');
      let first = true;
      const unknown = isUnknownStatements(resolved);
      for (const entry of resolved.entries) {
        if (unknown && entry.key === 'Principal' && !state.principals) continue;
        const v = resolve(entry.value, state);
        if (v === ABSENT) continue;
        emit(state, `${first ? '' : ','}\n${INDENT[depth + 1] ?? ''}`);
        first = false;
        const entryStart = state.length;
        const entrySpan: Span = { offset: entryStart, length: 0, role: 'entry', host: entry.range, entry, inBranch: branch };
        state.spans.push(entrySpan);
        const key = JSON.stringify(entry.key);
        const keySpan: Span = { offset: entryStart, length: key.length, role: 'key', host: entry.keyRange, entry, inBranch: branch };
        const kl = linearStart(state.hostText, entry.keyRange, entry.key);
        if (kl !== undefined && key.length === entry.key.length + 2) keySpan.linearHost = kl;
        state.spans.push(keySpan);
        emit(state, key);
        emit(state, ': ');
        renderValue(entry.value, state, branch, depth + 1);
        entrySpan.length = state.length - entryStart;
      }
      emit(state, first ? '}' : `\n${INDENT[depth] ?? ''}}`);
      if (unknown) state.unknown.push({ offset: start, length: state.length - start });
      break;
    }
    case 'array': {
      emit(state, '[');
      span.itemIndexes = [];
      resolved.items.forEach((item, index) => {
        if (resolve(item, state) === ABSENT) return;
        emit(state, `${span.itemIndexes!.length ? ',' : ''}\n${INDENT[depth + 1] ?? ''}`);
        span.itemIndexes!.push(index);
        renderValue(item, state, branch, depth + 1);
      });
      emit(state, span.itemIndexes.length ? `\n${INDENT[depth] ?? ''}]` : ']');
      break;
    }
    case 'string': {
      const s = JSON.stringify(resolved.value);
      if (s.length === resolved.value.length + 2) span.linearHost = linearStart(state.hostText, resolved.range, resolved.value);
      emit(state, s);
      break;
    }
    case 'number': emit(state, Number.isFinite(resolved.value) ? String(resolved.value) : JSON.stringify(String(resolved.value))); break;
    case 'boolean': emit(state, String(resolved.value)); break;
    case 'null': emit(state, 'null'); break;
  }
  span.length = state.length - start;
}

/** The model kind a site's kind is linted as. */
function modelKind(site: PolicySite): KindSetting {
  return site.kind === 'key-policy' ? 'key-policy' : site.kind === 'unknown' ? 'auto' : 'identity-policy';
}

/** Renders one variant of a site and builds its model (undefined when the whole policy is absent in this variant). */
export function project(hostText: string, site: PolicySite, assignment: Assignment): Projection | undefined {
  const principals = site.kind === 'key-policy' || site.kind === 'resource-policy' || site.kind === 'trust-policy';
  const state: RenderState = { hostText, assignment, spans: [], out: [], length: 0, principals, unknown: [] };
  if (resolve(site.value, state) === ABSENT) return undefined;
  renderValue(site.value, state, false);
  const text = state.out.join('');
  const values = new Map<number, Span>();
  const keys = new Map<number, Span>();
  for (const s of state.spans) {
    if (s.role === 'value') values.set(s.offset, s);
    else if (s.role === 'key') keys.set(s.offset, s);
  }
  let model: PolicyModel | undefined;
  // Built on first use: a site whose findings are cached needs no model unless hover or a fix asks for it.
  const modelOf = (): PolicyModel => {
    if (model) return model;
    model = buildModel(text, modelKind(site));
    if (site.kind === 'trust-policy' || site.kind === 'resource-policy') model.kind = 'resource-policy';
    if (site.kind === 'trust-policy') model.trustPolicy = true;
    if (site.kind === 'unknown' && model.kind === 'not-a-policy') model.kind = 'identity-policy';
    if (site.thisRegion) model.thisRegion = site.thisRegion;
    return model;
  };
  return { text, get model() { return modelOf(); }, spans: state.spans, values, keys, assignment, unknown: state.unknown };
}

/** The innermost span containing a projection range (ties: value over entry, key over entry). */
export function spanAt(p: Projection, offset: number, length: number): Span | undefined {
  let best: Span | undefined;
  for (const s of p.spans) {
    if (offset < s.offset || offset + length > s.offset + s.length) continue;
    if (!best || s.length < best.length || (s.length === best.length && s.role !== 'entry')) best = s;
  }
  return best;
}

/** A projection range in host offsets: exact characters inside a linear string, else the whole host node. */
export function toHost(p: Projection, offset: number, length: number): Range | undefined {
  const span = spanAt(p, offset, length);
  if (!span) return undefined;
  if (span.linearHost !== undefined && !(offset === span.offset && length === span.length)) {
    const contentStart = span.offset + 1;
    const contentEnd = span.offset + span.length - 1;
    if (offset >= contentStart && offset + length <= contentEnd) return { offset: span.linearHost + offset - contentStart, length };
  }
  return span.host;
}

/** A host offset in the projection: inside a linear string at the same character, else the start of the innermost node. */
export function fromHost(p: Projection, hostOffset: number): number | undefined {
  let best: Span | undefined;
  for (const s of p.spans) {
    if (s.role === 'entry') continue;
    if (hostOffset < s.host.offset || hostOffset > s.host.offset + s.host.length) continue;
    if (!best || s.host.length < best.host.length) best = s;
  }
  if (!best) return undefined;
  if (best.linearHost !== undefined) {
    const delta = hostOffset - best.linearHost;
    const contentLength = best.length - 2;
    if (delta >= 0 && delta <= contentLength) return best.offset + 1 + delta;
  }
  return best.offset + (best.length > 1 && (best.value?.type === 'string' || best.role === 'key') ? 1 : 0);
}
