/**
 * The located policy model: parse once (jsonc-parser), then every element's value *and* its node, so any
 * rule can point at the exact text. Every feature takes the model; none re-parses.
 */
import { parseTree, findNodeAtOffset, type Node, type ParseError } from 'jsonc-parser';
import type { KindSetting, PolicyKind } from './types';
import { scanTokens as scan, type TokenFacts } from './tokens';
import { plainJsonTree } from './plainJson';

export type { Node } from 'jsonc-parser';
export type { TokenFacts } from './tokens';

/** Deeper JSON than this is not walked (a policy never nests past ~6); the document gets one finding. */
export const MAX_DEPTH = 64;
/** Longer text than this is not parsed (a key policy is at most 32,768 bytes); the document gets one finding. */
export const MAX_TEXT = 1_000_000;

export interface StringValue {
  value: string;
  node: Node;
}

/** Action, Resource and similar: one string or an array of them. Non-string items are left to the schema. */
export interface ValueList {
  node: Node;
  isArray: boolean;
  items: StringValue[];
}

export interface PrincipalEntry {
  /** `AWS`, `Service`, `Federated`, `CanonicalUser`, or whatever the user wrote. */
  type: string;
  /** The property node (its key child is the type name). */
  property: Node;
  values: ValueList;
}

export interface PrincipalBlock {
  node: Node;
  /** `"Principal": "*"` */
  wildcard?: StringValue;
  entries: PrincipalEntry[];
}

export type ScalarValue = string | number | boolean | null;

export interface ConditionKeyEntry {
  key: string;
  /** The property node; `.children[0]` is the key string, `.children[1]` the value. */
  property: Node;
  valueNode: Node;
  values: { value: ScalarValue; node: Node }[];
}

export interface ConditionOperatorEntry {
  operator: string;
  property: Node;
  valueNode: Node;
  keys: ConditionKeyEntry[];
}

export interface ConditionBlock {
  node: Node;
  operators: ConditionOperatorEntry[];
}

export interface Statement {
  index: number;
  node: Node;
  /** The statement object's properties by their exact name (first occurrence). */
  properties: Map<string, Node>;
  sid?: StringValue;
  effect?: StringValue;
  principal?: PrincipalBlock;
  notPrincipal?: PrincipalBlock;
  action?: ValueList;
  notAction?: ValueList;
  resource?: ValueList;
  notResource?: ValueList;
  condition?: ConditionBlock;
}

export interface PolicyModel {
  text: string;
  root?: Node;
  parseErrors: ParseError[];
  /** Comments and trailing commas (absent when the text was not scanned). */
  tokens?: TokenFacts;
  /** Set when the document nests deeper than MAX_DEPTH: nothing else is analysed. */
  tooDeep?: { offset: number };
  /** Set when the text is longer than MAX_TEXT: nothing else is analysed. */
  tooLarge?: boolean;
  kind: PolicyKind | 'resource-policy';
  /** A role's trust policy (its host says so): a `resource-policy` whose statements name no Resource. */
  trustPolicy?: boolean;
  /** For a policy in infrastructure code: how its host names the Region it deploys to (a `region` hole), if it can. */
  thisRegion?: string;
  /** The root object's properties by exact name. */
  properties: Map<string, Node>;
  version?: StringValue;
  /** The `Statement` property's value node (object or array), if any. */
  statementNode?: Node;
  statements: Statement[];
}

const emptyModel = (text: string, parseErrors: ParseError[] = []): PolicyModel => ({
  text, parseErrors, kind: 'not-a-policy', properties: new Map(), statements: [],
});

export function buildModel(text: string, kindSetting: KindSetting = 'auto'): PolicyModel {
  if (text.length > MAX_TEXT) {
    return { ...emptyModel(text), kind: kindSetting === 'auto' ? guessKind(text.slice(0, 65536)) : kindSetting, tooLarge: true };
  }
  const tokens = scanTokens(text);
  const deep = tokens.deepAt;
  if (deep !== undefined) {
    // Too deep to walk safely: still tell a policy author why nothing else is reported.
    return { ...emptyModel(text), kind: kindSetting === 'auto' ? guessKind(text) : kindSetting, tooDeep: { offset: deep } };
  }
  const parseErrors: ParseError[] = [];
  const root = plainJsonTree(text) ?? parseTree(text, parseErrors, { allowTrailingComma: true, disallowComments: false });
  if (!root || root.type !== 'object') return { ...emptyModel(text, parseErrors), root, tokens, kind: kindSetting === 'auto' ? 'not-a-policy' : kindSetting };
  const properties = propertyMap(root);
  const statementNode = properties.get('Statement')?.children?.[1];
  const version = asString(properties.get('Version')?.children?.[1]);
  const statements = statementNode?.type === 'object' ? [buildStatement(statementNode, 0)]
    : statementNode?.type === 'array' ? picked(statementNode.children ?? [], (n) => n.type === 'object').map((n, i) => buildStatement(n, i))
      : [];
  const model: PolicyModel = { text, root, parseErrors, tokens, kind: 'not-a-policy', properties, version, statementNode, statements };
  model.kind = kindSetting === 'auto' ? detectKind(model) : kindSetting;
  return model;
}

/** For text we will not parse: enough of a guess to tell a policy author why nothing else is reported. */
function guessKind(text: string): PolicyKind {
  if (!/"Statement"/.test(text)) return 'not-a-policy';
  return /"(Not)?Principal"/.test(text) ? 'key-policy' : 'identity-policy';
}

/** A policy has a Statement (or at least an IAM Version); key policies name principals and KMS actions. */
function detectKind(model: PolicyModel): PolicyModel['kind'] {
  const isPolicy = model.properties.has('Statement') || /^20(12-10-17|08-10-17)$/.test(model.version?.value ?? '');
  if (!isPolicy) return 'not-a-policy';
  const withPrincipal = model.statements.filter((s) => s.properties.has('Principal') || s.properties.has('NotPrincipal'));
  if (withPrincipal.length === 0) return 'identity-policy';
  const actions = model.statements.flatMap((s) => [...(s.action?.items ?? []), ...(s.notAction?.items ?? [])]);
  const mentionsKms = actions.some((a) => /^kms:/i.test(a.value) || a.value === '*');
  return mentionsKms || actions.length === 0 ? 'key-policy' : 'resource-policy';
}

/**
 * The elements of `list` that `keep`, as an array of their exact number (usually `list` itself): a model lives as long
 * as its document's analysis, and an array grown by `push` or `filter` keeps room for 17 elements.
 */
function picked<T>(list: T[], keep: (item: T) => boolean): T[] {
  return list.every(keep) ? list : list.filter(keep).slice();
}

function buildStatement(node: Node, index: number): Statement {
  const properties = propertyMap(node);
  const value = (name: string) => properties.get(name)?.children?.[1];
  return {
    index, node, properties,
    sid: asString(value('Sid')),
    effect: asString(value('Effect')),
    principal: principalBlock(value('Principal')),
    notPrincipal: principalBlock(value('NotPrincipal')),
    action: valueList(value('Action')),
    notAction: valueList(value('NotAction')),
    resource: valueList(value('Resource')),
    notResource: valueList(value('NotResource')),
    condition: conditionBlock(value('Condition')),
  };
}

export function propertyMap(node: Node | undefined): Map<string, Node> {
  const map = new Map<string, Node>();
  if (node?.type !== 'object') return map;
  for (const p of node.children ?? []) {
    const name = p.children?.[0]?.value;
    if (typeof name === 'string' && !map.has(name)) map.set(name, p);
  }
  return map;
}

export function asString(node: Node | undefined): StringValue | undefined {
  return node?.type === 'string' ? { value: node.value as string, node } : undefined;
}

export function valueList(node: Node | undefined): ValueList | undefined {
  if (!node) return undefined;
  if (node.type === 'array') {
    return { node, isArray: true, items: picked(node.children ?? [], (c) => c.type === 'string').map((c) => ({ value: c.value as string, node: c })) };
  }
  return { node, isArray: false, items: node.type === 'string' ? [{ value: node.value as string, node }] : [] };
}

function principalBlock(node: Node | undefined): PrincipalBlock | undefined {
  if (!node) return undefined;
  if (node.type === 'string') return { node, wildcard: node.value === '*' ? { value: '*', node } : undefined, entries: [] };
  const entries: PrincipalEntry[] = [];
  if (node.type === 'object') {
    for (const property of node.children ?? []) {
      const type = property.children?.[0]?.value;
      const values = valueList(property.children?.[1]);
      if (typeof type === 'string' && values) entries.push({ type, property, values });
    }
  }
  return { node, entries: entries.slice() };
}

function scalar(node: Node): ScalarValue | undefined {
  return node.type === 'string' || node.type === 'number' || node.type === 'boolean' || node.type === 'null'
    ? (node.value as ScalarValue) : undefined;
}

function conditionBlock(node: Node | undefined): ConditionBlock | undefined {
  if (!node) return undefined;
  const operators: ConditionOperatorEntry[] = [];
  if (node.type === 'object') {
    for (const property of node.children ?? []) {
      const operator = property.children?.[0]?.value;
      const valueNode = property.children?.[1];
      if (typeof operator !== 'string' || !valueNode) continue;
      const keys: ConditionKeyEntry[] = [];
      if (valueNode.type === 'object') {
        for (const kp of valueNode.children ?? []) {
          const key = kp.children?.[0]?.value;
          const kv = kp.children?.[1];
          if (typeof key !== 'string' || !kv) continue;
          const raw = kv.type === 'array' ? kv.children ?? [] : [kv];
          const values = picked(raw, (n) => scalar(n) !== undefined).map((n) => ({ value: scalar(n)!, node: n }));
          keys.push({ key, property: kp, valueNode: kv, values });
        }
      }
      operators.push({ operator, property, valueNode, keys: keys.slice() });
    }
  }
  return { node, operators: operators.slice() };
}

/** Nesting depth, comments and trailing commas, in one pass (tokens.ts). */
export const scanTokens = (text: string): TokenFacts => scan(text, MAX_DEPTH);

/** The innermost node at an offset (for hover and completion). */
export function nodeAt(model: PolicyModel, offset: number): Node | undefined {
  return model.root ? findNodeAtOffset(model.root, offset, true) : undefined;
}

/** The statement that contains an offset. */
export function statementAt(model: PolicyModel, offset: number): Statement | undefined {
  return model.statements.find((s) => offset >= s.node.offset && offset <= s.node.offset + s.node.length);
}
