/** Small readers of the tree-sitter HCL tree: blocks, labels, attributes, traversals, string literals. */
import type { Node } from 'web-tree-sitter';
import type { Range } from '../types';

export const rangeOf = (n: Node): Range => ({ offset: n.startIndex, length: n.endIndex - n.startIndex });

/** The file being read: the parser read `parseable(text)`, whose IAM variables differ from what the author wrote. */
let source: string | undefined;

/** Runs `fn` with `text` as the file being read. */
export function withSource<T>(text: string, fn: () => T): T {
  const outer = source;
  source = text;
  try {
    return fn();
  } finally {
    source = outer;
  }
}

/** A node's text as the author wrote it. */
export const textOf = (n: Node): string => (source === undefined ? n.text : source.slice(n.startIndex, n.endIndex));

/** The decoded text of a string literal's parts. */
export const stringLiteral = (n: Node): string => decodeHclString(n.namedChildren.filter((c) => c.type === 'template_literal').map(textOf).join(''));

/** The node an `expression` wrapper holds, when it holds exactly one (not a traversal such as `a.b.c`). */
export function inner(expr: Node): Node {
  let n = expr;
  while (n.type === 'expression' && n.namedChildCount === 1) n = n.namedChildren[0]!;
  if (n.type === 'expression' && n.namedChildCount > 1) return n;
  if (n.type === 'collection_value' || n.type === 'literal_value' || n.type === 'template_expr') return n.namedChildren[0] ?? n;
  return n;
}

/** `a.b.c` when the node is a plain traversal (variable with attribute / index steps), else undefined. */
export function traversal(expr: Node): string | undefined {
  const n = expr.type === 'expression' ? expr : undefined;
  if (!n) return expr.type === 'variable_expr' ? expr.text : undefined;
  const kids = n.namedChildren;
  if (kids[0]?.type !== 'variable_expr') return undefined;
  if (!kids.slice(1).every((k) => k.type === 'get_attr' || k.type === 'index')) return undefined;
  return n.text.replace(/\s+/g, '');
}

/** A block's type (`resource`, `statement`) and labels (`aws_kms_key`, `k`). */
export function blockHead(block: Node): { type: string; labels: string[] } {
  const kids = block.namedChildren;
  const labels: string[] = [];
  for (const k of kids.slice(1)) {
    if (k.type === 'string_lit') labels.push(k.namedChildren.find((c) => c.type === 'template_literal')?.text ?? '');
    else if (k.type === 'identifier') labels.push(k.text);
    else break;
  }
  return { type: kids[0]?.text ?? '', labels };
}

/** A block's body children (attributes and blocks), or none for an empty block. */
export const bodyItems = (block: Node): Node[] => block.namedChildren.find((c) => c.type === 'body')?.namedChildren ?? [];

export interface Attribute {
  name: string;
  node: Node;
  nameNode: Node;
  expr: Node;
}

/** The attributes of a block (or of a config file's body). */
export function attributes(items: readonly Node[]): Map<string, Attribute> {
  const out = new Map<string, Attribute>();
  for (const a of items) {
    if (a.type !== 'attribute') continue;
    const nameNode = a.namedChildren[0];
    const expr = a.namedChildren[1];
    if (nameNode && expr && !out.has(nameNode.text)) out.set(nameNode.text, { name: nameNode.text, node: a, nameNode, expr });
  }
  return out;
}

/** The nested blocks of the given type (`statement`, `condition`). */
export const blocksOf = (items: readonly Node[], type: string): Node[] =>
  items.filter((b) => b.type === 'block' && b.namedChildren[0]?.text === type);

/** The decoded value of a quoted string with no interpolation, or undefined. */
export function literalString(expr: Node): string | undefined {
  const n = inner(expr);
  return n.type === 'string_lit' ? stringLiteral(n) : undefined;
}

/** HCL quoted-string escapes: `\n \r \t \" \\ \uNNNN \UNNNNNNNN`, and `$${` / `%%{` for literal `${` / `%{`. */
export function decodeHclString(raw: string): string {
  return raw.replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)|\$\$\{|%%\{/g, (m, e: string | undefined) => {
    if (m === '$${') return '${';
    if (m === '%%{') return '%{';
    switch (e![0]) {
      case 'n': return '\n';
      case 'r': return '\r';
      case 't': return '\t';
      case 'u': case 'U': return String.fromCodePoint(parseInt(e!.slice(1), 16));
      default: return e!;
    }
  });
}

/** A string in HCL quoted syntax (without the quotes): escapes, and `${` / `%{` doubled so they stay literal. */
export const escapeHclString = (s: string): string =>
  s.replace(/[\\"\n\r\t]/g, (c) => ({ '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c]!).replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');

/**
 * Every block at the top of a config file: `resource "t" "n" {...}`, `data "t" "n" {...}`. A syntax error
 * elsewhere in the file wraps the top level in an ERROR node: the blocks that parsed are still read.
 */
export function topBlocks(root: Node): Node[] {
  const out: Node[] = [];
  const visit = (n: Node) => {
    for (const c of n.namedChildren) {
      if (c.type === 'block') out.push(c);
      else if (c.type === 'body' || c.type === 'ERROR') visit(c);
    }
  };
  visit(root);
  return out;
}
