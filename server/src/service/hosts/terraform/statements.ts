/**
 * Statement lists as Terraform composes them, for every reader of the host (jsonencode policies, the
 * `aws_iam_policy_document` data source, modules that take statements as inputs):
 *
 * - `statementList`: a `Statement` value read by hclValue (a tuple, `concat(...)`, `c ? [..] : []`, a `for`
 *   expression): its written statements are checked where they are written, and each element the file cannot know
 *   (`var.extra`, `local.statements`, a function's value) is statements that may exist (unknownStatements.ts);
 *   in a written statement, a principal or condition from a variable is one the file cannot know, and an element
 *   from a variable is unset (null) when its exclusive counterpart is written (statementShape).
 * - `mergeStatements`: the data source's merging of `source_policy_documents`, its own `statement` blocks and
 *   `override_policy_documents` (AWS provider documentation): source statements first; a statement with a `sid`
 *   replaces, in place, an earlier statement with the same `sid`; statements without one are appended.
 * - `mergedDocument`: a document's value with the documents it merges read from the same file, their statements
 *   keeping their own locations; documents it cannot read stay statements that may exist.
 * - `statementBlock` (policyDocument.ts): one `statement` block, or a `dynamic "statement"` block's `content`.
 */
import { holes, isWholeHole } from '../../symbolic';
import type { HostValue } from '../types';
import { markUnknown, unknownOrigin, unknownStatements } from '../unknownStatements';
import { copied } from './copied';
import { mark, syntaxOf } from './syntax';


/** A value read from an expression the file cannot know (a reference, a function call): one opaque hole. */
const isOpaque = (v: HostValue): v is HostValue & { type: 'string' } => v.type === 'string' && v.writable === false && isWholeHole(v.value);

const displayOf = (v: HostValue & { type: 'string' }) => holes(v.value)[0]?.display ?? '';

/** One element of a statement list: an opaque element is statements that may exist. */
function statementItem(v: HostValue, origin?: string): HostValue {
  if (isOpaque(v)) return unknownStatements(v.range, displayOf(v), origin);
  if (v.type === 'choice') return { ...v, branches: v.branches.map((b) => (b.type === 'absent' ? b : statementItem(b, origin))) };
  if (v.type === 'object') return statementShape(v);
  return v;
}

/** Of each pair, the second is what AWS accepts instead of the first. */
const EXCLUSIVE = [['Action', 'NotAction'], ['Resource', 'NotResource'], ['Principal', 'NotPrincipal']] as const;

/** An object whose keys and values the file cannot know, where `v` is written: `{ <key>: <value> }`, holes. */
function openObject(v: HostValue & { type: 'string' }, depth: number): HostValue {
  const value: HostValue = depth > 1 ? openObject(v, depth - 1) : v;
  return mark({ type: 'object', range: v.range, writable: false, entries: [mark({ key: v.value, keyRange: v.range, value, range: v.range }, { kind: 'hcl' })] }, { kind: 'hcl' });
}

/**
 * A written statement with what its variables give read for what they may be: a principal, a condition or an
 * operator's keys from a variable are principals and conditions the file cannot know (objects of holes, not
 * "a string where an object belongs"); of two exclusive elements, one from a variable (which may be null, and then
 * is not set) is dropped when the other is set.
 */
function statementShape(v: HostValue & { type: 'object' }): HostValue {
  let entries = v.entries;
  for (const [a, b] of EXCLUSIVE) {
    const ea = entries.find((e) => e.key === a);
    const eb = entries.find((e) => e.key === b);
    if (!ea || !eb) continue;
    const drop = isOpaque(eb.value) ? eb : isOpaque(ea.value) ? ea : undefined;
    if (drop) entries = entries.filter((e) => e !== drop);
  }
  entries = entries.map((e) => {
    if ((e.key === 'Principal' || e.key === 'NotPrincipal') && isOpaque(e.value)) return copyMarks(e, { ...e, value: openObject(e.value, 1) });
    if (e.key !== 'Condition') return e;
    if (isOpaque(e.value)) return copyMarks(e, { ...e, value: openObject(e.value, 2) });
    if (e.value.type !== 'object' || !e.value.entries.some((o) => isOpaque(o.value))) return e;
    const ops = e.value.entries.map((o) => (isOpaque(o.value) ? copyMarks(o, { ...o, value: openObject(o.value, 1) }) : o));
    return copyMarks(e, { ...e, value: copyMarks(e.value, { ...e.value, entries: ops }) });
  });
  return entries === v.entries ? v : copyMarks(v, { ...v, entries });
}

/** A `Statement` value with the elements the file cannot know read as statements that may exist. */
export function statementList(v: HostValue, origin?: string): HostValue {
  if (isOpaque(v)) return mark({ type: 'array', range: v.range, items: [unknownStatements(v.range, displayOf(v), origin)], writable: false }, { kind: 'hcl' });
  if (v.type === 'array') return copyMarks(v, { ...v, items: v.items.map((x) => statementItem(x, origin)) });
  if (v.type === 'choice') return { ...v, branches: v.branches.map((b) => (b.type === 'absent' ? b : statementList(b, origin))) };
  if (v.type === 'object') return statementShape(v);
  return v;
}

/** A policy (a `jsonencode` argument) whose `Statement` is read with statementList. */
export function withStatementList(policy: HostValue): HostValue {
  if (policy.type === 'choice') return { ...policy, branches: policy.branches.map((b) => (b.type === 'absent' ? b : withStatementList(b))) };
  if (policy.type !== 'object' || !policy.entries.some((e) => e.key === 'Statement')) return policy;
  return copyMarks(policy, { ...policy, entries: policy.entries.map((e) => (e.key === 'Statement' ? copyMarks(e, { ...e, value: statementList(e.value) }) : e)) });
}

function copyMarks<T extends HostValue | import('../types').HostEntry>(from: T, to: T): T {
  const syntax = syntaxOf(from);
  return syntax ? mark(to, syntax) : to;
}

/** A written statement's `Sid`, when it is a literal. */
function sidOf(v: HostValue): string | undefined {
  if (v.type !== 'object') return undefined;
  const sid = v.entries.find((e) => e.key === 'Sid')?.value;
  return sid?.type === 'string' && sid.value && !isWholeHole(sid.value) && !holes(sid.value).length ? sid.value : undefined;
}

/** The data source's merge: `sources` (their statements in order), then `own`, then `overrides`, by `sid`. */
export function mergeStatements(sources: readonly HostValue[], own: readonly HostValue[], overrides: readonly HostValue[]): HostValue[] {
  const out: HostValue[] = [...sources];
  const bySid = new Map<string, number>();
  out.forEach((x, i) => { const sid = sidOf(x); if (sid !== undefined && !bySid.has(sid)) bySid.set(sid, i); });
  for (const s of [...own, ...overrides]) {
    const sid = sidOf(s);
    const at = sid === undefined ? undefined : bySid.get(sid);
    if (at !== undefined) out[at] = s;
    else {
      if (sid !== undefined) bySid.set(sid, out.length);
      out.push(s);
    }
  }
  return out;
}

/** Past this many statements a merged document's further documents stay statements that may exist (IAM allows far fewer). */
const MAX_MERGED = 500;

const DOCUMENT = /^data\.aws_iam_policy_document\.([\w-]+)(?:\[[^\]]*\])?\.(?:minified_)?json$/;

/**
 * Statements of a document in another file, read where `at` (the reference to it) is written: every node at that
 * range and unwritable, each statement reported nowhere here (unknownStatements.ts: its own file reports it), yet
 * read for what it allows when deciding lockout and HealthLake verdicts.
 */
export function relocated(statements: readonly HostValue[], at: HostValue): HostValue[] {
  const range = at.range;
  const move = (v: HostValue): HostValue => {
    switch (v.type) {
      case 'object': return { type: 'object', range, writable: false, entries: v.entries.map((e) => ({ key: e.key, keyRange: range, range, value: move(e.value) })) };
      case 'array': return { type: 'array', range, writable: false, items: v.items.map(move) };
      case 'choice': return { ...v, range, branches: v.branches.map((b) => (b.type === 'absent' ? { type: 'absent', range } : move(b))) };
      default: return { ...v, range, writable: false };
    }
  };
  return statements.map((s) => {
    const out = move(s);
    return out.type === 'object' ? markUnknown(out, 'other-file') : out;
  });
}

/** The document a merged element names (`data.aws_iam_policy_document.base.json`), if it is one. */
export function mergedDocumentName(v: HostValue): string | undefined {
  if (unknownOrigin(v) === undefined || v.type !== 'object') return undefined;
  const effect = v.entries.find((e) => e.key === 'Effect')?.value;
  return effect?.type === 'string' ? DOCUMENT.exec(holes(effect.value)[0]?.display ?? '')?.[1] : undefined;
}

/**
 * A document's value with the documents it merges (`source_policy_documents`, `override_policy_documents`) that
 * `statementsOf` can read in place of their references, merged as the data source merges them; undefined when it
 * merges none that can be read. `statementsOf(name)` gives a document's statements (itself merged).
 */
export function mergedDocument(value: HostValue, statementsOf: (name: string, at: HostValue) => HostValue[] | undefined): HostValue | undefined {
  const statement = value.type === 'object' ? value.entries.find((e) => e.key === 'Statement') : undefined;
  if (!statement || statement.value.type !== 'array') return undefined;
  const items = statement.value.items;
  let count = items.length;
  const expand = (v: HostValue) => {
    const name = mergedDocumentName(v);
    const list = name !== undefined ? statementsOf(name, v) : undefined;
    if (!list || count + list.length > MAX_MERGED) return [v];
    count += list.length;
    return list;
  };
  if (!items.some((v) => { const n = mergedDocumentName(v); return n !== undefined && statementsOf(n, v) !== undefined; })) return undefined;
  const sources = items.filter((v) => unknownOrigin(v) === 'source').flatMap(expand);
  const overrides = items.filter((v) => unknownOrigin(v) === 'override').flatMap(expand);
  const own = items.filter((v) => unknownOrigin(v) !== 'source' && unknownOrigin(v) !== 'override');
  const merged = mergeStatements(sources, own, overrides);
  const out = copied(value, 0) as HostValue & { type: 'object' };
  const entry = out.entries.find((e) => e.key === 'Statement')!;
  const list = entry.value as HostValue & { type: 'array' };
  const role = syntaxOf(list);
  entry.value = { ...list, items: merged, writable: false };
  if (role?.kind === 'doc' && role.role.is === 'statements') mark(entry.value, { kind: 'doc', role: { ...role.role, items: merged.map((m) => m.range) } });
  return out;
}
