/**
 * Diffs at file level: a file holds named policies (a plain JSON policy is one, named ""), the versions'
 * policies are paired by name and each pair is diffed. A `PolicyReader` (read.ts) reads each version.
 */
import { buildModel, type PolicyModel } from '../model';
import { diffPolicies } from './diff';
import type { DiffOptions, PolicyDiff } from './types';

export interface NamedPolicy {
  /** "" for a plain JSON policy; a site name (`Key.KeyPolicy`, `aws_kms_key.k.policy`) in a host file. */
  name: string;
  model: PolicyModel;
  /** The CDK construct of the key, in a template the CDK synthesized (then also its `name`). */
  constructPath?: string;
}

/** What one version of a file holds: its key policies, and for a plain policy of another kind, that kind. */
export interface FilePolicies {
  policies: NamedPolicy[];
  otherKind?: string;
}

/**
 * Reads one version of a file (`label` names it in messages): one policy per key-policy site, named by the site.
 * A file that looks like a key policy and cannot be read throws UnreadablePolicy.
 */
export type PolicyReader = (text: string, path: string, label: string) => FilePolicies;

export type FileStatus = 'added' | 'modified' | 'renamed' | 'deleted';

export interface PolicyPairDiff {
  name: string;
  diff: PolicyDiff;
}

export interface FileDiff {
  path: string;
  oldPath?: string;
  status: FileStatus;
  policies: PolicyPairDiff[];
  /** Why a file was not compared (not a key policy, deleted), for people. */
  note?: string;
}

/** A file hlkms cannot read as the policy it should be: exit code 2. */
export class UnreadablePolicy extends Error {}

const EMPTY = '{"Version": "2012-10-17", "Statement": []}';
/** The policy a new file is compared with: no statements, so nobody has anything. */
export const emptyPolicy = (): PolicyModel => buildModel(EMPTY, 'key-policy');

/** Pairs policies by name; one missing on a side is compared with the empty policy. */
export function pairPolicies(before: readonly NamedPolicy[], after: readonly NamedPolicy[]): { name: string; before: PolicyModel; after: PolicyModel }[] {
  const names = [...new Set([...before.map((p) => p.name), ...after.map((p) => p.name)])];
  const find = (list: readonly NamedPolicy[], name: string) => list.find((p) => p.name === name)?.model ?? emptyPolicy();
  return names.map((name) => ({ name, before: find(before, name), after: find(after, name) }));
}

/**
 * One file's versions (undefined: the file does not exist in that version). A deleted file is reported, not
 * compared: the policy it held may live on elsewhere, and nothing in the repository grants it any more.
 */
export function diffFile(path: string, oldText: string | undefined, newText: string | undefined, options: DiffOptions & { oldPath?: string; read: PolicyReader }): FileDiff | undefined {
  const oldPath = options.oldPath && options.oldPath !== path ? options.oldPath : undefined;
  const status: FileStatus = newText === undefined ? 'deleted' : oldText === undefined ? 'added' : oldPath ? 'renamed' : 'modified';
  const before: FilePolicies = oldText === undefined ? { policies: [] } : options.read(oldText, oldPath ?? path, `${oldPath ?? path} (old version)`);
  if (newText === undefined) {
    return before.policies.length > 0 ? { path, status, policies: [], note: 'deleted: the key policy is no longer in the repository' } : undefined;
  }
  const after = options.read(newText, path, path);
  if (before.policies.length === 0 && after.policies.length === 0) {
    const kind = after.otherKind ?? before.otherKind;
    return kind ? { path, oldPath, status, policies: [], note: `${kind === 'identity-policy' ? 'an IAM identity policy' : 'a resource policy'}: only KMS key policies are compared` } : undefined;
  }
  return { ...diffNamed(path, before.policies, after.policies, options), oldPath, status };
}

/** Two versions' key policies, paired by name (a file's, or a whole cloud assembly's), compared pair by pair. */
export function diffNamed(path: string, before: readonly NamedPolicy[], after: readonly NamedPolicy[], options: DiffOptions): FileDiff {
  const policies = pairPolicies(before, after).map((p) => ({ name: p.name, diff: diffPolicies(p.before, p.after, options) }));
  return { path, status: 'modified', policies };
}
