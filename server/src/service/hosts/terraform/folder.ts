/**
 * What a module's files say about each other: which `aws_iam_policy_document` and which `file(...)` /
 * `templatefile(...)` feeds which kind of policy, and which keys a HealthLake data store
 * (`awscc_healthlake_fhir_datastore`) uses. Facts are remembered per file text, so an edit re-reads one file.
 */
import type { Node, Tree } from 'web-tree-sitter';
import type { FolderReader } from '../registry';
import type { HostValue, Range, SiteKind } from '../types';
import { attributes, blockHead, bodyItems, inner, literalString, rangeOf, topBlocks, traversal, withSource } from './hclNodes';
import { withTree } from './parser';
import { policyAttributesOf, resourceHead } from './resources';
import { hclValue } from './hclValue';
import { policyDocument } from './policyDocument';
import { kmsModuleCall } from './kmsModule';
import { knownVars, TEMPLATE_RENDERED, templateDocument, templateFileOf } from './templateFile';

export type { FolderReader };

/** Where a policy attribute's value comes from. */
export type PolicySource =
  | { form: 'jsonencode'; arg: Node }
  | { form: 'heredoc' | 'string'; node: Node }
  | { form: 'document'; name: string }
  /** `data.template_file.<name>.rendered`. */
  | { form: 'template'; name: string }
  /** `vars`: `templatefile`'s variables. */
  | { form: 'file'; path: string; template: boolean; vars?: Node }
  | { form: 'other' };

/** Classifies a policy attribute's expression. */
export function policySource(expr: Node): PolicySource {
  const n = inner(expr);
  const ref = traversal(expr) ?? (n.type === 'quoted_template' && n.namedChildren.length === 3 ? interpolationRef(n) : undefined);
  const doc = ref && /^data\.aws_iam_policy_document\.([\w-]+)(?:\[[^\]]*\])?\.(?:minified_)?json$/.exec(ref);
  if (doc) return { form: 'document', name: doc[1]! };
  const rendered = ref && TEMPLATE_RENDERED.exec(ref);
  if (rendered) return { form: 'template', name: rendered[1]! };
  if (n.type === 'function_call') {
    const fn = n.namedChildren[0]?.text;
    const args = n.namedChildren.find((c) => c.type === 'function_arguments')?.namedChildren.filter((c) => c.type === 'expression') ?? [];
    if (fn === 'jsonencode' && args.length === 1) return { form: 'jsonencode', arg: args[0]! };
    if ((fn === 'file' || fn === 'templatefile') && args[0]) {
      const path = modulePath(args[0]);
      if (path) return { form: 'file', path, template: fn === 'templatefile', ...(fn === 'templatefile' && args[1] ? { vars: args[1] } : {}) };
    }
    return { form: 'other' };
  }
  if (n.type === 'heredoc_template') return { form: 'heredoc', node: n };
  if (n.type === 'quoted_template' || n.type === 'string_lit') return { form: 'string', node: n };
  return { form: 'other' };
}

function interpolationRef(t: Node): string | undefined {
  const i = t.namedChildren[1];
  const e = i?.type === 'template_interpolation' ? i.namedChildren.find((c) => c.type === 'expression') : undefined;
  return e && traversal(e);
}

/** `"x.json"`, `"./x.json"`, `"${path.module}/x.json"` as a path relative to the module's folder. */
function modulePath(expr: Node): string | undefined {
  const lit = literalString(expr);
  if (lit !== undefined) return lit.replace(/^\.\//, '');
  const raw = inner(expr).text;
  const m = /^"\$\{path\.module\}\/([^"$]+)"$/.exec(raw);
  return m?.[1]?.replace(/^\.\//, '');
}

/** One file's facts. */
export interface FileFacts {
  /** Policy document name to the kinds of policy it feeds (`source_policy_documents` of another document: `doc:<name>`). */
  documents: Map<string, (SiteKind | `doc:${string}`)[]>;
  /**
   * Referenced file (relative to the folder) to the kinds of policy it feeds and where (`aws_kms_key.k.policy`),
   * with the `templatefile` variables the file knows.
   */
  files: Map<string, { kind: SiteKind; name: string; vars?: Map<string, string> }[]>;
  /** `data "template_file"` name to the module file its `template` reads, with the `vars` the file knows. */
  templateFiles: Map<string, { path: string; vars: Map<string, string> }>;
  /**
   * A key resource name (`aws_kms_key.<name>`, `module:<name>` for the KMS registry module's key, or `alias:<name>`
   * for an alias another file defines) to the data stores that use it as their customer managed key.
   */
  healthLakeKeys: Map<string, { datastore: string; range: Range }[]>;
  /** `aws_kms_alias.<name>` to the key resource it targets. */
  aliases: Map<string, string>;
  /** `aws_kms_key_policy.<name>` to the key resource whose policy it sets. */
  keyPolicies: Map<string, string>;
  /** Policy document name to the `aws_kms_key` / `aws_kms_key_policy` resources it is the policy of. */
  documentKeys: Map<string, { type: string; name: string }[]>;
  /** `locals` whose value is a string (holes for what it references): `local.<name>` in a policy reads as that. */
  locals: Map<string, string>;
  /** In another file of the module: its `aws_iam_policy_document`s as policies (the documents a document merges). */
  documentValues?: Map<string, HostValue>;
}

export const emptyFacts = (): FileFacts => ({ documents: new Map(), files: new Map(), templateFiles: new Map(), healthLakeKeys: new Map(), aliases: new Map(), keyPolicies: new Map(), documentKeys: new Map(), locals: new Map() });

const push = <K, V>(m: Map<K, V[]>, k: K, v: V) => m.set(k, [...(m.get(k) ?? []), v]);

/** `aws_kms_key.k.arn` / `.key_id` / `.id` (an external key too, or an alias of one) to `k`. */
function keyOf(ref: string | undefined, aliases: Map<string, string>): string | undefined {
  // The KMS module's key: `module.kms.key_arn`, `.key_id`, or one of its `aliases` (`module.kms.aliases["x"].arn`).
  const mod = ref && /^module\.([\w-]+)(?:\[[^\]]*\])?\.(?:key_arn|key_id|aliases\b.*)$/.exec(ref);
  if (mod) return `module:${mod[1]!}`;
  const m = ref && /^aws_kms_((?:external_)?key|alias)\.([\w-]+)\.(?:arn|key_id|id|target_key_arn|target_key_id|name)$/.exec(ref);
  if (!m) return undefined;
  return m[1] !== 'alias' ? m[2] : aliases.get(m[2]!) ?? `alias:${m[2]!}`;
}

/**
 * The key a `locals` policy's uses are recorded under among a module's policy documents (`FileFacts.documents`):
 * `policy = local.default_policy`, or `var.policy != "" ? var.policy : local.default_policy`, makes the local a policy
 * of that kind, checked where it is written.
 */
export const localDocument = (name: string): string => `local:${name}`;
export const isLocalDocument = (document: string): boolean => document.startsWith('local:');

/** `jsonencode(local.key_policy)`: the argument is a local as a whole, which holds the policy object. */
export const localPolicyRef = (arg: Node): string | undefined => /^local\.([\w-]+)$/.exec(traversal(arg) ?? '')?.[1];

/**
 * The locals a policy argument is as a whole: `local.default_policy`, an alternative of `c ? a : b`, or an argument of
 * `coalesce` / `try` (or `jsonencode(local.key_policy)`). A local the argument transforms (`replace(local.t, ...)`,
 * `format(...)`) is not the policy as written, so it is not one.
 */
function wholeLocals(expr: Node): string[] {
  const n = inner(expr);
  const local = /^local\.([\w-]+)$/.exec(traversal(expr) ?? '')?.[1];
  if (local) return [local];
  if (n.type === 'conditional') return n.namedChildren.filter((c) => c.type === 'expression').slice(1).flatMap(wholeLocals);
  if (n.type !== 'function_call') return [];
  const fn = n.namedChildren[0]?.text ?? '';
  const args = n.namedChildren.find((c) => c.type === 'function_arguments')?.namedChildren.filter((c) => c.type === 'expression') ?? [];
  return fn === 'coalesce' || fn === 'try' || (fn === 'jsonencode' && args.length === 1) ? args.flatMap(wholeLocals) : [];
}

/** Records each local a policy argument is as a whole as a policy of that kind (and of its key, for a key policy). */
function policyLocals(expr: Node, kind: SiteKind, resource: { type: string; name: string }, facts: FileFacts): void {
  for (const name of wholeLocals(expr)) {
    push(facts.documents, localDocument(name), kind);
    if (kind === 'key-policy') push(facts.documentKeys, localDocument(name), resource);
  }
}

/** Reads the facts of one parsed file. */
export function factsOf(root: Node): FileFacts {
  const facts = emptyFacts();
  for (const block of topBlocks(root)) blockFacts(block, facts);
  return facts;
}

/** Adds what one top-level block says to `facts` (aliases are resolved across the module later: `alias:<name>`). */
export function blockFacts(block: Node, facts: FileFacts = emptyFacts()): FileFacts {
  for (const p of policyAttributesOf(block)) {
    const src = policySource(p.attribute.expr);
    if (src.form === 'document') push(facts.documents, src.name, p.kind);
    if (src.form === 'document' && p.kind === 'key-policy') push(facts.documentKeys, src.name, { type: p.resourceType, name: p.resourceName });
    if (src.form === 'file') push(facts.files, src.path, { kind: p.kind, name: p.name, ...(src.vars ? { vars: knownVars(src.vars) } : {}) });
    // A template's uses are recorded like a document's: its kind, and the key whose policy it is.
    if (src.form === 'template') push(facts.documents, templateDocument(src.name), p.kind);
    if (src.form === 'template' && p.kind === 'key-policy') push(facts.documentKeys, templateDocument(src.name), { type: p.resourceType, name: p.resourceName });
    // `try(data.x[0].json, "")`, `one(data.x[*].json)`, `coalesce(var.policy, data.x.json)`: the documents it may be.
    if (src.form === 'other') {
      for (const m of p.attribute.expr.text.matchAll(/data\.(aws_iam_policy_document|template_file)\.([\w-]+)/g)) push(facts.documents, m[1] === 'template_file' ? templateDocument(m[2]!) : m[2]!, p.kind);
    }
    policyLocals(p.attribute.expr, p.kind, { type: p.resourceType, name: p.resourceName }, facts);
  }
  const { type, labels } = blockHead(block);
  const head = resourceHead(block);
  const kms = kmsModuleCall(block);
  const policy = kms?.attrs.get('policy');
  const src = policy && policySource(policy.expr);
  if (kms && src?.form === 'document') {
    push(facts.documents, src.name, 'key-policy');
    push(facts.documentKeys, src.name, { type: 'module', name: kms.name });
  }
  if (kms && policy) policyLocals(policy.expr, 'key-policy', { type: 'module', name: kms.name }, facts);
  const template = templateFileOf(block);
  const file = template && policySource(template.template.expr);
  if (template && file?.form === 'file') facts.templateFiles.set(template.name, { path: file.path, vars: template.vars });
  if (type === 'locals') {
    for (const a of attributes(bodyItems(block)).values()) {
      const v = hclValue(a.expr);
      if (v.type === 'string') facts.locals.set(a.name, v.value);
    }
  } else if (type === 'data' && labels[0] === 'aws_iam_policy_document') {
    const attrs = attributes(bodyItems(block));
    for (const name of ['source_policy_documents', 'override_policy_documents']) {
      const a = attrs.get(name);
      for (const m of a?.expr.text.matchAll(/data\.aws_iam_policy_document\.([\w-]+)\.json/g) ?? []) push(facts.documents, m[1]!, `doc:${labels[1] ?? ''}` as const);
    }
  } else if (head?.type === 'aws_kms_alias') {
    const target = attributes(bodyItems(block)).get('target_key_id');
    const key = target && keyOf(traversal(target.expr), new Map());
    if (key) facts.aliases.set(head.name, key);
  } else if (head?.type === 'aws_kms_key_policy') {
    const key = attributes(bodyItems(block)).get('key_id');
    const k = key && keyOf(traversal(key.expr), new Map());
    if (k) facts.keyPolicies.set(head.name, k);
  } else if (head?.type === 'awscc_healthlake_fhir_datastore') {
    const sse = attributes(bodyItems(block)).get('sse_configuration');
    const config = sse && objectAttr(inner(sse.expr), 'kms_encryption_config');
    const cmk = config && objectAttr(config, 'cmk_type');
    const keyId = config && objectAttr(config, 'kms_key_id');
    const cmkType = cmk && (cmk.type === 'string_lit' ? cmk.namedChildren.find((c) => c.type === 'template_literal')?.text : undefined);
    const key = keyId && (cmkType === undefined || cmkType === 'CUSTOMER_MANAGED_KMS_KEY') ? keyOf(traversal(keyId) ?? keyId.text, new Map()) : undefined;
    if (key) push(facts.healthLakeKeys, key, { datastore: `${head.type}.${head.name}`, range: rangeOf(keyId!) });
  }
  return facts;
}

/** The facts of several blocks as one file's. */
export function mergeFacts(parts: readonly FileFacts[]): FileFacts {
  const out = emptyFacts();
  for (const f of parts) {
    for (const key of Object.keys(out) as (keyof FileFacts)[]) {
      const into = out[key] as Map<string, unknown>;
      for (const [k, v] of f[key] as Map<string, unknown>) into.set(k, Array.isArray(v) ? [...((into.get(k) as unknown[] | undefined) ?? []), ...v] : v);
    }
  }
  return out;
}

/** The value node of `name = ...` in an HCL object expression. */
function objectAttr(obj: Node, name: string): Node | undefined {
  if (obj.type !== 'object') return undefined;
  for (const elem of obj.namedChildren) {
    if (elem.type !== 'object_elem') continue;
    const [k, v] = elem.namedChildren.filter((c) => c.type === 'expression');
    if (k && v && (k.text === name || literalString(k) === name)) {
      const n = inner(v);
      return n.type === 'expression' ? v : n;
    }
  }
  return undefined;
}

const cache = new Map<string, { text: string; facts: FileFacts }>();

/** The facts of a folder file, from the cache while its text is unchanged. */
function folderFileFacts(name: string, text: string): FileFacts {
  const hit = cache.get(name);
  if (hit?.text === text) return hit.facts;
  const facts = withTree(text, (t: Tree) => withSource(text, () => {
    const f = factsOf(t.rootNode);
    f.documentValues = new Map(topBlocks(t.rootNode).flatMap((b) => {
      const { type, labels } = blockHead(b);
      return type === 'data' && labels[0] === 'aws_iam_policy_document' && labels[1] && !b.hasError ? [[labels[1], policyDocument(b)] as const] : [];
    }));
    return f;
  }));
  if (cache.size > 256) cache.clear();
  cache.set(name, { text, facts });
  return facts;
}

/** The facts of the document and every other `.tf` file of its folder. */
export function moduleFacts(own: FileFacts, fileName: string | undefined, folder: FolderReader | undefined): { name: string; facts: FileFacts }[] {
  const out = [{ name: fileName ?? '', facts: own }];
  if (!folder) return out;
  const base = fileName?.split(/[\\/]/).pop();
  for (const name of folder.list()) {
    if (!name.endsWith('.tf') || name === base) continue;
    const text = folder.read(name);
    if (text !== undefined && text.length < 4_000_000) out.push({ name, facts: folderFileFacts(name, text) });
  }
  return out;
}
