/**
 * Diffs at file level: a file holds named policies (a plain JSON policy is one, named ""), the versions'
 * policies are paired by name and each pair is diffed. Hosts that hold several policies per file
 * (CloudFormation, Terraform) plug in at `policiesOf`, returning one entry per policy site.
 */
import { buildModel, type PolicyModel } from '../model';
import { LineIndex } from '../positions';
import { diffPolicies } from './diff';
import type { DiffOptions, PolicyDiff } from './types';

export interface NamedPolicy {
  /** "" for a plain JSON policy; a site name (`Key.KeyPolicy`, `aws_kms_key.k.policy`) in a host file. */
  name: string;
  model: PolicyModel;
  /** The CDK construct of the key, in a template the CDK synthesized (then also its `name`). */
  constructPath?: string;
}

/**
 * Reads the key policies of a host file (a CloudFormation template, a Terraform file, templated JSON): one
 * per key-policy site, named by the site; undefined when the file is not a host file (plain JSON policies).
 */
export type HostPolicies = (text: string, path: string) => NamedPolicy[] | undefined;

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

/**
 * The key policies of one version of a file. Not a policy: none. A policy of another kind: none, and the
 * kind is returned so it can be reported. Malformed JSON that looks like a policy: UnreadablePolicy.
 * Host files plug in here: by `path` (`.yaml`, `.template`, `.tf`, ...), one NamedPolicy per key-policy site,
 * named by the site (`PolicySite.name`), so two versions pair site by site.
 */
export function policiesOf(text: string, path: string, label = path, hosts?: HostPolicies): { policies: NamedPolicy[]; otherKind?: string } {
  const fromHost = hosts?.(text, path);
  if (fromHost) return { policies: fromHost };
  const model = buildModel(text);
  if (model.tooLarge || model.tooDeep) throw new UnreadablePolicy(`${label} is too large or too deeply nested to be a policy`);
  if (model.kind === 'not-a-policy') {
    if (model.parseErrors.length > 0 && /"Statement"/.test(text)) throw new UnreadablePolicy(`${label} is not valid JSON (${syntaxError(model)})`);
    return { policies: [] };
  }
  if (model.parseErrors.length > 0) throw new UnreadablePolicy(`${label} is not valid JSON (${syntaxError(model)})`);
  if (model.kind !== 'key-policy') return { policies: [], otherKind: model.kind };
  return { policies: [{ name: '', model }] };
}

function syntaxError(model: PolicyModel): string {
  const first = model.parseErrors[0];
  if (!first) return 'no JSON object';
  const at = new LineIndex(model.text).position(first.offset);
  return `syntax error at line ${at.line + 1}, column ${at.character + 1}`;
}

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
export function diffFile(path: string, oldText: string | undefined, newText: string | undefined, options: DiffOptions & { oldPath?: string; hosts?: HostPolicies }): FileDiff | undefined {
  const oldPath = options.oldPath && options.oldPath !== path ? options.oldPath : undefined;
  const status: FileStatus = newText === undefined ? 'deleted' : oldText === undefined ? 'added' : oldPath ? 'renamed' : 'modified';
  const before = oldText === undefined ? { policies: [] } : policiesOf(oldText, oldPath ?? path, `${oldPath ?? path} (old version)`, options.hosts);
  if (newText === undefined) {
    return before.policies.length > 0 ? { path, status, policies: [], note: 'deleted: the key policy is no longer in the repository' } : undefined;
  }
  const after = policiesOf(newText, path, path, options.hosts);
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
