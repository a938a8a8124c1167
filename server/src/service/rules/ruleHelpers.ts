/** Small helpers shared by the grammar rules: edits that remove or rename, statement element names. */
import type { RuleFinding } from './rule';
import type { Catalog, ConditionKeyInfo } from '../catalog';
import type { Node, Statement } from '../model';
import { editDistance } from '../suggest';
import type { Edit, Fix } from '../types';

/** The elements a statement may have, in their canonical spelling. */
export const STATEMENT_ELEMENTS = ['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'] as const;

/** Removes a property (or an array item) together with the comma that separates it from a neighbour. */
export function removeElementEdit(node: Node): Edit {
  const siblings = node.parent?.children ?? [];
  const i = siblings.indexOf(node);
  const next = siblings[i + 1];
  const prev = siblings[i - 1];
  if (next) return { offset: node.offset, length: next.offset - node.offset, content: '' };
  if (prev) {
    const start = prev.offset + prev.length;
    return { offset: start, length: node.offset + node.length - start, content: '' };
  }
  return { offset: node.offset, length: node.length, content: '' };
}

/**
 * Adds `"name": value` as the last property of an object, indented like its other properties. Cheaper than
 * jsonc-parser `modify`, which parses the whole document again for every fix.
 */
export function appendPropertyEdit(text: string, object: Node, name: string, value: unknown): Edit {
  const entry = `${JSON.stringify(name)}: ${JSON.stringify(value)}`;
  const last = object.children?.[object.children.length - 1];
  if (!last) return { offset: object.offset + 1, length: 0, content: entry };
  const lineStart = text.lastIndexOf('\n', last.offset) + 1;
  const before = text.slice(lineStart, last.offset);
  const separator = /^[ \t]*$/.test(before) && lineStart > object.offset ? `,${text[lineStart - 2] === '\r' ? '\r\n' : '\n'}${before}` : ', ';
  const end = last.offset + last.length;
  return { offset: end, length: 0, content: separator + entry };
}

/** Adds `"name": value` as the first property of an object, indented like the property it goes before. */
export function prependPropertyEdit(text: string, object: Node, name: string, value: unknown): Edit {
  const entry = `${JSON.stringify(name)}: ${JSON.stringify(value)}`;
  const first = object.children?.[0];
  if (!first) return { offset: object.offset + 1, length: 0, content: entry };
  const lineStart = text.lastIndexOf('\n', first.offset) + 1;
  const before = text.slice(lineStart, first.offset);
  const multiline = /^[ \t]*$/.test(before) && lineStart > object.offset;
  const eol = text[lineStart - 2] === '\r' ? '\r\n' : '\n';
  return { offset: first.offset, length: 0, content: multiline ? `${entry},${eol}${before}` : `${entry}, ` };
}

/** Replaces a string node (a property key or a value) with another string. */

export const fix = (title: string, edits: Edit[], options: { preferred?: boolean; safe?: boolean } = {}): Fix => ({ title, edits, ...options });

/**
 * Whether the statement has a property that looks like a misspelling of `element` (e.g. `Actions`, `action`):
 * the structure check reports that one with a fix, so "missing" would only repeat it.
 */
export function hasMisspelling(statement: Statement, element: string): boolean {
  const lower = element.toLowerCase();
  for (const name of statement.properties.keys()) {
    if ((STATEMENT_ELEMENTS as readonly string[]).includes(name)) continue;
    if (name.toLowerCase() === lower || editDistance(name.toLowerCase(), lower, 2) <= 2) return true;
  }
  return false;
}

/** The key string node of a property node. */
export const keyNode = (property: Node): Node => property.children![0]!;

const keyCache = new WeakMap<Catalog, Map<string, ConditionKeyInfo | undefined>>();
/** `catalog.conditionKey`, remembered per catalog: large policies repeat the same few keys many times. */
export function conditionKeyInfo(catalog: Catalog, key: string): ConditionKeyInfo | undefined {
  let cache = keyCache.get(catalog);
  if (!cache) keyCache.set(catalog, (cache = new Map()));
  const lower = key.toLowerCase();
  if (cache.has(lower)) return cache.get(lower);
  const info = catalog.conditionKey(key);
  if (cache.size > 10000) cache.clear();
  cache.set(lower, info);
  return info;
}

/**
 * The finding for a statement that gives both forms of an element (`Action` and `NotAction`, ...): AWS
 * rejects it. Points at the second form, with the first as related information.
 */
export function bothForms(statement: Statement, name: string, advice: string): RuleFinding | undefined {
  const plain = statement.properties.get(name);
  const negated = statement.properties.get(`Not${name}`);
  if (!plain || !negated) return undefined;
  const key = keyNode(negated);
  const related = keyNode(plain);
  return {
    offset: key.offset, length: key.length,
    message: `A statement has either ${name} or Not${name}, not both: AWS rejects it. ${advice}`,
    related: [{ offset: related.offset, length: related.length, message: name }],
  };
}
