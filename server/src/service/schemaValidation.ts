/**
 * Structure checks with the JSON Schemas in schemas/ (also usable for editor JSON validation). The schemas
 * are compiled once with ajv (allErrors); each error is mapped to the exact node it is about.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import keyPolicySchema from '../../../schemas/key-policy.schema.json';
import identityPolicySchema from '../../../schemas/identity-policy.schema.json';
import type { Node } from './model';

export type SchemaKind = 'key-policy' | 'identity-policy';

export interface SchemaProblem {
  /** The ajv keyword that failed: `type`, `additionalProperties`, `minItems`, `enum`, ... */
  keyword: string;
  /** The node the problem is about (for an unknown property: its key string). */
  node: Node;
  /** The JSON path of the value that failed. */
  path: (string | number)[];
  /** The schema's own message for this place (`errorMessage`), if it has one. */
  message?: string;
  /** For `additionalProperties`: the unknown name, the names allowed there and the object's own names. */
  unknown?: { name: string; allowed: string[]; siblings: string[] };
}

let validators: Record<SchemaKind, ValidateFunction> | undefined;

/** Set to true by esbuild.mjs in the bundles, which carry the validators compiled ahead of time. */
declare const __AOT_SCHEMAS__: boolean | undefined;

/**
 * Bundles load the schemas compiled at build time (scripts/build-schema-validators.mjs, same options):
 * compiling them at start took about two thirds of a one-file `hlkms lint`. From source, they are compiled.
 */
function compile(): Record<SchemaKind, ValidateFunction> {
  // Written inline so esbuild drops the other branch, and ajv with it, from the bundles.
  if (typeof __AOT_SCHEMAS__ !== 'undefined' && __AOT_SCHEMAS__) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('../../../dist/schema-validators.js') as Record<SchemaKind, ValidateFunction>;
  } else {
    return compileNow();
  }
}

function compileNow(): Record<SchemaKind, ValidateFunction> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Ajv = (require('ajv') as typeof import('ajv')).default;
  const ajv = new Ajv({ allErrors: true, verbose: true, allowUnionTypes: true, logger: false });
  ajv.addVocabulary(['markdownDescription', 'errorMessage']);
  return { 'key-policy': ajv.compile(keyPolicySchema), 'identity-policy': ajv.compile(identityPolicySchema) };
}

/** The plain value of a tree, first occurrence of a repeated key winning (as the policy model reads it). */
export function nodeValue(node: Node): unknown {
  switch (node.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const p of node.children ?? []) {
        const [k, v] = p.children ?? [];
        if (k && v && typeof k.value === 'string' && !Object.prototype.hasOwnProperty.call(out, k.value)) out[k.value] = nodeValue(v);
      }
      return out;
    }
    case 'array':
      return (node.children ?? []).map(nodeValue);
    default:
      return node.value;
  }
}

/** The node at a JSON pointer (`/Statement/0/Action`), first occurrence of a key winning. */
function nodeAtPointer(root: Node, pointer: string): { node: Node; path: (string | number)[] } | undefined {
  let node: Node | undefined = root;
  const path: (string | number)[] = [];
  if (pointer === '') return { node: root, path };
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node.type === 'array') {
      node = node.children?.[Number(segment)];
      path.push(Number(segment));
    } else {
      node = node.children?.find((p) => p.children?.[0]?.value === segment)?.children?.[1];
      path.push(segment);
    }
    if (!node) return undefined;
  }
  return { node, path };
}

function toProblem(root: Node, e: ErrorObject): SchemaProblem | undefined {
  const at = nodeAtPointer(root, e.instancePath);
  if (!at) return undefined;
  const message = (e.parentSchema as { errorMessage?: string } | undefined)?.errorMessage;
  if (e.keyword !== 'additionalProperties') return { keyword: e.keyword, node: at.node, path: at.path, message };
  const name = (e.params as { additionalProperty: string }).additionalProperty;
  const property = at.node.children?.find((p) => p.children?.[0]?.value === name);
  const key = property?.children?.[0];
  if (!key) return undefined;
  const allowed = Object.keys((e.parentSchema as { properties?: object }).properties ?? {});
  const siblings = (at.node.children ?? []).map((p) => p.children?.[0]?.value).filter((v): v is string => typeof v === 'string');
  return { keyword: e.keyword, node: key, path: [...at.path, name], unknown: { name, allowed, siblings } };
}

/** Validates the document's value once against the schema of its kind. */
export function validatePolicy(root: Node, kind: SchemaKind): SchemaProblem[] {
  validators ??= compile();
  const validate = validators[kind];
  if (validate(nodeValue(root))) return [];
  const problems: SchemaProblem[] = [];
  for (const e of validate.errors ?? []) {
    // `allOf`/`$ref` only repeat what their inner errors say.
    if (e.keyword === 'allOf' || e.keyword === '$ref') continue;
    const p = toProblem(root, e);
    if (p) problems.push(p);
  }
  return problems;
}

/** The schemas themselves (for editor JSON validation). */
export const policySchemas: Record<SchemaKind, object> = { 'key-policy': keyPolicySchema, 'identity-policy': identityPolicySchema };
