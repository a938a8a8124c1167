/**
 * The CloudFormation host (YAML and JSON; `.yaml`, `.yml`, `.json`, `.template`; SAM templates too). A cheap text
 * check decides whether a file is a template at all (Helm and Kubernetes YAML stay silent); YAML is parsed per
 * resource block, only for the resources that hold policies or link a data store to its key.
 */
import { findNodeAtOffset, getNodePath, parseTree, type JSONPath } from 'jsonc-parser';
import type { Finding } from '../../types';
import type { HostExtractor, HostInput } from '../registry';
import { fileName } from '../registry';
import type { HostDocument, HostEntry, HostValue, HostWriter, PolicySite } from '../types';
import { jsonWriter } from '../writers/json';
import { yamlWriter } from '../writers/yaml';
import { hostRules } from '../rules/index';
import type { TemplateView } from '../rules/hostRule';
import { datastoreLinks } from './datastores';
import { looksLikeJsonTemplate, looksLikeYamlTemplate, mayHaveAnchors, outline } from './outline';
import { parseJson, parseYaml, type Parsed } from './parse';
import type { Raw } from './raw';
import { POLICY_TYPES, resourceSites, type SiteContext } from './sites';
import { scalarString, valueOf } from './raw';
import { holeScalars, untemplateJson, untemplateYaml } from './templated';
import { withBlocks } from '../placeholders';
import { resourceOrigins } from './constructs';

const LINK_TYPES = new Set(['AWS::HealthLake::FHIRDatastore', 'AWS::KMS::Alias']);
/** The resource types whose policies are read or that link a data store to its key. */
export const wanted = (type: string) => POLICY_TYPES.has(type) || LINK_TYPES.has(type);

type Format = 'yaml' | 'json';

function formatOf(input: HostInput): Format | undefined {
  // A template that Sceptre, Ansible or another renderer fills in: `key.yaml.j2`.
  const name = fileName(input.uri).replace(/\.(?:j2|jinja2?)$/, '');
  const json = /^\s*[{[]/.test(input.text);
  if (/\.ya?ml$/.test(name)) return looksLikeYamlTemplate(input.text) ? 'yaml' : undefined;
  if (/\.json$/.test(name)) return looksLikeJsonTemplate(input.text) ? 'json' : undefined;
  if (/\.template$/.test(name)) {
    if (json) return looksLikeJsonTemplate(input.text) ? 'json' : undefined;
    return looksLikeYamlTemplate(input.text) ? 'yaml' : undefined;
  }
  return undefined;
}

interface Template {
  parameters: Set<string>;
  types: Map<string, string>;
  /** The parsed resources worth reading (logical id -> raw resource). */
  resources: Map<string, Raw>;
  parts: Raw[];
  error?: Parsed['error'];
}

function fromWhole(parsed: Parsed): Template {
  const root = parsed.raw;
  const params = valueOf(root, 'Parameters');
  const res = valueOf(root, 'Resources');
  const types = new Map<string, string>();
  const resources = new Map<string, Raw>();
  if (res?.kind === 'map') {
    for (const e of res.entries) {
      const type = scalarString(valueOf(e.value, 'Type')) ?? '';
      types.set(e.key, type);
      // Nothing after a syntax error is read: what follows it may belong elsewhere, and no verdict rests on it.
      const readable = !parsed.error || e.range.offset + e.range.length <= parsed.error.offset;
      if (wanted(type) && readable) resources.set(e.key, e.value);
    }
  }
  return { parameters: new Set(params?.kind === 'map' ? params.entries.map((e) => e.key) : []), types, resources, parts: root ? [root] : [], error: parsed.error };
}

/** YAML by resource blocks when the outline can follow the file, else whole. */
function readYaml(text: string): Template {
  const o = outline(text);
  if (!o) return fromWhole(parseYaml(text, 0));
  const t: Template = { parameters: o.parameters, types: new Map(o.resources.map((r) => [r.logicalId, r.type])), resources: new Map(), parts: [] };
  for (const block of o.resources) {
    if (!wanted(block.type) && !mayHaveAnchors(block.text)) continue;
    const parsed = parseYaml(block.text, block.offset);
    t.error ??= parsed.error;
    const entry = parsed.raw?.kind === 'map' ? parsed.raw.entries[0] : undefined;
    if (!entry) continue;
    t.parts.push(entry.value);
    const type = scalarString(valueOf(entry.value, 'Type')) ?? block.type;
    t.types.set(block.logicalId, type);
    if (wanted(type) && !parsed.error) t.resources.set(block.logicalId, entry.value);
  }
  for (const other of o.otherText) {
    if (!mayHaveAnchors(other.text)) continue;
    const parsed = parseYaml(other.text, other.offset);
    if (parsed.raw) t.parts.push(parsed.raw);
  }
  return t;
}

/** JSON paths of a JSON template's nodes, for the JSON writer. */
export function jsonPaths(text: string): (n: HostValue | HostEntry) => JSONPath | undefined {
  let root: ReturnType<typeof parseTree> | null = null;
  return (n) => {
    root ??= parseTree(text) ?? undefined;
    if (!root) return undefined;
    const target = 'key' in n ? n.value.range : n.range;
    const node = findNodeAtOffset(root, target.offset, true);
    let at = node;
    while (at && !(at.offset === target.offset && at.length === target.length)) at = at.parent;
    return at ? getNodePath(at) : undefined;
  };
}

function parsedJson(text: string, values: Parameters<typeof holeScalars>[1]): Parsed {
  const parsed = parseJson(text);
  holeScalars(parsed.raw, values);
  return parsed;
}

function syntaxFinding(error: NonNullable<Parsed['error']>, format: Format, textLength: number): Finding {
  if (error.tooLarge) return { ruleId: 'template-syntax', severity: 'warning', offset: error.offset, length: 0, message: error.message };
  return { ruleId: 'template-syntax', severity: 'error', offset: error.offset, length: Math.min(Math.max(error.length, 1), textLength - error.offset),
    message: `This template is not valid ${format === 'yaml' ? 'YAML' : 'JSON'} here (${error.message}), so CloudFormation rejects it. hlkms checks the policies in a resource once it parses.` };
}

function extract(input: HostInput, format: Format): HostDocument | undefined {
  const templated = format === 'yaml' ? untemplateYaml(input.text) : untemplateJson(input.text);
  const { text } = templated;
  const t = format === 'yaml' ? readYaml(text) : fromWhole(parsedJson(text, templated.values));
  const writer: HostWriter = format === 'yaml' ? yamlWriter : jsonWriter(jsonPaths(text), 'fn-sub');
  const findings: Finding[] = t.error ? [syntaxFinding(t.error, format, text.length)] : [];
  const ctx: SiteContext = { facts: { parameters: t.parameters, resources: t.types }, text, writer, findings, rawOf: new Map() };
  const sites: PolicySite[] = [];
  for (const [id, raw] of t.resources) sites.push(...resourceSites(id, t.types.get(id) ?? '', raw, ctx));
  for (const s of sites) s.value = withBlocks(s.value, templated.blocks);
  finishResources({ text, format, sites, rawOf: ctx.rawOf, parts: t.parts, facts: ctx.facts }, t.resources, ctx);
  const origins = resourceOrigins(t.resources);
  return { host: 'cloudformation', sites, findings, ...(origins.length ? { origins } : {}) };
}

/**
 * What every file with a CloudFormation `Resources` section does last (a template, a Serverless service file): links
 * each key policy to the HealthLake data store that uses its key, and adds the template rules' findings.
 */
export function finishResources(view: TemplateView, resources: ReadonlyMap<string, Raw>, ctx: SiteContext): void {
  for (const link of datastoreLinks(view.text, resources, ctx)) {
    const key = view.sites.find((s) => s.name === `${link.key}.KeyPolicy`);
    if (key && !key.healthLake) key.healthLake = { datastore: link.datastore, range: link.range };
  }
  for (const rule of hostRules) {
    for (const f of rule.check(view)) ctx.findings.push({ ...f, ruleId: rule.id, severity: rule.defaultSeverity });
  }
}

export const cloudFormation: HostExtractor = {
  host: 'cloudformation',
  claims: (input) => formatOf(input) !== undefined,
  extract(input) {
    const format = formatOf(input);
    return format ? extract(input, format) : undefined;
  },
};
