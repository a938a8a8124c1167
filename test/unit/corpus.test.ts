/**
 * The corpus: real public modules and templates that other teams wrote (`test/fixtures/corpus`, sources and
 * licences in its SOURCES.md), linted as `hlkms lint <folder>` lints them. Every error and warning must be one a
 * careful reviewer accepts: the set found equals `accepted.json` (file, rule, line, and why it is right). Info
 * findings are not asserted. A finding that appears is a false alarm until someone argues it into the list.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../server/src/cli';

const corpus = join(__dirname, '..', 'fixtures', 'corpus');

interface Accepted { file: string; rule: string; line: number; why: string }
interface Report {
  files: { path: string; policies: unknown[]; findings: { code: string; severity: string; message: string; range: { start: { line: number } } }[] }[];
}

/** One finding as the list names it: the file under the corpus folder, its 1-based line, its rule. */
const key = (file: string, line: number, rule: string) => `${file}:${line} ${rule}`;

test('the corpus of public modules and templates gives exactly the accepted errors and warnings', async () => {
  const accepted = JSON.parse(readFileSync(join(corpus, 'accepted.json'), 'utf8')) as Accepted[];
  for (const a of accepted) assert.ok(a.why.trim().length > 20, `${key(a.file, a.line, a.rule)} says why it is right`);

  const out: string[] = [];
  const err: string[] = [];
  await main(['lint', '--format', 'json', '.'], { out: (s) => out.push(s), err: (s) => err.push(s), cwd: corpus });
  const report = JSON.parse(out.join('\n')) as Report;

  const found = report.files.flatMap((f) => f.findings
    .filter((x) => x.severity === 'error' || x.severity === 'warning')
    .map((x) => ({ id: key(f.path, x.range.start.line + 1, x.code), message: `${x.severity}: ${x.message}` })));
  const foundIds = found.map((f) => f.id).sort();
  const acceptedIds = accepted.map((a) => key(a.file, a.line, a.rule)).sort();

  const unexpected = found.filter((f) => !acceptedIds.includes(f.id)).map((f) => `${f.id}  ${f.message}`);
  const missing = acceptedIds.filter((id) => !foundIds.includes(id));
  const withPolicies = report.files.filter((f) => f.policies.length > 0).length;
  console.log(`corpus: ${report.files.length} files (${withPolicies} with policies read), ${accepted.length} accepted findings`);
  assert.deepEqual(
    { unexpected, missing },
    { unexpected: [], missing: [] },
    `errors and warnings not in accepted.json are false alarms to fix; accepted ones no longer found are misses`,
  );
  assert.deepEqual(foundIds, acceptedIds, 'each accepted finding is found exactly as often as it is listed');
});
