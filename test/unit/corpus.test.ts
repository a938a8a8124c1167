/**
 * The corpus: real public modules and templates that other teams wrote (`test/fixtures/corpus`, sources and
 * licences in its SOURCES.md), linted as `hlkms lint <folder>` lints them. Every error and warning must be one a
 * careful reviewer accepts: the set found equals `accepted.json` (file, rule, line, and why it is right). Info
 * findings are not asserted. A finding that appears is a false alarm until someone argues it into the list.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { main } from '../../server/src/cli';
import { expand, parseHosts } from '../../server/src/cli/lintFiles';

const corpus = join(__dirname, '..', 'fixtures', 'corpus');

interface Accepted { file: string; rule: string; line: number; why: string }
interface Report {
  files: { path: string; policies: unknown[]; findings: { code: string; severity: string; message: string; range: { start: { line: number } } }[] }[];
}

/** What the corpus folder holds besides the published files. */
const OWN_FILES = new Set(['accepted.json', 'SOURCES.md', 'NOTICE']);

/** Every published file under the corpus folder, relative to it. */
const corpusFiles = (dir = corpus): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? corpusFiles(join(dir, e.name)) : OWN_FILES.has(e.name) && dir === corpus ? [] : [relative(corpus, join(dir, e.name))]);

/** One finding as the list names it: the file under the corpus folder, its 1-based line, its rule. */
const key = (file: string, line: number, rule: string) => `${file}:${line} ${rule}`;

test('the corpus of public modules and templates gives exactly the accepted errors and warnings', async (t) => {
  const accepted = JSON.parse(readFileSync(join(corpus, 'accepted.json'), 'utf8')) as Accepted[];
  for (const a of accepted) assert.ok(a.why.trim().length > 20, `${key(a.file, a.line, a.rule)} says why it is right`);

  // The folder, as `hlkms lint <folder>` reads it, and by name the files its search leaves out (a module's bare
  // `.tpl` policy templates, which its `.tf` files pass to `templatefile()`).
  const published = corpusFiles();
  const searched = new Set(expand('.', corpus, parseHosts(undefined)).map((f) => relative(corpus, f.absolute)));
  const named = published.filter((f) => !searched.has(f));
  const out: string[] = [];
  await main(['lint', '--format', 'json', '.', ...named], { out: (s) => out.push(s), err: () => {}, cwd: corpus });
  const report = JSON.parse(out.join('\n')) as Report;
  report.files = report.files.filter((f) => !OWN_FILES.has(f.path));
  assert.deepEqual(report.files.map((f) => f.path).sort(), [...published].sort(), 'every published file is linted once');

  const found = report.files.flatMap((f) => f.findings
    .filter((x) => x.severity === 'error' || x.severity === 'warning')
    .map((x) => ({ id: key(f.path, x.range.start.line + 1, x.code), message: `${x.severity}: ${x.message}` })));
  const foundIds = found.map((f) => f.id).sort();
  const acceptedIds = accepted.map((a) => key(a.file, a.line, a.rule)).sort();

  const unexpected = found.filter((f) => !acceptedIds.includes(f.id)).map((f) => `${f.id}  ${f.message}`);
  const missing = acceptedIds.filter((id) => !foundIds.includes(id));
  const withPolicies = report.files.filter((f) => f.policies.length > 0).length;
  // Reported with the test's result, pass or fail.
  t.diagnostic(`corpus: ${report.files.length} files (${withPolicies} with policies read), ${accepted.length} accepted findings`);
  // Not in accepted.json: a false alarm to fix (or a real mistake to argue into the list). Listed but not found: a miss.
  assert.deepEqual({ unexpected, missing }, { unexpected: [], missing: [] });
  assert.deepEqual(foundIds, acceptedIds, 'each accepted finding is found exactly as often as it is listed');
});
