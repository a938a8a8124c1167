/** Cloud assemblies (`cdk.out`) on disk, for `hlkms lint` and `hlkms diff`: which folder is one, and its templates. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { AssemblyError, assemblyTemplates, type AssemblyReader, type AssemblyTemplate } from '../cdk/assembly';
import { UsageError } from './io';

/**
 * A folder CDK synthesized into: named `cdk.out`, or holding CDK's `cdk.out` marker file next to `manifest.json`
 * (an app synthesized with `--output`).
 */
export function isAssemblyFolder(folder: string): boolean {
  if (basename(folder) === 'cdk.out') return true;
  return isFile(join(folder, 'cdk.out')) && existsSync(join(folder, 'manifest.json'));
}

/** The assembly folder a path names: the folder itself, or the folder of its `manifest.json`; undefined otherwise. */
export function assemblyFolderOf(absolute: string): string | undefined {
  if (isDirectory(absolute)) return isAssemblyFolder(absolute) ? absolute : undefined;
  return basename(absolute) === 'manifest.json' && isAssemblyFolder(dirname(absolute)) ? dirname(absolute) : undefined;
}

export const diskAssembly = (folder: string): AssemblyReader => (path) => {
  try {
    return readFileSync(join(folder, path), 'utf8');
  } catch {
    return undefined;
  }
};

/** The templates of an assembly; one that cannot be read is a usage error naming it (`shown`: the folder as given). */
export function readAssembly(read: AssemblyReader, shown: string): AssemblyTemplate[] {
  try {
    return assemblyTemplates(read);
  } catch (e) {
    if (e instanceof AssemblyError) throw new UsageError(`${shown}: ${e.message}`);
    throw e;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
