/**
 * The Terraform extractor: a `.tf` file's policy sites. Policies written as `jsonencode({...})`, heredoc JSON, a
 * JSON string, or an `aws_iam_policy_document` data block (whose kind is where its `.json` is used in the
 * module's files); `file(...)` / `templatefile(...)` policies are linted in the file they name
 * (`referencedPolicyKind`). A key used by an `awscc_healthlake_fhir_datastore` of the module is HealthLake's.
 */
import type { Node, Tree } from 'web-tree-sitter';
import type { Finding } from '../../types';
import type { HostDocument, HostValue, PolicySite, Range } from '../types';
import type { Reference } from '../registry';
import { decodeTemplate, parseEmbeddedJson } from './embeddedJson';
import { emptyFacts, type FileFacts, type FolderReader, isLocalDocument, localDocument, localPolicyRef, mergeFacts, moduleFacts, policySource } from './folder';
import { blockParts, withSiteProperties, type BlockSite } from './blocks';
import { asPart, documentMerger, documentUse } from './documents';
import { attributes, blockHead, bodyItems, inner, rangeOf, topBlocks, withSource } from './hclNodes';
import { POLICY_SHAPE_RULE } from '../rules/policyShape';
import { kmsModuleCall, kmsModulePolicy, type KmsModuleCall } from './kmsModule';
import { templateDocument, templateFileOf, type TemplateFile, withVars } from './templateFile';
import { hclValue } from './hclValue';
import { withBlocks } from '../placeholders';
import { IAM_VARIABLE, withTree } from './parser';
import { TERRAFORM_RULES } from './ruleInfo';
import { policyDocument } from './policyDocument';
import { policyAttributesOf, type PolicyAttribute } from './resources';
import { terraformWriter } from './writer';
import { holeFor } from './references';
import { withLocals } from './locals';
import { withStatementList } from './statements';

export interface TerraformOptions {
  /** The document's file name (or path): its folder's other files are read through `folder`. */
  fileName?: string;
  /** The other files of the document's folder; without it, only the document itself is read. */
  folder?: FolderReader;
  /** The document's current tree (TerraformTrees.get); without it the text is parsed and the tree freed. */
  tree?: Tree;
  /** The document's identity across versions (its URI): blocks unchanged since its last extraction are reused. */
  document?: string;
}

/** Extracts the policy sites of a `.tf` file. Synchronous; `prepare()` must have finished. */
export function extractTerraform(text: string, options: TerraformOptions = {}): HostDocument {
  if (options.tree) return extractFromTree(text, options.tree, options);
  return withTree(text, (tree) => extractFromTree(text, tree, options));
}

function extractFromTree(text: string, tree: Tree, options: TerraformOptions): HostDocument {
  return withSource(text, () => extractSites(text, tree, options));
}

function extractSites(text: string, tree: Tree, options: TerraformOptions): HostDocument {
  const parts = blockParts(text, topBlocks(tree.rootNode), (b) => readBlock(text, b), options.document);
  const own = mergeFacts(parts.map((p) => p.facts));
  const module = moduleFacts(own, options.fileName, options.folder);
  const facts = module.map((m) => m.facts);
  const sites: PolicySite[] = [];
  const findings: Finding[] = parts.flatMap((p) => p.findings);
  // The Region the module deploys to, as the file already reads it (a fix that needs the Region writes this).
  const region = /\bdata\.aws_region\.[\w-]+\.(?:name|region)\b/.exec(text)?.[0];
  const thisRegion = region ? { thisRegion: holeFor(region, true) } : {};
  // The module's locals, this file's first.
  const locals = new Map(module.flatMap((m) => [...m.facts.locals]).reverse());
  const merge = documentMerger(parts.flatMap((p) => p.sites), new Map(module.slice(1).flatMap((m) => [...(m.facts.documentValues ?? [])]).reverse()));
  for (const { site, document, resource, anchor } of parts.flatMap((p) => p.sites).map(merge)) {
    // A local is a policy only where an argument uses it as one, as it stands: one a `replace()` fills in is a template.
    if (document && isLocalDocument(document) && !facts.some((f) => f.documents.has(document))) continue;
    const keys = document ? module.flatMap((m) => m.facts.documentKeys.get(document) ?? []) : resource ? [resource] : [];
    const key = keys.map((k) => keyResource(k.type, k.name, module)).find(Boolean);
    const healthLake = key ? dataStoreOf(key, anchor, module, own) : undefined;
    const use = document ? documentUse(document, facts) : undefined;
    const kinded = withSiteProperties(site, { ...(use ? { kind: use.kind } : {}), ...(healthLake ? { healthLake } : {}), ...thisRegion });
    sites.push(withLocals(use?.part ? asPart(kinded, anchor) : kinded, text, locals));
  }
  findings.push(...iamVariableMistakes(text, sites));
  const dependencies = module.slice(1).map((m) => m.name);
  return { host: 'terraform', sites, findings, ...(dependencies.length ? { dependencies } : {}) };
}

/** The sites and findings of one top-level block. */
function readBlock(text: string, block: Node): { sites: BlockSite[]; findings: Finding[] } {
  const sites: BlockSite[] = [];
  const findings: Finding[] = [];
  for (const p of policyAttributesOf(block)) {
    const site = attributeSite(text, p, findings);
    if (site) sites.push({ site, resource: { type: p.resourceType, name: p.resourceName }, anchor: rangeOf(p.attribute.nameNode) });
  }
  const template = templateFileOf(block);
  const inline = template && templateSite(text, template, findings);
  if (inline) sites.push(inline);
  const module = kmsModuleCall(block);
  if (module) sites.push(...kmsModuleSites(text, module, findings));
  const { type, labels } = blockHead(block);
  if (type === 'locals') sites.push(...localSites(text, block, findings));
  if (type === 'data' && labels[0] === 'aws_iam_policy_document' && labels[1] && (!block.hasError || block.namedChildren.some((c) => c.type === 'block_end'))) {
    const merges = /\bdata\.aws_iam_policy_document\./.test(block.text);
    sites.push({ site: { name: `data.aws_iam_policy_document.${labels[1]}`, kind: 'unknown', range: rangeOf(block), value: policyDocument(block), writer: terraformWriter }, document: labels[1], anchor: rangeOf(block.namedChildren[0]!), ...(merges ? { merges } : {}) });
  }
  return { sites, findings };
}

/**
 * The policies a `locals` block writes (`default_policy = jsonencode({ Version, Statement = [...] })`, a heredoc, or
 * the object itself for `jsonencode(local.key_policy)`): each a site named `local.<name>`, of the kind its uses give
 * it (`localDocument`), checked where it is written. One that no policy argument uses as a whole is dropped later.
 */
function localSites(text: string, block: Node, findings: Finding[]): BlockSite[] {
  const sites: BlockSite[] = [];
  for (const a of attributes(bodyItems(block)).values()) {
    const form = policySource(a.expr).form;
    const object = inner(a.expr).type === 'object';
    if ((!object && form !== 'jsonencode' && form !== 'heredoc' && form !== 'string') || !/\bStatement\b/.test(a.expr.text)) continue;
    // Only a policy: an object whose own Statement is written there (not another JSON value that mentions one).
    const scratch: Finding[] = [];
    const p = { name: `local.${a.name}`, resourceType: 'locals', resourceName: a.name, kind: 'unknown' as const, attribute: a, resource: block };
    // A policy object is a local's value as it stands (only a resource argument must be a JSON string).
    if (object && a.expr.hasError) continue;
    const site = object
      ? { name: p.name, kind: p.kind, writer: terraformWriter, range: rangeOf(a.expr), value: withStatementList(hclValue(a.expr)) }
      : attributeSite(text, p, scratch);
    if (!site || site.value.type !== 'object' || !site.value.entries.some((x) => x.key === 'Statement')) continue;
    findings.push(...scratch);
    sites.push({ site, document: localDocument(a.name), anchor: rangeOf(a.nameNode) });
  }
  return sites;
}

/**
 * The HealthLake data store of the module that uses key resource `key` (directly or through an alias), with the
 * range of its `kms_key_id` when it is in this file.
 */
function dataStoreOf(key: string, anchor: Range, module: readonly { name: string; facts: FileFacts }[], own: FileFacts): PolicySite['healthLake'] {
  const aliases = module.flatMap((m) => [...m.facts.aliases].filter(([, k]) => k === key).map(([a]) => `alias:${a}`));
  for (const m of module) {
    const store = [key, ...aliases].map((k) => m.facts.healthLakeKeys.get(k)?.[0]).find(Boolean);
    // A data store in another file: its verdict is shown here, at the attribute or block that writes the policy.
    if (store) return m.facts === own ? store : { datastore: `${store.datastore} (${m.name})`, range: anchor };
  }
  return undefined;
}

/**
 * `${aws:username}` in a policy is a Terraform interpolation, not the IAM policy variable: Terraform rejects the
 * file. In an `aws_iam_policy_document` the variable is written `&{aws:username}`, elsewhere `$${aws:username}`.
 */
function iamVariableMistakes(text: string, sites: readonly PolicySite[]): Finding[] {
  const out: Finding[] = [];
  if (!text.includes('${')) return out;
  for (const m of text.matchAll(IAM_VARIABLE)) {
    const offset = m.index;
    const site = sites.find((s) => offset >= s.range.offset && offset < s.range.offset + s.range.length);
    // Only inside one of the policy's strings (a comment or another attribute is not the policy).
    if (!site || !inString(site.value, offset)) continue;
    const inDocument = site.name.startsWith('data.');
    const written = inDocument ? `&{${m[1]}}` : `$\${${m[1]}}`;
    out.push({
      ruleId: TERRAFORM_RULES.iamVariable.id,
      severity: TERRAFORM_RULES.iamVariable.defaultSeverity,
      message: `Terraform reads \`\${${m[1]}}\` as its own interpolation, not as the IAM policy variable, and rejects the file. Write \`${written}\`${inDocument ? ' (how aws_iam_policy_document writes IAM variables)' : ''}, which the policy receives as \`\${${m[1]}}\`.`,
      offset,
      length: m[0].length,
      data: { fixes: [{ title: `Write the IAM policy variable as ${written}`, edits: [inDocument ? { offset, length: 1, content: '&' } : { offset, length: 0, content: '$' }], preferred: true, safe: true }] },
    });
  }
  return out;
}

/** Whether an offset lies inside a string value of the tree. */
function inString(v: HostValue, offset: number): boolean {
  if (offset < v.range.offset || offset >= v.range.offset + v.range.length) return false;
  if (v.type === 'string') return true;
  if (v.type === 'object') return v.entries.some((e) => inString(e.value, offset));
  if (v.type === 'array') return v.items.some((x) => inString(x, offset));
  if (v.type === 'choice') return v.branches.some((b) => b.type !== 'absent' && inString(b, offset));
  return false;
}

/** The key whose policy a resource sets: the key itself (`aws_kms_key`, an external key), or an `aws_kms_key_policy`'s key. */
function keyResource(type: string, name: string, module: readonly { facts: FileFacts }[]): string | undefined {
  if (type === 'aws_kms_key' || type === 'aws_kms_external_key') return name;
  if (type === 'module') return `module:${name}`;
  if (type === 'aws_kms_key_policy') return module.map((m) => m.facts.keyPolicies.get(name)).find(Boolean);
  return undefined;
}

/**
 * A `data "template_file"` whose template is written in place: its policy, with the variables the file knows
 * substituted; its kind is where `.rendered` is used. A template that names no `Statement` is not read (a script).
 */
function templateSite(text: string, t: TemplateFile, findings: Finding[]): BlockSite | undefined {
  const form = policySource(t.template.expr).form;
  if ((form !== 'jsonencode' && form !== 'heredoc' && form !== 'string') || !/\bStatement\b/.test(t.template.expr.text)) return undefined;
  const name = `data.template_file.${t.name}.rendered`;
  const site = attributeSite(text, { name, resourceType: 'template_file', resourceName: t.name, kind: 'unknown', attribute: t.template, resource: t.block }, findings);
  if (!site) return undefined;
  const value = t.vars.size ? withVars(site.value, t.vars) : site.value;
  return { site: { ...site, value }, document: templateDocument(t.name), anchor: rangeOf(t.template.nameNode) };
}

/**
 * The KMS registry module's key policy: the one its `policy` input writes, or else the one it builds from its other
 * inputs (none when `policy` comes from elsewhere: a document of the module has its own site, the rest is unknown).
 */
function kmsModuleSites(text: string, call: KmsModuleCall, findings: Finding[]): BlockSite[] {
  const resource = { type: 'module', name: call.name };
  const anchor = rangeOf(call.block.namedChildren[1] ?? call.block);
  const policy = call.attrs.get('policy');
  if (policy && inner(policy.expr).type !== 'null_lit') {
    const site = attributeSite(text, { name: `module.${call.name}.policy`, resourceType: 'module', resourceName: call.name, kind: 'key-policy', attribute: policy, resource: call.block }, findings);
    return site ? [{ site, resource, anchor }] : [];
  }
  const value = kmsModulePolicy(call, findings);
  return value ? [{ site: { name: `module.${call.name}.key_policy`, kind: 'key-policy', range: value.range, value, writer: terraformWriter }, resource, anchor }] : [];
}

/** The site of one policy attribute, when its value is written in the file (not a reference or a file). */
function attributeSite(text: string, p: PolicyAttribute, findings: Finding[]): PolicySite | undefined {
  const src = policySource(p.attribute.expr);
  const base = { name: p.name, kind: p.kind, writer: terraformWriter };
  if (src.form === 'jsonencode') {
    if (src.arg.hasError) return unreadable(p, findings);
    // `jsonencode(local.key_policy)`: the local's own site is the policy, where its object is written.
    if (localPolicyRef(src.arg)) return undefined;
    return { ...base, range: rangeOf(src.arg), value: withStatementList(hclValue(src.arg)) };
  }
  if (src.form === 'other') return wrongShape(p, findings);
  if (src.form !== 'heredoc' && src.form !== 'string') return undefined;
  const n = src.node;
  if (n.hasError || n.isMissing) return unreadable(p, findings);
  const content = templateContent(n, src.form);
  if (!content) return unreadable(p, findings);
  const layer = src.form === 'heredoc' ? 'heredoc' : 'string';
  const decoded = decodeTemplate(text, content.offset, content.offset + content.length, n.namedChildren, layer);
  if (!decoded.text.trim()) return undefined;
  const { value, error } = parseEmbeddedJson(decoded, layer);
  if (error) {
    findings.push({ ruleId: 'json-syntax', severity: 'error', message: `${error.message} AWS rejects a policy that is not valid JSON.`, offset: error.offset, length: Math.max(1, error.length) });
    return undefined;
  }
  return { ...base, range: content, value: decoded.blocks.length ? withBlocks(value!, decoded.blocks) : value! };
}

/** The text between a heredoc's opening line and its closing marker, or between a string's quotes. */
function templateContent(n: Node, form: 'heredoc' | 'string'): Range | undefined {
  const kids = n.children;
  if (form === 'string') {
    const open = kids[0];
    const close = kids.at(-1);
    if (!open || !close || close === open || close.type !== 'quoted_template_end') return undefined;
    return { offset: open.endIndex, length: close.startIndex - open.endIndex };
  }
  const ids = kids.filter((c) => c.type === 'heredoc_identifier');
  if (ids.length < 2) return undefined;
  const start = ids[0]!.endIndex;
  const end = ids.at(-1)!.startIndex;
  return { offset: start, length: Math.max(0, end - start) };
}

/**
 * `policy = [...]` or `policy = { Version = ..., Statement = [...] }` without `jsonencode`: Terraform rejects it (the
 * argument is a JSON string). One error at the attribute; an object is still read as the policy, a list of one.
 */
function wrongShape(p: PolicyAttribute, findings: Finding[]): PolicySite | undefined {
  const n = inner(p.attribute.expr);
  if (n.type !== 'tuple' && n.type !== 'object') return undefined;
  const r = rangeOf(p.attribute.nameNode);
  findings.push({ ruleId: POLICY_SHAPE_RULE.id, severity: POLICY_SHAPE_RULE.defaultSeverity, offset: r.offset, length: r.length,
    message: `${p.attribute.nameNode.text} must be a JSON policy string (jsonencode({ Version, Statement }) or a heredoc); Terraform rejects ${n.type === 'tuple' ? 'a list' : 'an object'} here.` });
  if (n.hasError) return undefined;
  const items = n.type === 'tuple' ? n.namedChildren.filter((c) => c.type === 'expression') : [];
  const one = items.length === 1 ? items[0]! : undefined;
  if (one) {
    const src = policySource(one);
    return src.form === 'jsonencode' && !src.arg.hasError ? { name: p.name, kind: p.kind, writer: terraformWriter, range: rangeOf(src.arg), value: hclValue(src.arg) } : undefined;
  }
  return n.type === 'object' ? { name: p.name, kind: p.kind, writer: terraformWriter, range: rangeOf(n), value: hclValue(n) } : undefined;
}

function unreadable(p: PolicyAttribute, findings: Finding[]): undefined {
  const r = rangeOf(p.attribute.nameNode);
  findings.push({ ruleId: TERRAFORM_RULES.syntax.id, severity: TERRAFORM_RULES.syntax.defaultSeverity, message: `The policy in ${p.name} could not be read: the HCL around it has a syntax error. It is checked again once Terraform can parse it.`, offset: r.offset, length: r.length });
  return undefined;
}

/**
 * The kind of policy a module gives a file that its `.tf` files pass to `file(...)` or `templatefile(...)`
 * (`key-policy.json` as a key policy) and where it is used (`main.tf: aws_kms_key.k.policy`), or undefined when
 * no `.tf` file of the folder names it. `fileName` is relative to the folder the reader reads.
 */
export function referencedPolicyKind(fileName: string, folder: FolderReader): Reference | undefined {
  const rel = fileName.replace(/\\/g, '/').replace(/^\.\//, '');
  const module = moduleFacts(emptyFacts(), undefined, folder);
  for (const { name, facts } of module) {
    const use = facts.files.get(rel)?.[0];
    if (use) return { kind: use.kind, name: `${name}: ${use.name}`, ...(use.vars?.size ? { vars: use.vars } : {}) };
  }
  // `data "template_file"` with `template = file(...)`: the kind of policy its `.rendered` is used as.
  for (const { name, facts } of module) {
    for (const [template, t] of facts.templateFiles) {
      if (t.path !== rel) continue;
      const kind = documentUse(templateDocument(template), module.map((m) => m.facts)).kind;
      if (kind !== 'unknown') return { kind, name: `${name}: data.template_file.${template}.rendered`, ...(t.vars.size ? { vars: t.vars } : {}) };
    }
  }
  return undefined;
}

export type { FolderReader };
