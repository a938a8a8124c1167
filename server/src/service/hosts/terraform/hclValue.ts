/**
 * HCL expressions as host values: the object syntax inside `jsonencode({...})` (`Key = value`, lists, nested
 * objects), strings with interpolations as holes, `c ? a : b` as a choice, and anything computed (`for`, function
 * calls, operators) as an opaque, unwritable value.
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

/** An object key: a bare identifier, a string, or (`(var.k)`) an expression shown as a hole. */
function objectKey(k: Node): string {
  const n = inner(k);
  if (n.type === 'variable_expr' && k.namedChildCount <= 1) return n.text;
  if (n.type === 'string_lit') return stringLiteral(n);
  return hole('opaque', k.text.trim());
}
