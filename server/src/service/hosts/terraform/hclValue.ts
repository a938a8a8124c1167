/**
 * HCL expressions as host values: the object syntax inside `jsonencode({...})` (`Key = value`, lists, nested
 * objects), strings with interpolations as holes, `c ? a : b` as a choice, lists built by `concat`, `flatten`,
 * `compact`, `distinct`, `coalescelist`, `try` and `for` expressions as lists whose written elements are read where
 * they are written (listItems), `merge` of written objects as one object, and anything else computed (a variable,
 * another function, operators) as an opaque, unwritable value.
 */
import type { Node } from 'web-tree-sitter';
import { hole } from '../../symbolic';
import type { HostEntry, HostValue } from '../types';
import { decodeHclString, inner, rangeOf, stringLiteral, textOf, traversal } from './hclNodes';
import { holeFor } from './references';
import { mark } from './syntax';

const MAX_DEPTH = 64;

/** An opaque value standing for an expression whose value the file cannot know. */
export function opaque(n: Node, kindFromTraversal = false): HostValue {
  const text = n.text.replace(/\s+/g, ' ');
  return mark({ type: 'string', range: rangeOf(n), value: holeFor(kindFromTraversal ? n.text.replace(/\s+/g, '') : text, kindFromTraversal), writable: false }, { kind: 'hcl' });
}

/** The parts of a quoted or heredoc template as one string: literal text decoded, interpolations as holes. */
export function templateString(n: Node, heredoc: boolean): { value: string; holesOnly: boolean } {
  let value = '';
  let literal = false;
  let parts = 0;
  for (const c of n.namedChildren) {
    if (c.type === 'template_literal') {
      const raw = textOf(c);
      value += heredoc ? raw.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{') : decodeHclString(raw);
      literal ||= c.text.length > 0;
    } else if (c.type === 'template_interpolation') {
      const expr = c.namedChildren.find((k) => k.type === 'expression');
      const ref = expr && traversal(expr);
      value += expr ? holeFor(ref ?? expr.text.trim(), ref !== undefined) : '';
      parts++;
    } else if (c.type === 'template_directive') {
      value += hole('opaque', c.text.trim());
      parts++;
    }
  }
  return { value, holesOnly: !literal && parts === 1 };
}

/** Converts an HCL expression (inside `jsonencode`) to a host value. */
export function hclValue(expr: Node, depth = 0): HostValue {
  const n = inner(expr);
  const range = rangeOf(expr.type === 'expression' ? expr : n);
  if (depth > MAX_DEPTH) return opaque(n);
  switch (n.type) {
    case 'object': {
      const entries: HostEntry[] = [];
      for (const elem of n.namedChildren) {
        if (elem.type !== 'object_elem') continue;
        const [k, v] = elem.namedChildren.filter((c) => c.type === 'expression');
        if (!k || !v) continue;
        entries.push(mark({ key: objectKey(k), keyRange: rangeOf(k), value: hclValue(v, depth + 1), range: rangeOf(elem) }, { kind: 'hcl' }));
      }
      return mark({ type: 'object', range, entries }, { kind: 'hcl' });
    }
    case 'tuple':
      return mark({ type: 'array', range, items: n.namedChildren.filter((c) => c.type === 'expression').map((c) => hclValue(c, depth + 1)) }, { kind: 'hcl' });
    case 'string_lit':
      return mark({ type: 'string', range, value: stringLiteral(n) }, { kind: 'hcl' });
    case 'quoted_template':
    case 'heredoc_template': {
      if (n.hasError) return opaque(n);
      const { value, holesOnly } = templateString(n, n.type === 'heredoc_template');
      return mark({ type: 'string', range, value, ...(holesOnly ? { writable: false } : {}) }, { kind: 'hcl' });
    }
    case 'numeric_lit': {
      const value = Number(n.text);
      return Number.isFinite(value) ? mark({ type: 'number', range, value }, { kind: 'hcl' }) : opaque(n);
    }
    case 'bool_lit':
      return mark({ type: 'boolean', range, value: n.text === 'true' }, { kind: 'hcl' });
    case 'null_lit':
      return mark({ type: 'null', range }, { kind: 'hcl' });
    case 'function_call':
    case 'for_expr':
    case 'for_tuple_expr': {
      const fn = n.type === 'function_call' ? n.namedChildren[0]?.text ?? '' : 'for';
      if (fn === 'merge') return merged(n, range, depth) ?? opaque(n);
      if (fn !== 'for' && !LIST_FUNCTIONS.has(fn)) return opaque(n);
      // `try(var.x, null)`, `try(var.effect, "Allow")`: a value, not a list.
      if (fn === 'try' && !argumentsOf(n).some(isList)) return opaque(n);
      if (n.type === 'for_expr' && n.namedChildren[0]?.type !== 'for_tuple_expr') return opaque(n);
      return mark({ type: 'array', range, items: listItems(expr, depth + 1), writable: false }, { kind: 'hcl' });
    }
    case 'conditional': {
      const [cond, a, b] = n.namedChildren.filter((c) => c.type === 'expression');
      if (!cond || !a || !b) return opaque(n);
      return { type: 'choice', range, condition: cond.text.trim(), branches: [hclValue(a, depth + 1), hclValue(b, depth + 1)] };
    }
    default: {
      const ref = traversal(expr.type === 'expression' ? expr : n);
      return ref !== undefined ? opaque(expr.type === 'expression' ? expr : n, true) : opaque(expr.type === 'expression' ? expr : n);
    }
  }
}

/** Functions whose value is a list made of their arguments' elements (or of one argument's). */
const LIST_FUNCTIONS = new Set(['concat', 'flatten', 'compact', 'distinct', 'tolist', 'toset', 'coalescelist', 'try', 'reverse', 'sort']);
/** Of those, the ones that return one of their arguments (the first that works, or is not empty). */
const ALTERNATIVES = new Set(['coalescelist', 'try']);

const argumentsOf = (call: Node): Node[] => call.namedChildren.find((c) => c.type === 'function_arguments')?.namedChildren.filter((c) => c.type === 'expression') ?? [];

/**
 * The elements of an expression that builds a list, each where it is written: a tuple's elements, the elements of
 * `concat` / `flatten` / `compact` / `distinct` arguments, a `c ? [..] : [..]` (or `try` / `coalescelist`) as
 * elements that exist under one alternative (choices with `absent` branches), a `for` expression's body as an
 * element that may exist (zero or more of it). Anything else is one opaque element standing for elements the file
 * cannot know (zero or more: a statement list reads it as statements that may exist, see statementList).
 */
export function listItems(expr: Node, depth = 0, flatten = false): HostValue[] {
  let n = inner(expr);
  if (n.type === 'for_expr') n = n.namedChildren[0] ?? n;
  if (depth > MAX_DEPTH) return [opaque(n)];
  switch (n.type) {
    case 'tuple': {
      const elements = n.namedChildren.filter((c) => c.type === 'expression');
      return elements.flatMap((c) => (flatten && isList(c) ? listItems(c, depth + 1, true) : [hclValue(c, depth + 1)]));
    }
    case 'null_lit':
      return [];
    case 'conditional': {
      const [cond, a, b] = n.namedChildren.filter((c) => c.type === 'expression');
      if (!cond || !a || !b) return [opaque(n)];
      return alternatives(cond.text.trim(), [listItems(a, depth + 1, flatten), listItems(b, depth + 1, flatten)]);
    }
    case 'for_tuple_expr': {
      const body = n.namedChildren.find((c) => c.type === 'expression');
      if (!body) return [opaque(n)];
      // Zero or more elements, each the body with the loop's variables as holes.
      return [{ type: 'choice', range: rangeOf(n), condition: n.text.replace(/\s+/g, ' ').slice(0, 200), branches: [hclValue(body, depth + 1), { type: 'absent', range: rangeOf(n) }] }];
    }
    case 'function_call': {
      const fn = n.namedChildren[0]?.text ?? '';
      const args = argumentsOf(n);
      // `f(list...)` expands a list into arguments: its elements are unknown.
      if (!LIST_FUNCTIONS.has(fn) || !args.length || n.namedChildren.some((c) => c.type === 'function_arguments' && c.namedChildren.some((k) => k.type === 'ellipsis'))) break;
      if (ALTERNATIVES.has(fn)) return alternatives(n.text.replace(/\s+/g, ' ').slice(0, 200), args.map((a) => listItems(a, depth + 1, flatten)));
      return args.flatMap((a) => listItems(a, depth + 1, flatten || fn === 'flatten'));
    }
    default:
      break;
  }
  return [opaque(expr.type === 'expression' ? expr : n, traversal(expr) !== undefined)];
}

/** Whether an expression builds a list (flatten splices its elements). */
function isList(expr: Node): boolean {
  const n = inner(expr);
  return n.type === 'tuple' || n.type === 'for_expr' || (n.type === 'function_call' && LIST_FUNCTIONS.has(n.namedChildren[0]?.text ?? ''));
}

/** The elements of one of several lists, the one `condition` picks: each exists under its own alternative only. */
function alternatives(condition: string, lists: HostValue[][]): HostValue[] {
  return lists.flatMap((items, i) => items.map((item): HostValue => ({
    type: 'choice', range: item.range, condition,
    branches: lists.map((_, j) => (j === i ? item : { type: 'absent', range: item.range })),
  })));
}

/** `merge({...}, {...})` of written objects as one object (later keys win); undefined when an argument is not written. */
function merged(call: Node, range: HostValue['range'], depth: number): HostValue | undefined {
  const objects = argumentsOf(call).map((a) => hclValue(a, depth + 1));
  if (!objects.length || objects.some((o) => o.type !== 'object')) return undefined;
  const entries = new Map<string, HostEntry>();
  for (const o of objects) for (const e of (o as HostValue & { type: 'object' }).entries) { entries.delete(e.key); entries.set(e.key, e); }
  return mark({ type: 'object', range, entries: [...entries.values()], writable: false }, { kind: 'hcl' });
}

/** An object key: a bare identifier, a string, or (`(var.k)`) an expression shown as a hole. */
function objectKey(k: Node): string {
  const n = inner(k);
  if (n.type === 'variable_expr' && k.namedChildCount <= 1) return n.text;
  if (n.type === 'string_lit') return stringLiteral(n);
  return hole('opaque', k.text.trim());
}
