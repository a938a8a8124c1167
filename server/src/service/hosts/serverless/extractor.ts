/**
 * The Serverless Framework host: `serverless.yml`, `serverless.yaml` and `serverless.json` service files (a
 * `service:` and a `provider:`). It reads the statements of the role Serverless creates (statements.ts) and the
 * CloudFormation resources under `resources.Resources` (also `resources` as a list of such objects) with the
 * CloudFormation host's reading: key policies, IAM roles and policies, resource policies, a HealthLake data store's
 * key. Serverless variables (`${self:...}`, `${file(...)}`) are holes; a part included from another file is not read.
 * YAML anchors and aliases are Serverless's own syntax here, so they are read, never reported.
 */
import type { Finding } from '../../types';
import type { HostExtractor, HostInput } from '../registry';
import { fileName } from '../registry';
import type { HostDocument, HostWriter, PolicySite } from '../types';
import { jsonWriter } from '../writers/json';
import { yamlWriter } from '../writers/yaml';
import { finishResources, jsonPaths, wanted } from '../cloudformation/extractor';
import { parseJson, parseYaml, type Parsed } from '../cloudformation/parse';
import { entryOf, scalarString, valueOf, type Raw, type RawEntry } from '../cloudformation/raw';
import { resourceSites, type SiteContext } from '../cloudformation/sites';
import { expandsTooFar, statementsSite, withMerges } from './statements';

type Format = 'yaml' | 'json';

/** What Serverless adds to the stack itself, for `!GetAtt IamRoleLambdaExecution.Arn` and `!Ref ServerlessDeploymentBucket`. */
const GENERATED: Record<string, string> = { IamRoleLambdaExecution: 'AWS::IAM::Role', ServerlessDeploymentBucket: 'AWS::S3::Bucket' };

/** Serverless's logical id prefix for a function (`import-bundle` -> `ImportDashbundle`). */
const normalized = (name: string): string => {
  const n = name.replace(/-/g, 'Dash').replace(/_/g, 'Underscore');
  return n.charAt(0).toUpperCase() + n.slice(1);
};

/** A service file's name: `serverless.yml`, `serverless.dev.yml`, `api-serverless.yaml`, `serverless.json`. */
const SERVICE_FILE = /(?:^|[._-])serverless(?:[._-][\w.-]+)?\.(ya?ml|json)$/;

/** Whether a file name (lower case) may be a Serverless service file. */
export const isServiceFileName = (name: string): boolean => SERVICE_FILE.test(name);

/** By name and a top-level `service` and `provider`. */
function formatOf(input: HostInput): Format | undefined {
  const m = SERVICE_FILE.exec(fileName(input.uri));
  if (!m) return undefined;
  const { text } = input;
  if (m[1] === 'json') return /"service"\s*:/.test(text) && /"provider"\s*:/.test(text) ? 'json' : undefined;
  return /^["']?service["']?[ \t]*:/m.test(text) && /^["']?provider["']?[ \t]*:/m.test(text) ? 'yaml' : undefined;
}

function syntaxFinding(error: NonNullable<Parsed['error']>, format: Format, textLength: number): Finding {
  if (error.tooLarge) return { ruleId: 'template-syntax', severity: 'warning', offset: error.offset, length: 0, message: error.message };
  return { ruleId: 'template-syntax', severity: 'error', offset: error.offset, length: Math.min(Math.max(error.length, 1), textLength - error.offset),
    message: `This service file is not valid ${format === 'yaml' ? 'YAML' : 'JSON'} here (${error.message}), so the Serverless Framework rejects it. hlkms checks the policies written before this point.` };
}

/** The CloudFormation sections under `resources`: one object, or a list of them (`${file(...)}` items are not read). */
const cloudFormationParts = (root: Raw): Raw[] => {
  const resources = valueOf(root, 'resources');
  return resources?.kind === 'seq' ? resources.items : resources ? [resources] : [];
};

/** The functions, by name (`functions` is a mapping, or a list of mappings and `${file(...)}` includes). */
function functionEntries(root: Raw): RawEntry[] {
  const functions = valueOf(root, 'functions');
  const maps = functions?.kind === 'seq' ? functions.items : functions ? [functions] : [];
  return maps.flatMap((m) => (m.kind === 'map' ? m.entries : []));
}

function extract(input: HostInput, format: Format): HostDocument {
  const { text } = input;
  const parsed = format === 'yaml' ? parseYaml(text, 0) : parseJson(text);
  const findings: Finding[] = parsed.error ? [syntaxFinding(parsed.error, format, text.length)] : [];
  const root = parsed.raw ? withMerges(parsed.raw) : undefined;
  if (root?.kind !== 'map') return { host: 'serverless', sites: [], findings };
  const parameters = new Set<string>();
  const types = new Map(Object.entries(GENERATED));
  // serverless-iam-roles-per-function gives each function with statements its own role.
  for (const f of functionEntries(root)) if (entryOf(f.value, 'iamRoleStatements')) types.set(`${normalized(f.key)}IamRoleLambdaExecution`, 'AWS::IAM::Role');
  // One finding for a part whose aliases stand for more than any policy holds; it is not read.
  const within = (entry: RawEntry): boolean => {
    if (!expandsTooFar(entry.value)) return true;
    findings.push({ ruleId: 'template-syntax', severity: 'warning', offset: entry.keyRange.offset, length: entry.keyRange.length,
      message: `Through YAML aliases, \`${entry.key}\` stands for more values than any policy holds, so hlkms does not read it.` });
    return false;
  };
  const resources = new Map<string, Raw>();
  for (const part of cloudFormationParts(root)) {
    const params = valueOf(part, 'Parameters');
    if (params?.kind === 'map') for (const e of params.entries) parameters.add(e.key);
    const res = valueOf(part, 'Resources');
    if (res?.kind !== 'map') continue;
    for (const e of res.entries) {
      const type = scalarString(valueOf(e.value, 'Type')) ?? '';
      types.set(e.key, type);
      if (wanted(type) && within(e)) resources.set(e.key, e.value);
    }
  }
  const writer: HostWriter = format === 'yaml' ? yamlWriter : jsonWriter(jsonPaths(text), 'fn-sub');
  const ctx: SiteContext = { facts: { parameters, resources: types }, text, writer, findings, rawOf: new Map() };
  const provider = valueOf(root, 'provider');
  const role = valueOf(valueOf(provider, 'iam'), 'role');
  const statements = (entry: RawEntry | undefined, name: string) => (entry && within(entry) ? statementsSite(entry, name, ctx) : undefined);
  const candidates: (PolicySite | undefined)[] = [
    statements(entryOf(provider, 'iamRoleStatements'), 'provider.iamRoleStatements'),
    statements(entryOf(role, 'statements'), 'provider.iam.role.statements'),
    ...functionEntries(root).map((f) => statements(entryOf(f.value, 'iamRoleStatements'), `functions.${f.key}.iamRoleStatements`)),
    ...[...resources].flatMap(([id, raw]) => resourceSites(id, types.get(id) ?? '', raw, ctx)),
  ];
  // Nothing after a syntax error is read: what follows it may belong elsewhere, and no verdict rests on it.
  const readable = (s: PolicySite) => !parsed.error || s.range.offset + s.range.length <= parsed.error.offset;
  const sites = candidates.filter((s): s is PolicySite => !!s && readable(s));
  finishResources({ text, format, sites, rawOf: ctx.rawOf, parts: [], facts: ctx.facts }, resources, ctx);
  return { host: 'serverless', sites, findings };
}

export const serverless: HostExtractor = {
  host: 'serverless',
  claims: (input) => formatOf(input) !== undefined,
  extract(input) {
    const format = formatOf(input);
    return format ? extract(input, format) : undefined;
  },
};
