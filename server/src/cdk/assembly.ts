/**
 * A cloud assembly (`cdk.out`): the stack templates CDK synthesized, found through `manifest.json`. Stacks
 * (`aws:cloudformation:stack`) name their template; nested stages (`cdk:cloud-assembly`) are assemblies of their own
 * in a sub-folder (`assembly-Prod/`); a stack's nested stacks are file assets of its asset manifest
 * (`*.nested.template.json`). Everything else (assets, `tree.json`, metadata) is left alone. Files are read through
 * a function, so an assembly can be read from disk or from a git revision alike.
 */

/** The text of a file of the assembly (a `/`-separated path relative to its top folder), or undefined when there is none. */
export type AssemblyReader = (path: string) => string | undefined;

export interface AssemblyTemplate {
  /** The template file, relative to the assembly's top folder (`assembly-Prod/ProdClinical30F09F57.template.json`). */
  file: string;
  /** The stack as CDK names it: `ClinicalData`, `Prod/ClinicalData`; a nested stack: its construct path, or its parent's name and file. */
  stack: string;
}

/** A cloud assembly that cannot be read: no `manifest.json`, or one that is not a manifest. */
export class AssemblyError extends Error {}

const MANIFEST = 'manifest.json';
/** Nested stages deeper than this are a loop (a `directoryName` of `.`), not an app. */
const MAX_DEPTH = 16;

interface Artifact {
  type?: unknown;
  displayName?: unknown;
  properties?: { templateFile?: unknown; directoryName?: unknown; file?: unknown };
  dependencies?: unknown;
  metadata?: unknown;
  additionalMetadataFile?: unknown;
}

/** A relative path inside the assembly, or undefined for one that leaves it (absolute, `..`). */
function inside(folder: string, name: unknown): string | undefined {
  if (typeof name !== 'string' || name === '' || /^([\\/]|[a-zA-Z]:)/.test(name)) return undefined;
  const parts = name.split(/[\\/]/).filter((p) => p !== '' && p !== '.');
  if (parts.length === 0 || parts.includes('..')) return undefined;
  return folder + parts.join('/');
}

function readJson(read: AssemblyReader, path: string): unknown {
  const text = read(path);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The artifacts of the manifest at `folder` (`''` or `assembly-Prod/`); a missing or broken one throws. */
function artifactsOf(read: AssemblyReader, folder: string): [string, Artifact][] {
  const path = folder + MANIFEST;
  const text = read(path);
  if (text === undefined) throw new AssemblyError(`no ${path}: not a cloud assembly (run \`cdk synth\` first)`);
  let manifest: unknown;
  try {
    manifest = JSON.parse(text);
  } catch (e) {
    throw new AssemblyError(`${path} is not valid JSON (${(e as Error).message}): synthesize the app again`);
  }
  if (!isObject(manifest) || typeof manifest.version !== 'string' || (manifest.artifacts !== undefined && !isObject(manifest.artifacts))) {
    throw new AssemblyError(`${path} is not a cloud assembly manifest (no version and artifacts): synthesize the app again`);
  }
  return Object.entries(manifest.artifacts ?? {}).filter((e): e is [string, Artifact] => isObject(e[1]));
}

/** Construct paths of nested stack templates, from the metadata entries `aws:cdk:templateFile` (`/ClinicalData/Inner`). */
function templateNames(read: AssemblyReader, folder: string, artifact: Artifact): Map<string, string> {
  const names = new Map<string, string>();
  const file = inside(folder, artifact.additionalMetadataFile);
  for (const metadata of [artifact.metadata, file ? readJson(read, file) : undefined]) {
    if (!isObject(metadata)) continue;
    for (const [path, entries] of Object.entries(metadata)) {
      if (!Array.isArray(entries)) continue;
      for (const e of entries as unknown[]) {
        if (isObject(e) && e.type === 'aws:cdk:templateFile' && typeof e.data === 'string') names.set(e.data, path.replace(/^\//, ''));
      }
    }
  }
  return names;
}

/** The nested stack templates among the file assets of a stack's asset manifests. */
function nestedTemplates(read: AssemblyReader, folder: string, artifact: Artifact, byId: Map<string, Artifact>, stack: string): AssemblyTemplate[] {
  const names = templateNames(read, folder, artifact);
  const out: AssemblyTemplate[] = [];
  const dependencies = Array.isArray(artifact.dependencies) ? artifact.dependencies : [];
  for (const id of dependencies) {
    const assets = typeof id === 'string' ? byId.get(id) : undefined;
    const file = assets?.type === 'cdk:asset-manifest' ? inside(folder, assets.properties?.file) : undefined;
    const manifest = file ? readJson(read, file) : undefined;
    const files = isObject(manifest) && isObject(manifest.files) ? Object.values(manifest.files) : [];
    for (const asset of files) {
      const source = isObject(asset) && isObject(asset.source) ? asset.source : undefined;
      if (typeof source?.path !== 'string' || !source.path.endsWith('.nested.template.json')) continue;
      const template = inside(folder, source.path);
      if (template) out.push({ file: template, stack: names.get(source.path) ?? `${stack} (${source.path})` });
    }
  }
  return out;
}

function templatesAt(read: AssemblyReader, folder: string, depth: number): AssemblyTemplate[] {
  const artifacts = artifactsOf(read, folder);
  const byId = new Map(artifacts);
  const out: AssemblyTemplate[] = [];
  const stages: AssemblyTemplate[] = [];
  for (const [id, artifact] of artifacts) {
    if (artifact.type === 'aws:cloudformation:stack') {
      const file = inside(folder, artifact.properties?.templateFile);
      if (!file) continue;
      const stack = typeof artifact.displayName === 'string' ? artifact.displayName : id;
      out.push({ file, stack }, ...nestedTemplates(read, folder, artifact, byId, stack));
    } else if (artifact.type === 'cdk:cloud-assembly' && depth < MAX_DEPTH) {
      const sub = inside(folder, artifact.properties?.directoryName);
      if (sub) stages.push(...templatesAt(read, `${sub}/`, depth + 1));
    }
  }
  return [...out, ...stages];
}

/** Every stack template of the assembly, each once: its stacks in manifest order (each followed by its nested stacks), then its nested stages'. */
export function assemblyTemplates(read: AssemblyReader): AssemblyTemplate[] {
  const seen = new Set<string>();
  return templatesAt(read, '', 0).filter((t) => !seen.has(t.file) && seen.add(t.file));
}
