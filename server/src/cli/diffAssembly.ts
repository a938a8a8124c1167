/**
 * `hlkms diff` on cloud assemblies: the key policies of every stack template of each version, paired by construct
 * path (CDK derives a logical id from the construct path, so a construct that moves gets a new one; the construct
 * path is the key's identity), compared as one file named by the assembly.
 */
import { posix } from 'node:path';
import type { DiffOptions } from '../service/diff/types';
import { diffNamed, type FileDiff, type NamedPolicy, type PolicyReader } from '../service/diff/file';
import type { AssemblyReader } from '../cdk/assembly';
import { readAssembly } from './assemblyFiles';
import { textAt, type ChangedFile } from './diffGit';

/** The key policies of an assembly, by construct path (a key without one: its stack and logical id). */
export function assemblyKeyPolicies(read: AssemblyReader, shown: string, policies: PolicyReader): NamedPolicy[] {
  return readAssembly(read, shown).flatMap((t) => {
    const text = read(t.file);
    if (text === undefined) return [];
    return policies(text, t.file, `${shown}/${t.file}`).policies.map((p) => (p.constructPath ? p : { ...p, name: `${t.stack} ${p.name}` }));
  });
}

/** Two assemblies (undefined: none in that version) compared as one file named `path`. */
export function diffAssemblies(path: string, before: NamedPolicy[] | undefined, after: NamedPolicy[] | undefined, options: DiffOptions): FileDiff | undefined {
  if (!after) return before?.length ? { path, status: 'deleted', policies: [], note: 'deleted: the cloud assembly is no longer in the repository' } : undefined;
  const diff = diffNamed(path, before ?? [], after, options);
  return diff.policies.length ? { ...diff, status: before ? 'modified' : 'added' } : undefined;
}

/** A file of a git revision, or undefined when it has none. */
export const gitAssembly = (base: string, folder: string, top: string): AssemblyReader => (path) => {
  try {
    return textAt(base, posix.join(folder, path), top);
  } catch {
    return undefined;
  }
};

/**
 * The changed files that lie in a cloud assembly (a folder named `cdk.out`, or one holding CDK's marker file in
 * either version), grouped by assembly folder (relative to the top folder); the rest are compared file by file.
 */
export function groupByAssembly(changed: readonly ChangedFile[], isAssembly: (folder: string) => boolean): { assemblies: string[]; files: ChangedFile[] } {
  const assemblies = new Set<string>();
  const files: ChangedFile[] = [];
  for (const c of changed) {
    const folder = [c.path, c.oldPath].flatMap((p) => (p ? [assemblyOf(p, isAssembly)] : [])).find(Boolean);
    if (folder) assemblies.add(folder);
    else files.push(c);
  }
  return { assemblies: [...assemblies].sort(), files };
}

/** The outermost assembly a file lies in (a nested stage, `assembly-Prod/`, is part of its app's assembly). */
function assemblyOf(path: string, isAssembly: (folder: string) => boolean): string | undefined {
  let found: string | undefined;
  for (let folder = posix.dirname(path); folder !== '.' && folder !== '/'; folder = posix.dirname(folder)) {
    if (isAssembly(folder)) found = folder;
  }
  return found;
}
