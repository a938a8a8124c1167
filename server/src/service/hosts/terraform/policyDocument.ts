/**
 * `data "aws_iam_policy_document"` as the policy it renders, located at the blocks and attributes that write it:
 * `statement` blocks (`sid`, `effect` defaulting to Allow, `actions` / `not_actions`, `resources` /
 * `not_resources`, `principals` / `not_principals { type, identifiers }`, `condition { test, variable, values }`
 * with blocks of the same test under one operator), `dynamic "statement"` as a statement that may be absent (its
 * `content` read with the loop's values as holes), and the elements of `source_policy_documents` /
 * `override_policy_documents` as statements that may exist, in the order the data source merges them (sources,
 * own statements, overrides; statements.ts merges the documents of the same file in their place).
 *
 * What exists only at plan time is never an error: `dynamic "principals"` / `"not_principals"` / `"condition"`
 * blocks are principals and conditions the file cannot know (a statement with them has principals; their
 * conditions may or may not hold); an attribute set to `null` is unset, and one set from a value that may be null
 * (`not_actions = statement.value.not_actions`) does not make the statement "both Action and NotAction".
 * IAM policy variables are written `&{aws:username}` in this data source.
 */
import type { Node } from 'web-tree-sitter';
import { hole } from '../../symbolic';
import type { HostEntry, HostValue, Range } from '../types';
import { attributes, blockHead, blocksOf, bodyItems, inner, literalString, rangeOf } from './hclNodes';
import { hclValue, listItems } from './hclValue';
import { statementList } from './statements';
import { mark, syntaxOf, type DocRole } from './syntax';

const LISTS: Record<string, string> = { actions: 'Action', not_actions: 'NotAction', resources: 'Resource', not_resources: 'NotResource' };
const doc = (role: DocRole) => ({ kind: 'doc', role }) as const;

/** Marks every node of an attribute's value as HCL where IAM variables are written `&{...}`, and decodes them. */
function ampValue(v: HostValue, list = false): HostValue {
  if (v.type === 'string' && v.writable !== false) v.value = v.value.replace(/&\{/g, '${');
  if (v.type === 'array') v.items.forEach((x) => ampValue(x));
  if (v.type === 'object') v.entries.forEach((e) => ampValue(e.value));
  if (v.type === 'choice') v.branches.forEach((b) => b.type !== 'absent' && ampValue(b));
  if (syntaxOf(v)?.kind === 'hcl') mark(v, { kind: 'hcl', amp: true, ...(list ? { list } : {}) });
  return v;
}

/** A list attribute's value (a single string renders as a one-item list). */
const listValue = (expr: Node): HostValue => ampValue(hclValue(expr), true);

function entry(key: string, keyRange: Range, value: HostValue, range: Range, role: DocRole): HostEntry {
  return mark({ key, keyRange, value, range }, doc(role));
}

/**
 * The nested blocks of a type: written ones, then the `content` of `dynamic` blocks of that type (each standing for
 * zero or more blocks whose values are the loop's, holes).
 */
export function nestedBlocks(items: readonly Node[], type: string): { blocks: Node[]; dynamic: boolean } {
  const written = blocksOf(items, type);
  const dynamic = items.flatMap((b) => {
    if (b.type !== 'block') return [];
    const { type: t, labels } = blockHead(b);
    return t === 'dynamic' && labels[0] === type ? blocksOf(bodyItems(b), 'content').slice(0, 1) : [];
  });
  return { blocks: [...written, ...dynamic], dynamic: written.length === 0 && dynamic.length > 0 };
}

/** Principals blocks of one kind, merged by type: `{ AWS: [...], Service: [...] }`, or `"*"`. */
function principals(block: Range, blocks: readonly Node[], blockType: 'principals' | 'not_principals'): HostValue | undefined {
  if (!blocks.length) return undefined;
  const byType = new Map<string, { blocks: Node[]; types: Range[]; values: HostValue[] }>();
  for (const b of blocks) {
    const attrs = attributes(bodyItems(b));
    const type = attrs.get('type');
    const ids = attrs.get('identifiers');
    const key = (type && literalString(type.expr)) ?? hole('opaque', type?.expr.text ?? 'type');
    const slot = byType.get(key) ?? { blocks: [], types: [], values: [] };
    slot.blocks.push(b);
    slot.types.push(type ? rangeOf(type.expr) : rangeOf(b));
    if (ids) slot.values.push(listValue(ids.expr));
    byType.set(key, slot);
  }
  const first = blocks[0]!;
  const only = byType.get('*');
  if (byType.size === 1 && only?.values.length === 1) {
    const v = only.values[0]!;
    if (v.type === 'array' && v.items.length === 1 && v.items[0]!.type === 'string' && v.items[0]!.value === '*') return { ...v.items[0]!, writable: false };
  }
  const entries = [...byType].map(([key, s]) => {
    const value: HostValue = s.values.length === 1 ? s.values[0]! : { type: 'array', range: rangeOf(s.blocks[0]!), items: s.values.flatMap((v) => (v.type === 'array' ? v.items : [v])), writable: false };
    const range = rangeOf(s.blocks[0]!);
    return entry(key, s.types[0]!, value, range, { is: 'block-key', block, blocks: s.blocks.map(rangeOf), keyValues: s.types });
  });
  return mark({ type: 'object', range: rangeOf(first), entries }, doc({ is: 'block-object', block, blockType }));
}

/** Condition blocks: `{ test: { variable: values } }`, blocks with the same test under one operator. */
function conditions(block: Range, blocks: readonly Node[]): HostValue | undefined {
  if (!blocks.length) return undefined;
  const byTest = new Map<string, { blocks: Node[]; tests: Range[]; keys: HostEntry[] }>();
  for (const b of blocks) {
    const attrs = attributes(bodyItems(b));
    const test = attrs.get('test');
    const variable = attrs.get('variable');
    const values = attrs.get('values');
    const op = (test && literalString(test.expr)) ?? hole('opaque', test?.expr.text ?? 'test');
    const slot = byTest.get(op) ?? { blocks: [], tests: [], keys: [] };
    slot.blocks.push(b);
    slot.tests.push(test ? rangeOf(test.expr) : rangeOf(b));
    const key = variable ? (literalString(variable.expr)?.replace(/&\{/g, '${') ?? hole('opaque', variable.expr.text)) : '';
    const value = values ? listValue(values.expr) : mark({ type: 'array', range: rangeOf(b), items: [], writable: false }, { kind: 'hcl' });
    const same = slot.keys.find((k) => k.key === key);
    if (same) same.value = { type: 'array', range: same.value.range, items: [same.value, value].flatMap((v) => (v.type === 'array' ? v.items : [v])), writable: false };
    else slot.keys.push(entry(key, variable ? rangeOf(variable.expr) : rangeOf(b), value, rangeOf(b), { is: 'condition-key', block: rangeOf(b), variable: variable ? rangeOf(variable.expr) : rangeOf(b) }));
    byTest.set(op, slot);
  }
  const entries = [...byTest].map(([op, s]) => {
    const value = mark({ type: 'object', range: rangeOf(s.blocks[0]!), entries: s.keys } as HostValue, doc({ is: 'operator', block, test: op }));
    return entry(op, s.tests[0]!, value, rangeOf(s.blocks[0]!), { is: 'block-key', block, blocks: s.blocks.map(rangeOf), keyValues: s.tests });
  });
  return mark({ type: 'object', range: rangeOf(blocks[0]!), entries }, doc({ is: 'block-object', block, blockType: 'condition' }));
}

/** Node types of values written in the file: anything else (a reference, a function's value) may be null. */
const WRITTEN = new Set(['tuple', 'object', 'string_lit', 'quoted_template', 'heredoc_template', 'numeric_lit', 'bool_lit']);
const mayBeNull = (expr: Node) => !WRITTEN.has(inner(expr).type);

/** The pairs of a statement only one of which AWS accepts. */
const EXCLUSIVE = [['actions', 'not_actions'], ['resources', 'not_resources']] as const;

/**
 * One statement block (or a `dynamic "statement"` block's `content`) as a statement object, located at its
 * attributes and nested blocks. `head` is where an entry the block leaves to its default is shown (its type).
 */
export function statementBlock(b: Node, head: Range): HostValue {
  const block = rangeOf(b);
  const items = bodyItems(b);
  // An attribute set to null is unset.
  const attrs = new Map([...attributes(items)].filter(([, a]) => inner(a.expr).type !== 'null_lit'));
  // Of two exclusive attributes, one set from a value that may be null is unset when the other is set.
  for (const pair of EXCLUSIVE) {
    const [a, b2] = pair.map((n) => attrs.get(n));
    if (!a || !b2) continue;
    if (mayBeNull(b2.expr)) attrs.delete(b2.name);
    else if (mayBeNull(a.expr)) attrs.delete(a.name);
  }
  const entries: HostEntry[] = [];
  const attr = (name: string, key: string, list: boolean) => {
    const a = attrs.get(name);
    if (!a) return;
    const value = list ? listValue(a.expr) : ampValue(hclValue(a.expr));
    entries.push(entry(key, rangeOf(a.nameNode), value, rangeOf(a.node), { is: 'attribute', block, name, attribute: rangeOf(a.node) }));
  };
  attr('sid', 'Sid', false);
  if (attrs.has('effect')) attr('effect', 'Effect', false);
  else entries.push(entry('Effect', head, { type: 'string', range: head, value: 'Allow', writable: false }, head, { is: 'attribute', block, name: 'effect', attribute: head }));
  for (const [name, key] of Object.entries(LISTS)) attr(name, key, true);
  const nested = { principals: nestedBlocks(items, 'principals'), not_principals: nestedBlocks(items, 'not_principals') };
  // Principals only `dynamic` blocks may give are not there when the statement writes the other kind.
  if (nested.principals.blocks.length && nested.not_principals.blocks.length) {
    if (nested.not_principals.dynamic) nested.not_principals = { blocks: [], dynamic: false };
    else if (nested.principals.dynamic) nested.principals = { blocks: [], dynamic: false };
  }
  for (const [blockType, key] of [['principals', 'Principal'], ['not_principals', 'NotPrincipal']] as const) {
    const { blocks } = nested[blockType];
    const value = principals(block, blocks, blockType);
    if (!value) continue;
    entries.push(entry(key, rangeOf(blocks[0]!.namedChildren[0]!), value, rangeOf(blocks[0]!), { is: 'blocks', block, blockType, blocks: blocks.map(rangeOf), nameRanges: blocks.map((x) => rangeOf(x.namedChildren[0]!)) }));
  }
  const { blocks: conditionBlocks } = nestedBlocks(items, 'condition');
  const cond = conditions(block, conditionBlocks);
  if (cond) {
    const blocks = conditionBlocks;
    entries.push(entry('Condition', rangeOf(blocks[0]!.namedChildren[0]!), cond, rangeOf(blocks[0]!), { is: 'blocks', block, blockType: 'condition', blocks: blocks.map(rangeOf), nameRanges: blocks.map((x) => rangeOf(x.namedChildren[0]!)) }));
  }
  return mark({ type: 'object', range: block, entries }, doc({ is: 'statement', block }));
}

/** The policy an `aws_iam_policy_document` data block renders, located at its blocks. */
export function policyDocument(data: Node): HostValue {
  const items = bodyItems(data);
  const attrs = attributes(items);
  const block = rangeOf(data);
  const head = rangeOf(data.namedChildren[0]!);
  const entries: HostEntry[] = [];
  const version = attrs.get('version');
  if (version) entries.push(entry('Version', rangeOf(version.nameNode), hclValue(version.expr), rangeOf(version.node), { is: 'attribute', block, name: 'version', attribute: rangeOf(version.node) }));
  else entries.push(entry('Version', head, { type: 'string', range: head, value: '2012-10-17', writable: false }, head, { is: 'attribute', block, name: 'version', attribute: head }));
  const id = attrs.get('policy_id');
  if (id) entries.push(entry('Id', rangeOf(id.nameNode), hclValue(id.expr), rangeOf(id.node), { is: 'attribute', block, name: 'policy_id', attribute: rangeOf(id.node) }));
  const statements: HostValue[] = [];
  const statementBlocks: Range[] = [];
  /** Where `Statement` itself is written: the first statement's block type (or attribute name). */
  let statementKey: Range | undefined;
  const merged = (name: string, origin: string) => {
    const a = attrs.get(name);
    if (!a) return;
    // Each element is a document's JSON the file cannot read here: statements that may exist.
    const list = statementList(mark({ type: 'array', range: rangeOf(a.expr), items: listItems(a.expr) }, { kind: 'hcl' }), origin);
    for (const item of list.type === 'array' ? list.items : []) {
      statements.push(item);
      statementBlocks.push(item.range);
    }
    statementKey ??= rangeOf(a.nameNode);
  };
  merged('source_policy_documents', 'source');
  for (const b of items) {
    if (b.type !== 'block') continue;
    const { type, labels } = blockHead(b);
    if (type === 'statement') {
      statements.push(statementBlock(b, rangeOf(b.namedChildren[0]!)));
      statementBlocks.push(rangeOf(b));
      statementKey ??= rangeOf(b.namedChildren[0]!);
    } else if (type === 'dynamic' && labels[0] === 'statement') {
      const content = blocksOf(bodyItems(b), 'content')[0];
      const forEach = attributes(bodyItems(b)).get('for_each');
      if (!content) continue;
      statementBlocks.push(rangeOf(b));
      statementKey ??= rangeOf(b.namedChildren[0]!);
      statements.push({ type: 'choice', range: rangeOf(b), condition: forEach ? inner(forEach.expr).text : 'dynamic "statement"', branches: [statementBlock(content, rangeOf(b.namedChildren[0]!)), { type: 'absent', range: rangeOf(b) }] });
    }
  }
  merged('override_policy_documents', 'override');
  // From the first to the last thing written that gives statements (overrides come last but may be written first).
  const start = Math.min(...statementBlocks.map((r) => r.offset));
  const end = Math.max(...statementBlocks.map((r) => r.offset + r.length));
  const list = mark({ type: 'array', range: statementBlocks.length ? { offset: start, length: end - start } : block, items: statements }, doc({ is: 'statements', block, items: statementBlocks }));
  entries.push(entry('Statement', statementKey ?? head, list, list.range, { is: 'attribute', block, name: 'statement', attribute: list.range }));
  return mark({ type: 'object', range: block, entries }, doc({ is: 'root', block }));
}
