/**
 * The parse tree of plain JSON (no comments, no trailing comma, no error anywhere), node for node what
 * jsonc-parser's `parseTree` builds: same types, offsets, lengths, values, colon offsets and parents. Its scanner
 * makes a string of every token, whitespace included (character by character): on a pretty-printed policy that
 * was most of what a parse allocated. Anything else is left to jsonc-parser, whose errors and recovery rules apply.
 */
import type { Node } from 'jsonc-parser';

/** Thrown inside the parser: the text is not plain JSON. */
const NOT_PLAIN = new Error('not plain JSON');

const isDigit = (c: number) => c >= 48 && c <= 57;
const NONE: Node[] = [];

/**
 * A node while it is built (jsonc-parser's are read-only). Its children are set once they are all read, as an array
 * of their exact number: a tree lives as long as its document's analysis, and an array grown by `push` keeps room for
 * 17 elements where a property has 2.
 */
type Building = { -readonly [K in keyof Node]: Node[K] } & { children: Node[] };

/** The tree of `text` when it is plain JSON, else undefined (read it with jsonc-parser). */
export function plainJsonTree(text: string): Node | undefined {
  const len = text.length;
  let pos = 0;

  const fail = (): never => {
    throw NOT_PLAIN;
  };
  const skip = () => {
    for (let c = text.charCodeAt(pos); c === 32 || c === 9 || c === 10 || c === 13; c = text.charCodeAt(++pos));
  };

  function string(): string {
    const start = pos++;
    let escaped = false;
    for (;;) {
      if (pos >= len) fail();
      const c = text.charCodeAt(pos);
      if (c === 34) break;
      if (c < 0x20) fail();
      if (c === 92) {
        escaped = true;
        pos += 2;
      } else pos++;
    }
    pos++;
    if (!escaped) return text.slice(start + 1, pos - 1);
    try {
      return JSON.parse(text.slice(start, pos)) as string;
    } catch {
      return fail();
    }
  }

  function digits(): void {
    if (!isDigit(text.charCodeAt(pos))) fail();
    while (isDigit(text.charCodeAt(pos))) pos++;
  }

  function number(): number {
    const start = pos;
    if (text.charCodeAt(pos) === 45) pos++;
    if (text.charCodeAt(pos) === 48) pos++;
    else digits();
    if (text.charCodeAt(pos) === 46) {
      pos++;
      digits();
    }
    const e = text.charCodeAt(pos);
    if (e === 101 || e === 69) {
      const sign = text.charCodeAt(++pos);
      if (sign === 43 || sign === 45) pos++;
      digits();
    }
    return Number(text.slice(start, pos));
  }

  const literal = (word: string): boolean => {
    if (!text.startsWith(word, pos)) fail();
    pos += word.length;
    return true;
  };

  function value(parent: Node | undefined): Node {
    skip();
    const offset = pos;
    const c = text.charCodeAt(pos);
    if (c === 123) return object(parent);
    if (c === 91) return array(parent);
    if (c === 34) {
      const v = string();
      return { type: 'string', offset, length: pos - offset, parent, value: v } as Node;
    }
    if (c === 45 || isDigit(c)) {
      const v = number();
      return { type: 'number', offset, length: pos - offset, parent, value: v } as Node;
    }
    if (c === 116 && literal('true')) return { type: 'boolean', offset, length: 4, parent, value: true } as Node;
    if (c === 102 && literal('false')) return { type: 'boolean', offset, length: 5, parent, value: false } as Node;
    if (c === 110 && literal('null')) return { type: 'null', offset, length: 4, parent, value: null } as Node;
    return fail();
  }

  function object(parent: Node | undefined): Node {
    const node: Building = { type: 'object', offset: pos++, length: -1, parent, children: NONE };
    const children: Node[] = [];
    skip();
    if (text.charCodeAt(pos) !== 125) {
      for (;;) {
        if (text.charCodeAt(pos) !== 34) fail();
        const offset = pos;
        const property: Building = { type: 'property', offset, length: -1, parent: node, children: NONE, colonOffset: -1 };
        const name = string();
        const key = { type: 'string', offset, length: pos - offset, parent: property, value: name } as Node;
        skip();
        if (text.charCodeAt(pos) !== 58) fail();
        property.colonOffset = pos++;
        const v = value(property);
        property.children = [key, v];
        property.length = v.offset + v.length - offset;
        children.push(property);
        skip();
        if (text.charCodeAt(pos) !== 44) break;
        pos++;
        skip();
      }
      if (text.charCodeAt(pos) !== 125) fail();
    }
    node.children = children.slice();
    node.length = ++pos - node.offset;
    return node;
  }

  function array(parent: Node | undefined): Node {
    const node: Building = { type: 'array', offset: pos++, length: -1, parent, children: NONE };
    const children: Node[] = [];
    skip();
    if (text.charCodeAt(pos) !== 93) {
      for (;;) {
        children.push(value(node));
        skip();
        if (text.charCodeAt(pos) !== 44) break;
        pos++;
        skip();
        // A trailing comma: jsonc-parser's to read.
        if (text.charCodeAt(pos) === 93) fail();
      }
      if (text.charCodeAt(pos) !== 93) fail();
    }
    node.children = children.slice();
    node.length = ++pos - node.offset;
    return node;
  }

  try {
    const root = value(undefined);
    skip();
    if (pos !== len) return undefined;
    delete (root as { parent?: Node }).parent;
    return root;
  } catch (e) {
    if (e === NOT_PLAIN) return undefined;
    throw e;
  }
}
