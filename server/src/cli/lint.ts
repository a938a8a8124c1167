/** `hlkms lint`: the language service over files, for people and CI pipelines. */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createLanguageService, type LanguageService } from '../service/languageService';
import { fixAll } from '../service/fixes';
import { applyEdits } from '../service/edits';
import { fileCatalog } from '../node/catalogFiles';
import type { KindSetting } from '../service/types';
import { formatJson, formatSarif, formatText, type FileResult } from './format';
import { oneOf, parseArgs, UsageError, type Io } from './io';

const HELP = `Usage: hlkms lint [--format text|json|sarif] [--kind auto|key-policy|identity-policy] [--healthlake] [--region R] [--fix] PATH...

Lints KMS key policies and IAM identity policies. Directories are searched for *.json files
(node_modules and hidden folders are skipped). Files that are not policies are reported as such and
produce no findings.

  --format      text (default), json, or sarif (SARIF 2.1.0 for code scanning)
  --kind        treat every file as this kind of policy instead of detecting it
  --healthlake  treat key policies as meant for Amazon HealthLake even without a mention of it
  --region      region used in suggested fixes when a policy names none
  --fix         apply every safe fix in place (formatting kept), then report what remains

Exit code: 0 no error-severity finding, 1 at least one, 2 usage error or unreadable input.`;

export async function lintCommand(args: string[], io: Io): Promise<number> {
  const { values, flags, positional } = parseArgs(args, { options: ['format', 'kind', 'region'], flags: ['healthlake', 'help', 'fix'] });
  if (flags.has('help')) {
    io.out(HELP);
    return 0;
  }
  const format = oneOf('format', values.format, ['text', 'json', 'sarif'] as const, 'text');
  const kind = oneOf<KindSetting>('kind', values.kind, ['auto', 'key-policy', 'identity-policy'], 'auto');
  if (positional.length === 0) throw new UsageError('no files given. Usage: hlkms lint [options] PATH...');

  const files = positional.flatMap((p) => expand(p, io.cwd));
  const searched = createLanguageService({
    catalog: fileCatalog(),
    settings: { kind, healthLake: flags.has('healthlake'), defaultRegion: values.region },
  });
  const named = createLanguageService({ catalog: fileCatalog(), settings: { ...searched.settings, syntaxOfAnyJson: true } });
  const results: FileResult[] = files.map(({ display, absolute, explicit }) => {
    const service = explicit ? named : searched;
    let text: string;
    try {
      text = readFileSync(absolute, 'utf8');
    } catch (e) {
      throw new UsageError(`cannot read ${display}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    if (flags.has('fix')) {
      const fixed = applySafeFixes(service, text);
      if (fixed !== text) {
        writeFileSync(absolute, fixed);
        text = fixed;
      }
    }
    const model = service.parse(text);
    return { path: display, text, kind: model.kind, findings: service.validate(model) };
  });

  if (format === 'json') io.out(formatJson(results));
  else if (format === 'sarif') io.out(formatSarif(results));
  else {
    const text = formatText(results);
    if (text) io.out(text);
  }
  return results.some((r) => r.findings.some((f) => f.severity === 'error')) ? 1 : 0;
}

/** Applies "fix all" until nothing safe is left (a fix can uncover another), at most 10 rounds. */
function applySafeFixes(service: LanguageService, text: string): string {
  for (let round = 0; round < 10; round++) {
    const model = service.parse(text);
    if (model.kind === 'not-a-policy') break;
    const action = fixAll(service.validate(model));
    if (!action) break;
    text = applyEdits(text, action.edits);
  }
  return text;
}

/** A file as given, or a directory's *.json files (sorted, recursively). */
function expand(path: string, cwd: string): { display: string; absolute: string; explicit?: boolean }[] {
  const absolute = resolve(cwd, path);
  let stat;
  try {
    stat = statSync(absolute);
  } catch {
    throw new UsageError(`cannot read ${path}: no such file or directory`);
  }
  if (!stat.isDirectory()) return [{ display: path, absolute, explicit: true }];
  const found: { display: string; absolute: string }[] = [];
  const walk = (dir: string, shown: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const abs = join(dir, entry.name);
      const disp = join(shown, entry.name);
      if (entry.isDirectory()) walk(abs, disp);
      else if (entry.isFile() && entry.name.toLowerCase().endsWith('.json')) found.push({ display: disp, absolute: abs });
    }
  };
  walk(absolute, path);
  return found;
}
