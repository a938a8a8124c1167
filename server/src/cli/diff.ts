/** `hlkms diff`: what a key policy change gives and takes away, by evaluating both versions. */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileCatalog } from '../node/catalogFiles';
import { diffFile, UnreadablePolicy, type FileDiff } from '../service/diff/file';
import { keyPolicyReader } from '../service/diff/read';
import { createLanguageService } from '../service/languageService';
import { prepareHosts, registerHost } from '../service/hosts/api';
import { terraformHost } from '../service/hosts/terraform';
import { diffJson, filesJson, formatMarkdown, formatText } from '../service/diff/render';
import { isRisky, risks } from '../service/diff/summary';
import { changedFiles, repositoryTop, textAt } from './diffGit';
import { assemblyFolderOf, diskAssembly, isAssemblyFolder } from './assemblyFiles';
import { assemblyKeyPolicies, diffAssemblies, gitAssembly, groupByAssembly } from './diffAssembly';
import { oneOf, parseArgs, UsageError, type Io } from './io';
import type { AssemblyReader } from '../cdk/assembly';

const HELP = `Usage: hlkms diff [--format text|markdown|json] [--region R] OLD NEW
       hlkms diff --base REF [--format text|markdown|json] [--region R] [PATH...]

Compares two versions of a KMS key policy (a JSON policy, or the key policies of a CloudFormation template,
a Terraform file or a JSON template, paired by resource; or of two CDK cloud assemblies, cdk.out, paired by
construct path across all their stacks) by evaluating both: for every principal either version names
or implies (accounts, roles, users, sessions, service principals, and anyone), the decision for every
KMS action; HealthLake's create, write and read capabilities per principal (direct, iam, no); public
exposure and lockout before and after; conditions whose meaning changed. Reordering, reformatting,
renamed Sids and statements split in two are no change.

  --base      compare every policy file changed since the git revision REF (the working tree against
              REF, untracked files included; new files against an empty policy, renames followed,
              deleted files listed). PATH limits the files, as in git diff. A changed file in a committed
              cdk.out compares that whole assembly, its keys paired by construct path.
  --format    text (default), markdown (a pull-request comment), or json
  --region    Region of the HealthLake data stores when the policy names none (default us-east-1)

Exit code: 0 when nobody gains access, no HealthLake capability is lost, and neither lockout nor
public exposure appears; 1 otherwise; 2 for usage errors or unreadable input.`;

export async function diffCommand(args: string[], io: Io): Promise<number> {
  const { values, flags, positional } = parseArgs(args, { options: ['format', 'base', 'region'], flags: ['help'] });
  if (flags.has('help')) {
    io.out(HELP);
    return 0;
  }
  const format = oneOf('format', values.format, ['text', 'markdown', 'json'] as const, 'text');
  const catalog = fileCatalog();
  registerHost(terraformHost);
  const service = createLanguageService({ catalog, settings: { defaultRegion: values.region } });
  const options = { catalog, region: values.region, read: keyPolicyReader(service) };
  const errors: string[] = [];
  const files: FileDiff[] = [];
  const attempt = (run: () => FileDiff | undefined) => {
    try {
      const f = run();
      if (f) files.push(f);
    } catch (e) {
      if (e instanceof UnreadablePolicy) errors.push(e.message);
      else throw e;
    }
  };

  if (values.base !== undefined) {
    const base = values.base;
    const top = repositoryTop(io.cwd);
    const known = new Map<string, boolean>();
    const isAssembly = (folder: string) => {
      let is = known.get(folder);
      if (is === undefined) {
        // An assembly in the working tree, or one at the revision that is no longer there.
        is = existsSync(join(top, folder)) ? isAssemblyFolder(join(top, folder))
          : ['cdk.out', 'manifest.json'].every((f) => gitAssembly(base, folder, top)(f) !== undefined);
        known.set(folder, is);
      }
      return is;
    };
    const { assemblies, files: changed } = groupByAssembly(changedFiles(base, positional, io.cwd), isAssembly);
    await terraformIfNeeded(changed.map((c) => c.path), io);
    for (const folder of assemblies) {
      const policiesOf = (read: AssemblyReader, version: string) =>
        (read('manifest.json') === undefined ? undefined : assemblyKeyPolicies(read, version, options.read));
      attempt(() => diffAssemblies(folder, policiesOf(gitAssembly(base, folder, top), `${folder} (at ${base})`), policiesOf(diskAssembly(join(top, folder)), folder), options));
    }
    for (const c of changed) {
      attempt(() => {
        const oldText = c.status === 'added' ? undefined : textAt(values.base!, c.oldPath ?? c.path, top);
        const newText = c.status === 'deleted' ? undefined : read(join(top, c.path), c.path);
        return diffFile(c.path, oldText, newText, { ...options, oldPath: c.oldPath });
      });
    }
  } else {
    if (positional.length !== 2) throw new UsageError('give two files (OLD NEW), or --base REF. Run `hlkms diff --help` for details.');
    const [oldPath, newPath] = positional as [string, string];
    const [oldAssembly, newAssembly] = [oldPath, newPath].map((p) => assemblyFolderOf(resolve(io.cwd, p)));
    if (oldAssembly && newAssembly) {
      attempt(() => {
        const policies = (folder: string, shown: string) => assemblyKeyPolicies(diskAssembly(folder), shown, options.read);
        const f = diffAssemblies(newPath, policies(oldAssembly, oldPath), policies(newAssembly, newPath), options);
        if (!f) throw new UnreadablePolicy(`neither ${oldPath} nor ${newPath} holds a KMS key policy`);
        return f;
      });
    } else if (oldAssembly || newAssembly) {
      const [assembly, other] = oldAssembly ? [oldPath, newPath] : [newPath, oldPath];
      throw new UsageError(`${assembly} is a cloud assembly and ${other} is not: compare two cloud assemblies (cdk.out) or two files`);
    } else {
      await terraformIfNeeded([oldPath, newPath], io);
      const oldText = read(resolve(io.cwd, oldPath), oldPath);
      const newText = read(resolve(io.cwd, newPath), newPath);
      attempt(() => {
        const f = diffFile(newPath, oldText, newText, options);
        if (!f || f.policies.length === 0) throw new UnreadablePolicy(f?.note ? `${newPath} is ${f.note}` : `neither ${oldPath} nor ${newPath} is a KMS key policy`);
        return { ...f, status: 'modified', oldPath: undefined };
      });
    }
  }

  for (const e of errors) io.err(`hlkms diff: ${e}`);
  if (values.base === undefined && files.length === 0) return 2;
  const single = values.base === undefined && files[0]?.policies.length === 1 ? files[0].policies[0]!.diff : undefined;
  if (format === 'json') io.out(JSON.stringify(single ? diffJson(single) : filesJson(files), null, 2));
  else if (format === 'markdown') io.out(formatMarkdown(files, options.catalog));
  else {
    const text = formatText(files, options.catalog);
    io.out(text || 'No key policy changed.');
  }
  if (errors.length > 0) return 2;
  return files.some((f) => f.policies.some((p) => isRisky(risks(p.diff)))) ? 1 : 0;
}

/** Terraform's parser is WebAssembly, set up asynchronously: only when a .tf file is compared. */
async function terraformIfNeeded(paths: readonly string[], io: Io): Promise<void> {
  if (!paths.some((p) => /\.tf$/i.test(p))) return;
  await prepareHosts().catch((e: unknown) => io.err(`hlkms diff: Terraform files cannot be read here (${(e as Error).message}); they are compared as not holding a key policy.`));
}

function read(absolute: string, shown: string): string {
  try {
    return readFileSync(absolute, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${shown}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}
