/** Which files `hlkms lint` reads: hosts known by file name, the folder search, and `--hosts`. */
import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from './io';
import { isServiceFileName } from '../service/hosts/serverless/extractor';
import { assemblyFolderOf, diskAssembly, isAssemblyFolder, readAssembly } from './assemblyFiles';

/** The hosts `--hosts` chooses from: plain JSON policies, CloudFormation templates, Terraform, templated JSON, Serverless Framework service files. */
export const HOST_NAMES = ['json', 'cloudformation', 'terraform', 'templated-json', 'serverless'] as const;
export type HostName = (typeof HOST_NAMES)[number];

export interface InputFile {
  /** As shown in output: the argument, or the argument joined with the path found under it. */
  display: string;
  absolute: string;
  /** Given by name (not found by a folder search): a file hlkms cannot read says so. */
  named: boolean;
  /** A stack template of a cloud assembly: the stack's name (`Prod/ClinicalData`). */
  stack?: string;
}

/** The hosts a file may hold, by its name: `.json` may be a policy, a CloudFormation template or a templated policy. */
export function hostsByName(path: string): readonly HostName[] {
  const name = basename(path).toLowerCase();
  if (name.endsWith('.tf')) return ['terraform'];
  if (isServiceFileName(name)) return name.endsWith('.json') ? ['serverless', 'json', 'cloudformation'] : ['serverless', 'cloudformation'];
  // A template that Sceptre or Ansible renders (`kms.yaml.j2`) is read as what it renders to.
  if (/\.(ya?ml|template)(\.j2|\.jinja2?)?$/.test(name)) return ['cloudformation'];
  if (name.endsWith('.json')) return ['json', 'cloudformation', 'templated-json'];
  if (/\.json\.(j2|jinja2?)$/.test(name)) return ['templated-json', 'cloudformation'];
  if (/\.(tpl|j2|hbs|mustache)$/.test(name)) return ['templated-json'];
  return [];
}

/** `--hosts json,cloudformation,...` (default: all of them). */
export function parseHosts(value: string | undefined): ReadonlySet<HostName> {
  if (value === undefined) return new Set(HOST_NAMES);
  const names = value.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  const bad = names.filter((n) => !(HOST_NAMES as readonly string[]).includes(n));
  if (bad.length || names.length === 0) {
    throw new UsageError(`--hosts takes a comma-separated list of ${HOST_NAMES.join(', ')} (got '${value}')`);
  }
  return new Set(names as HostName[]);
}

/**
 * Folder search: what a host in `hosts` can live in (`.json`, `.yaml`, `.yml`, `.template`, `.tf`, and the
 * unmistakable template names `.json.tpl`, `.json.j2`, `.json.hbs`, `.json.mustache`, `.yaml.j2`, `.yml.j2`; a bare
 * `.tpl` is read when given by name).
 */
const searched = (name: string, hosts: ReadonlySet<HostName>): boolean => {
  const lower = name.toLowerCase();
  if (!/\.(json|ya?ml|template|tf|json\.(tpl|j2|hbs|mustache)|ya?ml\.j2)$/.test(lower)) return false;
  return hostsByName(lower).some((h) => hosts.has(h));
};

/**
 * The stack templates of a cloud assembly (`cdk.out`, found through its `manifest.json`; assets, `tree.json` and
 * the rest left alone), when CloudFormation is read at all.
 */
function assemblyFiles(folder: string, shown: string, hosts: ReadonlySet<HostName>): InputFile[] {
  if (!hosts.has('cloudformation')) return [];
  return readAssembly(diskAssembly(folder), shown)
    .map((t) => ({ display: join(shown, t.file), absolute: join(folder, t.file), named: false, stack: t.stack }));
}

/**
 * A file as given, or a folder's host files (sorted, recursively; node_modules, hidden folders and `.terraform`
 * skipped). A cloud assembly (`cdk.out`, or its `manifest.json`), given or met on the way, gives its stack templates.
 */
export function expand(path: string, cwd: string, hosts: ReadonlySet<HostName>): InputFile[] {
  const absolute = resolve(cwd, path);
  let stat;
  try {
    stat = statSync(absolute);
  } catch {
    throw new UsageError(`cannot read ${path}: no such file or directory`);
  }
  const assembly = assemblyFolderOf(absolute);
  if (assembly) return assemblyFiles(assembly, assembly === absolute ? path : dirname(path), hosts);
  if (!stat.isDirectory()) return [{ display: path, absolute, named: true }];
  const found: InputFile[] = [];
  const walk = (dir: string, shown: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const abs = join(dir, entry.name);
      const disp = join(shown, entry.name);
      if (entry.isDirectory()) {
        if (isAssemblyFolder(abs)) found.push(...assemblyFiles(abs, disp, hosts));
        else walk(abs, disp);
      } else if (entry.isFile() && searched(entry.name, hosts)) found.push({ display: disp, absolute: abs, named: false });
    }
  };
  walk(absolute, path);
  return found;
}
