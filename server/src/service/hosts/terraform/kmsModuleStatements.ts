/**
 * The KMS module's `key_statements` input as the statements its `dynamic "statement"` block renders: a list (or,
 * before major 4, also a map) of objects with `sid`, `effect` (Allow when unset), `actions` / `not_actions`,
 * `resources` / `not_resources`, `principals` / `not_principals` (lists of `{ type, identifiers }`) and the
 * conditions (`conditions` before major 4, `condition` from 4 on: lists of `{ test, variable, values }`).
 * An attribute that is null is unset; an element the file cannot know is a statement that may exist; a value
 * the file cannot know is a hole. Each node keeps the range of the input it was read from.
 */
import { hole } from '../../symbolic';
import type { HostEntry, HostValue, Range } from '../types';
import type { Finding } from '../../types';
import type { Attribute } from './hclNodes';
import { TERRAFORM_RULES } from './ruleInfo';
import { hclValue } from './hclValue';

type Obj = HostValue & { type: 'object' };
type Str = HostValue & { type: 'string' };

const FIELDS: Record<string, string> = { sid: 'Sid', effect: 'Effect', actions: 'Action', not_actions: 'NotAction', resources: 'Resource', not_resources: 'NotResource' };
const PRINCIPALS: Record<string, string> = { principals: 'Principal', not_principals: 'NotPrincipal' };
/** The statement attributes the module reads, so a map of statements is told from one statement. */
const STATEMENT_KEYS = new Set([...Object.keys(FIELDS), ...Object.keys(PRINCIPALS), 'condition', 'conditions']);

const mayExist = (v: HostValue, condition: string): HostValue => ({ type: 'choice', range: v.range, condition, branches: [v, { type: 'absent', range: v.range }] });

/**
 * A statement the file cannot read (a variable, a function call): one that may exist, whose every element is open,
 * so no rule calls it malformed and no verdict rests on it.
 */
export function unknownStatement(v: HostValue, condition: string): HostValue {
  const display = v.type === 'string' && isUnknown(v) ? v.value : hole('opaque', condition);
  const value: HostValue = { type: 'string', range: v.range, value: display, writable: false };
  const open = (key: string, x: HostValue = value): HostEntry => ({ key, keyRange: v.range, range: v.range, value: x });
  const principal: HostValue = { type: 'object', range: v.range, writable: false, entries: [open('AWS')] };
  return mayExist({ type: 'object', range: v.range, writable: false, entries: [open('Effect'), open('Action'), open('Resource'), open('Principal', principal)] }, condition);
}
const isUnknown = (v: HostValue): v is Str => v.type === 'string' && v.writable === false && v.value.startsWith('\uE010') && v.value.endsWith('\uE011');
const isNull = (v: HostValue | undefined) => v === undefined || v.type === 'null';

/** The statements `key_statements` renders, in order. */
export function keyStatements(a: Attribute, major: number | undefined, findings: Finding[]): HostValue[] {
  return statementList(hclValue(a.expr), { major, findings });
}

/** The pinned major (undefined: either form is read) and where findings about the input go. */
interface Reading { major: number | undefined; findings: Finding[] }

/** The elements of a list, or of a map of statements (iterated by `for_each`), or statements that may exist. */
function statementList(v: HostValue, r: Reading): HostValue[] {
  if (v.type === 'array') return v.items.map((x) => statement(x, r));
  if (v.type === 'object' && (r.major === undefined || r.major < 4) && v.entries.every((e) => !STATEMENT_KEYS.has(e.key))) return v.entries.map((e) => statement(e.value, r));
  if (v.type === 'null') return [];
  // `var.enabled ? [ {...} ] : []`: each branch's statements may exist.
  if (v.type === 'choice') return v.branches.flatMap((b) => (b.type === 'absent' ? [] : statementList(b, r).map((s) => (s.type === 'choice' ? s : mayExist(s, v.condition)))));
  return [unknownStatement(v, 'key_statements')];
}

/** One element of `key_statements` as a statement. */
function statement(v: HostValue, r: Reading): HostValue {
  if (v.type === 'choice') return { ...v, branches: v.branches.map((b) => (b.type === 'absent' ? b : statement(b, r))) };
  if (v.type !== 'object') return isUnknown(v) ? unknownStatement(v, 'key_statements') : v;
  const entries: HostEntry[] = [];
  const find = (key: string) => v.entries.find((e) => e.key === key);
  for (const [name, key] of Object.entries(FIELDS)) {
    const e = find(name);
    if (e && !isNull(e.value)) entries.push({ ...e, key });
    else if (key === 'Effect') entries.push({ key, keyRange: v.range, range: v.range, value: { type: 'string', range: v.range, value: 'Allow', writable: false } });
  }
  for (const [name, key] of Object.entries(PRINCIPALS)) {
    const e = find(name);
    const value = e && principals(e.value);
    if (e && value) entries.push({ key, keyRange: e.keyRange, range: e.range, value });
  }
  const e = conditionEntry(v, r);
  const value = e && conditions(e.value);
  if (e && value) entries.push({ key: 'Condition', keyRange: e.keyRange, range: e.range, value });
  return { type: 'object', range: v.range, entries };
}

/**
 * The entry the module reads conditions from: `conditions` before major 4, `condition` from 4 on (either when
 * unpinned). The other name, under a pin, is ignored by the module: the statement then applies without it.
 */
function conditionEntry(v: Obj, r: Reading): HostEntry | undefined {
  const names = r.major === undefined ? ['condition', 'conditions'] : r.major >= 4 ? ['condition'] : ['conditions'];
  const ignored = r.major === undefined ? undefined : v.entries.find((e) => !names.includes(e.key) && (e.key === 'condition' || e.key === 'conditions') && !isNull(e.value));
  if (ignored) r.findings.push(ignoredConditions(ignored, names[0]!, r.major!));
  return v.entries.find((e) => names.includes(e.key) && !isNull(e.value));
}

function ignoredConditions(e: HostEntry, read: string, major: number): Finding {
  const rule = TERRAFORM_RULES.moduleInput;
  return {
    ruleId: rule.id, severity: rule.defaultSeverity, offset: e.keyRange.offset, length: e.keyRange.length,
    message: `terraform-aws-modules/kms ${major}.x reads a key statement's conditions from \`${read}\` and ignores \`${e.key}\`${major >= 4 ? ' (its name before 4.0)' : ' (its name from 4.0)'}, so this statement applies with none of these conditions. Rename it to \`${read}\`.`,
    data: { fixes: [{ title: `Rename to ${read}`, edits: [{ ...e.keyRange, content: read }], preferred: true, safe: true }] },
  };
}

/** `[{ type, identifiers }]` as `{ AWS: [...], Service: [...] }` (`"*"` for one `*` of type `*`); a list it cannot read is a hole. */
function principals(v: HostValue): HostValue | undefined {
  if (v.type === 'null') return undefined;
  if (v.type !== 'array') return unknownPrincipal(v);
  if (!v.items.length) return undefined;
  const byType = new Map<string, { keyRange: Range; range: Range; values: HostValue[] }>();
  for (const item of v.items) {
    if (item.type !== 'object') return unknownPrincipal(v);
    const type = item.entries.find((e) => e.key === 'type');
    const ids = item.entries.find((e) => e.key === 'identifiers');
    const key = type?.value.type === 'string' ? type.value.value : hole('opaque', 'type');
    const slot = byType.get(key) ?? { keyRange: type?.value.range ?? item.range, range: item.range, values: [] };
    if (ids) slot.values.push(ids.value);
    byType.set(key, slot);
  }
  const star = byType.get('*')?.values[0];
  if (byType.size === 1 && star?.type === 'array' && star.items.length === 1 && star.items[0]!.type === 'string' && star.items[0]!.value === '*') return { ...star.items[0]!, writable: false };
  const entries = [...byType].map(([key, s]) => ({ key, keyRange: s.keyRange, range: s.range, value: merged(s.values, s.range) }));
  return { type: 'object', range: v.range, entries };
}

/** `[{ test, variable, values }]` as `{ test: { variable: values } }`, conditions of one test and key merged. */
function conditions(v: HostValue): HostValue | undefined {
  if (v.type === 'null') return undefined;
  if (v.type !== 'array') return unknownCondition(v);
  if (!v.items.length) return undefined;
  const byTest = new Map<string, { keyRange: Range; range: Range; keys: Map<string, { keyRange: Range; range: Range; values: HostValue[] }> }>();
  for (const item of v.items) {
    if (item.type !== 'object') return unknownCondition(v);
    const get = (k: string) => item.entries.find((e) => e.key === k)?.value;
    const test = get('test');
    const variable = get('variable');
    const values = get('values');
    const op = test?.type === 'string' ? test.value : hole('opaque', 'test');
    const key = variable?.type === 'string' ? variable.value : hole('opaque', 'variable');
    const slot = byTest.get(op) ?? { keyRange: test?.range ?? item.range, range: item.range, keys: new Map() };
    const k = slot.keys.get(key) ?? { keyRange: variable?.range ?? item.range, range: item.range, values: [] };
    if (values) k.values.push(values);
    slot.keys.set(key, k);
    byTest.set(op, slot);
  }
  const entries = [...byTest].map(([op, s]) => {
    const keys = [...s.keys].map(([key, k]) => ({ key, keyRange: k.keyRange, range: k.range, value: merged(k.values, k.range) }));
    return { key: op, keyRange: s.keyRange, range: s.range, value: { type: 'object', range: s.range, entries: keys } as HostValue };
  });
  return { type: 'object', range: v.range, entries };
}

/** Several `identifiers` / `values` lists as one (the one list itself, where there is one). */
function merged(values: readonly HostValue[], range: Range): HostValue {
  if (values.length === 1) return values[0]!;
  return { type: 'array', range, items: values.flatMap((v) => (v.type === 'array' ? v.items : [v])), writable: false };
}

/** Principals the file cannot read: one principal whose value is open (read as an AWS principal, the type a schema accepts). */
function unknownPrincipal(v: HostValue): HostValue {
  return { type: 'object', range: v.range, writable: false, entries: [{ key: 'AWS', keyRange: v.range, range: v.range, value: opaqueOf(v) }] };
}

/** Conditions the file cannot read: one condition whose operator, key and value are all open. */
function unknownCondition(v: HostValue): HostValue {
  const value = opaqueOf(v);
  const key = { key: hole('opaque', 'variable'), keyRange: v.range, range: v.range, value };
  return { type: 'object', range: v.range, writable: false, entries: [{ key: hole('opaque', 'test'), keyRange: v.range, range: v.range, value: { type: 'object', range: v.range, entries: [key], writable: false } }] };
}

/** A value as one hole (what the file cannot read), at its range. */
function opaqueOf(v: HostValue): Str {
  if (isUnknown(v)) return v;
  return { type: 'string', range: v.range, value: hole('opaque', 'key_statements'), writable: false };
}

