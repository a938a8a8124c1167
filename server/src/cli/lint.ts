/** `hlkms lint`: the language service over files, for people and CI pipelines. */
import { readFileSync, writeFileSync } from 'node:fs';
import { createLanguageService, type LanguageService } from '../service/languageService';
import { fixAll } from '../service/fixes';
import { applyEdits } from '../service/edits';
import { fileCatalog } from '../node/catalogFiles';
import { folderReader } from '../node/folderReader';
import { awaitsSetUp, constructPathAt, hostPolicies, prepareHosts, registerHost, type HostInput } from '../service/hosts/api';
import { terraformHost } from '../service/hosts/terraform';
import type { HostName as EngineHost } from '../service/hosts/types';
import type { KindSetting } from '../service/types';
import { formatJson, formatSarif, formatText, type FileResult } from './format';
import { oneOf, parseArgs, UsageError, type Io } from './io';
import { expand, hostsByName, parseHosts, type HostName, type InputFile } from './lintFiles';

const HELP = `Usage: hlkms lint [--format text|json|sarif] [--kind auto|key-policy|identity-policy] [--hosts LIST] [--healthlake] [--region R] [--fix] PATH...

Lints KMS key policies and IAM policies: JSON policy files, CloudFormation templates (YAML, JSON,
.template), Terraform files (.tf) and templated JSON policies (.json.tpl, .tpl, .j2). Directories are
searched for *.json, *.yaml, *.yml, *.template and *.tf files (node_modules and hidden folders are skipped).
Files that hold no policy are reported as such and produce no findings.

A CDK cloud assembly (a cdk.out folder, its manifest.json, or any folder holding CDK's cdk.out marker file next
to a manifest.json), given or met in a folder search, is read through its manifest: every stack template,
nested stages (assembly-*/) and nested stacks included; assets, tree.json and the rest are not linted. A
finding in a synthesized template names its construct (ClinicalData/FhirKey) after the severity, in JSON as
constructPath (on each finding and policy) and in SARIF as a logical location. A cdk.out without a readable
manifest.json is an unreadable input (exit code 2): synthesize the app again.

  --format      text (default), json, or sarif (SARIF 2.1.0 for code scanning)
  --kind        treat every JSON policy file as this kind of policy instead of detecting it
  --hosts       which hosts to read, comma-separated: json, cloudformation, terraform, templated-json, serverless (default: all)
  --healthlake  treat key policies as meant for Amazon HealthLake even without a mention of it
  --region      region used in suggested fixes when a policy names none
  --fix         apply every safe fix in place (formatting kept), then report what remains

Exit code: 0 no error-severity finding, 1 at least one, 2 usage error or unreadable input.`;

/** The engine's names for the hosts `--hosts` turns on. */
const engineHosts = (hosts: ReadonlySet<HostName>): EngineHost[] =>
  [...hosts].map((h) => (h === 'templated-json' ? 'template-json' : h));

const HOST_LABEL: Record<HostName, string> = {
  json: 'JSON policy', cloudformation: 'CloudFormation template', terraform: 'Terraform file', 'templated-json': 'templated JSON policy',
  serverless: 'Serverless Framework service file',
};

export async function lintCommand(args: string[], io: Io): Promise<number> {
  const { values, flags, positional } = parseArgs(args, { options: ['format', 'kind', 'region', 'hosts'], flags: ['healthlake', 'help', 'fix'] });
  if (flags.has('help')) {
    io.out(HELP);
    return 0;
  }
  const format = oneOf('format', values.format, ['text', 'json', 'sarif'] as const, 'text');
  const kind = oneOf<KindSetting>('kind', values.kind, ['auto', 'key-policy', 'identity-policy'], 'auto');
  const hosts = parseHosts(values.hosts);
  if (positional.length === 0) throw new UsageError('no files given. Usage: hlkms lint [options] PATH...');

  registerHost(terraformHost);
  const files = positional.flatMap((p) => expand(p, io.cwd, hosts));
  const service = createLanguageService({
    catalog: fileCatalog(),
    settings: { kind, healthLake: flags.has('healthlake'), defaultRegion: values.region },
  });
  // A file named explicitly also gets JSON syntax findings when it is not a policy (it was meant to be one).
  const named = createLanguageService({ catalog: fileCatalog(), settings: { ...service.settings, syntaxOfAnyJson: true } });
  const inputs = files.map((file) => ({ file, input: hostInput(file, read(file), hosts) }));
  // Terraform's parser is WebAssembly, set up asynchronously: only worth it when a file needs it.
  if (inputs.some(({ input }) => awaitsSetUp(input))) {
    await prepareHosts().catch((e: unknown) => io.err(`hlkms lint: Terraform files cannot be read here (${(e as Error).message}); they are skipped.`));
  }

  const results = inputs.map(({ file, input }) => {
    if (flags.has('fix')) {
      const fixed = applySafeFixes(service, input);
      if (fixed !== input.text) {
        writeFileSync(file.absolute, fixed);
        input.text = fixed;
      }
    }
    return lintFile(service, named, file, input, hosts);
  });
  for (const r of results) if (r.note) io.err(`hlkms lint: ${r.note}`);
  if (results.length > 0 && results.every((r) => r.policies.length === 0)) {
    io.err(`hlkms lint: no policy found in ${results.length === 1 ? results[0]!.path : `${results.length} files`}.`);
  } else if (results.length === 0) {
    io.err(`hlkms lint: no ${[...hosts].map((h) => HOST_LABEL[h]).join(', ')} files found in ${positional.join(', ')}; nothing was checked.`);
  }

  if (format === 'json') io.out(formatJson(results));
  else if (format === 'sarif') io.out(formatSarif(results));
  else {
    const text = formatText(results);
    if (text) io.out(text);
  }
  return results.some((r) => r.findings.some((f) => f.severity === 'error')) ? 1 : 0;
}

function read(file: InputFile): string {
  try {
    return readFileSync(file.absolute, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${file.display}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

const hostInput = (file: InputFile, text: string, hosts: ReadonlySet<HostName>): HostInput =>
  ({ uri: file.absolute, text, folder: folderReader(file.absolute), hosts: engineHosts(hosts) });

type Linted = FileResult & { note?: string };

/**
 * A file's result: its analysis (`named` for a file given by name, which reports JSON syntax even when it is no
 * policy), or nothing when it is no file hlkms reads.
 */
function lintFile(service: LanguageService, named: LanguageService, file: InputFile, input: HostInput, hosts: ReadonlySet<HostName>): Linted {
  const analysis = (file.named ? named : service).analyze(input);
  const policies = analysis ? hostPolicies(analysis) : [];
  const findings = analysis?.findings ?? [];
  const kind = analysis?.host === 'cloudformation' || analysis?.host === 'terraform' || analysis?.host === 'serverless' ? analysis.host : (policies[0]?.kind ?? 'not-a-policy');
  const note = !file.named || policies.length > 0 ? undefined
    : analysis && analysis.host !== 'json' ? `${file.display}: a ${HOST_LABEL[analysis.host === 'template-json' ? 'templated-json' : analysis.host as HostName]} with no key policy or IAM policy in it.`
      : findings.length === 0 ? notAHost(file, hostsByName(file.absolute), hosts) : undefined;
  const cdk = analysis?.document.origins ? { constructPathAt: (offset: number) => constructPathAt(analysis, offset) } : {};
  return { path: file.display, text: input.text, kind, policies, findings, ...(file.stack ? { stack: file.stack } : {}), ...cdk, ...(note ? { note } : {}) };
}

/** Why a file given by name was not read, in a line on stderr. */
function notAHost(file: InputFile, byName: readonly HostName[], hosts: ReadonlySet<HostName>): string {
  const off = byName.filter((h) => !hosts.has(h));
  if (byName.length > 0 && off.length === byName.length) return `${file.display}: skipped, --hosts leaves out ${off.join(' and ')}.`;
  if (byName.includes('cloudformation') && !byName.includes('json')) {
    return `${file.display}: not a CloudFormation template (no AWSTemplateFormatVersion, nor Resources of AWS:: types); no policy read.`;
  }
  if (byName.includes('terraform')) return `${file.display}: no key policy or IAM policy in this Terraform file.`;
  if (byName.length === 0) {
    return `${file.display}: not a file hlkms reads (JSON policies, CloudFormation templates, Terraform .tf files, templated JSON .json.tpl/.tpl/.j2); no policy read.`;
  }
  return `${file.display}: not a key policy, IAM policy or CloudFormation template; no policy read.`;
}

/** Applies "fix all" until nothing safe is left (a fix can uncover another), at most 10 rounds. */
function applySafeFixes(service: LanguageService, input: HostInput): string {
  let text = input.text;
  for (let round = 0; round < 10; round++) {
    const findings = currentFindings(service, { ...input, text });
    const action = findings && fixAll(findings);
    if (!action) break;
    text = applyEdits(text, action.edits);
  }
  return text;
}

const currentFindings = (service: LanguageService, input: HostInput) => service.analyze(input)?.findings;
