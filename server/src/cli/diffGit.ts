/** The policy files changed since a git revision, and their text at that revision (git run as a child process). */
import { execFileSync } from 'node:child_process';
import { UsageError } from './io';

export interface ChangedFile {
  /** Relative to the repository's top folder. */
  path: string;
  /** For a rename: the path at the revision. */
  oldPath?: string;
  status: 'added' | 'modified' | 'renamed' | 'deleted';
}

/** Files hlkms compares: JSON policies (template and Terraform hosts add their extensions here). */
/** Files that may hold key policies: JSON, CloudFormation templates, Terraform, JSON templates. */
export const POLICY_FILE = /\.(json|ya?ml|template|tf|json\.tpl|tpl|j2)$/i;

function git(args: string[], cwd: string): string {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: string };
    if (err.code === 'ENOENT') throw new UsageError('git is not installed or not on PATH');
    const message = (err.stderr ?? '').trim().split('\n')[0] || err.message;
    throw new UsageError(`git ${args[0]} failed: ${message}`);
  }
}

export function repositoryTop(cwd: string): string {
  return git(['rev-parse', '--show-toplevel'], cwd).trim();
}

/** Policy files that differ between `base` and the working tree (untracked files count as added), renames followed. */
export function changedFiles(base: string, paths: readonly string[], cwd: string): ChangedFile[] {
  try {
    git(['rev-parse', '--verify', '--quiet', `${base}^{commit}`], cwd);
  } catch {
    throw new UsageError(`'${base}' is not a commit in this repository (fetch it first, e.g. git fetch origin ${base})`);
  }
  const spec = ['--', ...paths];
  const fields = git(['diff', '--name-status', '-z', '-M', '--no-ext-diff', '--no-textconv', '--no-color', base, ...spec], cwd).split('\0');
  const files: ChangedFile[] = [];
  for (let i = 0; i < fields.length - 1;) {
    const code = fields[i++]!;
    if (code.startsWith('R') || code.startsWith('C')) {
      const oldPath = fields[i++]!;
      const path = fields[i++]!;
      files.push(code.startsWith('R') ? { path, oldPath, status: 'renamed' } : { path, status: 'added' });
    } else {
      const path = fields[i++]!;
      files.push({ path, status: code === 'A' ? 'added' : code === 'D' ? 'deleted' : 'modified' });
    }
  }
  for (const path of git(['ls-files', '-z', '--others', '--exclude-standard', '--full-name', ...spec], cwd).split('\0')) {
    if (path && !files.some((f) => f.path === path)) files.push({ path, status: 'added' });
  }
  return files.filter((f) => POLICY_FILE.test(f.path) || (f.oldPath !== undefined && POLICY_FILE.test(f.oldPath)))
    .sort((a, b) => a.path.localeCompare(b.path));
}

/** A file's text at a revision (path relative to the top folder). */
export function textAt(base: string, path: string, top: string): string {
  return git(['cat-file', 'blob', `${base}:${path}`], top);
}
