/** A file's version at git HEAD, read with the git command line (the repository of the file's own folder). */
import { execFile } from 'node:child_process';
import { dirname, relative, sep } from 'node:path';

const run = (args: string[], cwd: string) => new Promise<string>((resolve, reject) => {
  execFile('git', args, { cwd, encoding: 'utf8', maxBuffer: 1 << 26 }, (error, stdout, stderr) => {
    if (error) reject(Object.assign(error, { stderr }));
    else resolve(stdout);
  });
});

export type HeadVersion =
  | { ok: true; /** undefined: the file is not in HEAD (new, or no commit yet) */ text: string | undefined; path: string }
  | { ok: false; reason: string };

export async function headVersion(file: string): Promise<HeadVersion> {
  let top: string;
  try {
    top = (await run(['rev-parse', '--show-toplevel'], dirname(file))).trim();
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: string };
    return { ok: false, reason: err.code === 'ENOENT' ? 'git is not installed or not on PATH' : `${file} is not in a git repository` };
  }
  const path = relative(top, file).split(sep).join('/');
  try {
    return { ok: true, text: await run(['cat-file', 'blob', `HEAD:${path}`], top), path };
  } catch {
    // Not in HEAD: a new file, or a repository without a commit yet.
    return { ok: true, text: undefined, path };
  }
}
