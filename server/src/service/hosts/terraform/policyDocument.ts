/**
 * `data "aws_iam_policy_document"` as the policy it renders, located at the blocks and attributes that write it:
 * `statement` blocks (`sid`, `effect` defaulting to Allow, `actions` / `not_actions`, `resources` /
 * `not_resources`, `principals` / `not_principals { type, identifiers }`, `condition { test, variable, values }`
 * with blocks of the same test under one operator), `dynamic "statement"` as a statement that may be absent,
 * and `source_policy_documents` / `override_policy_documents` as opaque statements that may be there.
 * IAM policy variables are written `&{aws:username}` in this data source.
 */
import type { Node } from 'web-tree-sitter';
import { hole } from '../../symbolic';
import type { HostEntry, HostValue, Range } from '../types';
import { attributes, blockHead, blocksOf, bodyItems, inner, literalString, rangeOf } from './hclNodes';
import { hclValue, opaque } from './hclValue';
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

/** Principals blocks of one kind, merged by type: `{ AWS: [...], Service: [...] }`, or `"*"`. */
function principals(block: Range, items: readonly Node[], blockType: 'principals' | 'not_principals'): HostValue | undefined {
  const blocks = blocksOf(items, blockType);
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
function conditions(block: Range, items: readonly Node[]): HostValue | undefined {
  const blocks = blocksOf(items, 'condition');
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

/** One statement block (or a `dynamic` block's `content`) as a statement object. */
function statement(b: Node, head: Range): HostValue {
  const block = rangeOf(b);
  const items = bodyItems(b);
  const attrs = attributes(items);
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
  for (const [blockType, key] of [['principals', 'Principal'], ['not_principals', 'NotPrincipal']] as const) {
    const value = principals(block, items, blockType);
    if (!value) continue;
    const blocks = blocksOf(items, blockType);
    entries.push(entry(key, rangeOf(blocks[0]!.namedChildren[0]!), value, rangeOf(blocks[0]!), { is: 'blocks', block, blockType, blocks: blocks.map(rangeOf), nameRanges: blocks.map((x) => rangeOf(x.namedChildren[0]!)) }));
  }
  const cond = conditions(block, items);
  if (cond) {
    const blocks = blocksOf(items, 'condition');
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
  for (const name of ['source_policy_documents', 'override_policy_documents']) {
    const a = attrs.get(name);
    if (!a) continue;
    statements.push({ type: 'choice', range: rangeOf(a.node), condition: name, branches: [opaque(a.expr), { type: 'absent', range: rangeOf(a.node) }] });
    statementBlocks.push(rangeOf(a.node));
    statementKey ??= rangeOf(a.nameNode);
  }
  for (const b of items) {
    if (b.type !== 'block') continue;
    const { type, labels } = blockHead(b);
    if (type === 'statement') {
      statements.push(statement(b, rangeOf(b.namedChildren[0]!)));
      statementBlocks.push(rangeOf(b));
      statementKey ??= rangeOf(b.namedChildren[0]!);
    } else if (type === 'dynamic' && labels[0] === 'statement') {
      const content = blocksOf(bodyItems(b), 'content')[0];
      const forEach = attributes(bodyItems(b)).get('for_each');
      if (!content) continue;
      statementBlocks.push(rangeOf(b));
      statementKey ??= rangeOf(b.namedChildren[0]!);
      statements.push({ type: 'choice', range: rangeOf(b), condition: forEach ? inner(forEach.expr).text : 'dynamic "statement"', branches: [statement(content, rangeOf(b.namedChildren[0]!)), { type: 'absent', range: rangeOf(b) }] });
    }
  }
  const list = mark({ type: 'array', range: statementBlocks.length ? { offset: statementBlocks[0]!.offset, length: statementBlocks.at(-1)!.offset + statementBlocks.at(-1)!.length - statementBlocks[0]!.offset } : block, items: statements }, doc({ is: 'statements', block, items: statementBlocks }));
  entries.push(entry('Statement', statementKey ?? head, list, list.range, { is: 'attribute', block, name: 'statement', attribute: list.range }));
  return mark({ type: 'object', range: block, entries }, doc({ is: 'root', block }));
}
