/** `hlkms lint` as CI pipelines use it: formats, exit codes, directories, kinds, --fix. Run in-process. */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../server/src/cli';

const guide = readFileSync(join(__dirname, '..', 'fixtures', 'healthlake', 'guide-example.json'), 'utf8');
const cleanDir = join(__dirname, '..', 'fixtures', 'clean');
const clean = readFileSync(join(cleanDir, readdirSync(cleanDir).find((f) => f.endsWith('.json'))!), 'utf8');
const workdirs: string[] = [];
after(() => workdirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function hlkms(args: string[], files: Record<string, string> = {}) {
  const cwd = mkdtempSync(join(tmpdir(), 'hlkms-cli-'));
  workdirs.push(cwd);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(cwd, name, '..'), { recursive: true });
    writeFileSync(join(cwd, name), text);
  }
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (s) => out.push(s), err: (s) => err.push(s), cwd });
  const read = (name: string) => readFileSync(join(cwd, name), 'utf8');
  return { code, stdout: out.join('\n'), stderr: err.join('\n'), read };
}

test('text output looks like other linters and the exit code is 1 on errors', async () => {
  const r = await hlkms(['lint', 'key.json'], { 'key.json': guide });
  assert.equal(r.code, 1);
  assert.match(r.stdout, /^key\.json:8:16 error .*MalformedPolicyDocumentException.* \[principal-format\]$/m);
  assert.match(r.stdout, /^key\.json:\d+:\d+ error .*healthlake\.amazonaws\.com.* \[healthlake-via-service\]$/m);
  assert.match(r.stdout, /\d+ problems \(\d+ errors?, \d+ warnings?\) in 1 file$/);
});

test('a clean policy exits 0 and prints nothing', async () => {
  const r = await hlkms(['lint', 'key.json'], { 'key.json': clean });
  assert.equal(r.code, 0, r.stdout);
  assert.equal(r.stdout, '');
});

test('--format json prints exactly the documented shape, zero-based ranges', async () => {
  const r = await hlkms(['lint', '--format', 'json', 'p/key.json', 'p/app.json'], {
    'p/key.json': guide, 'p/app.json': '{"name": "app", "version": "1.0.0"}',
  });
  const report = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(report), ['version', 'files']);
  assert.equal(report.version, 1);
  assert.deepEqual(report.files.map((f: { path: string; kind: string }) => [f.path, f.kind]), [['p/key.json', 'key-policy'], ['p/app.json', 'not-a-policy']]);
  assert.deepEqual(report.files[1].findings, []);
  const principal = report.files[0].findings.find((f: { code: string }) => f.code === 'principal-format');
  assert.deepEqual(Object.keys(principal), ['code', 'severity', 'message', 'range']);
  assert.deepEqual(principal.range, { start: { line: 7, character: 15 }, end: { line: 7, character: 67 } });
  assert.equal(principal.severity, 'error');
});

test('--format sarif is SARIF 2.1.0 with rule metadata and locations', async () => {
  const r = await hlkms(['lint', '--format', 'sarif', 'key.json'], { 'key.json': guide });
  const sarif = JSON.parse(r.stdout);
  assert.equal(sarif.version, '2.1.0');
  const run = sarif.runs[0];
  assert.equal(run.tool.driver.name, 'hlkms');
  const result = run.results.find((x: { ruleId: string }) => x.ruleId === 'principal-format');
  assert.equal(result.level, 'error');
  assert.equal(run.tool.driver.rules[result.ruleIndex].id, 'principal-format');
  assert.ok(run.tool.driver.rules[result.ruleIndex].shortDescription.text.length > 10);
  assert.ok(run.tool.driver.rules[result.ruleIndex].helpUri.includes('#principal-format'));
  assert.deepEqual(result.locations[0].physicalLocation.region, { startLine: 8, startColumn: 16, endLine: 8, endColumn: 68 });
  assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, 'key.json');
});

test('directories are searched for *.json, skipping node_modules and hidden folders', async () => {
  const r = await hlkms(['lint', '--format', 'json', 'policies'], {
    'policies/a.json': clean, 'policies/sub/b.json': guide, 'policies/node_modules/x.json': guide,
    'policies/.git/y.json': guide, 'policies/notes.txt': 'not json',
  });
  assert.deepEqual(JSON.parse(r.stdout).files.map((f: { path: string }) => f.path), ['policies/a.json', 'policies/sub/b.json']);
  assert.equal(r.code, 1);
});

test('--kind forces the kind: an identity policy linted as a key policy gets key-policy findings', async () => {
  const identity = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab' }] });
  const auto = JSON.parse((await hlkms(['lint', '--format', 'json', 'p.json'], { 'p.json': identity })).stdout);
  assert.equal(auto.files[0].kind, 'identity-policy');
  const forced = JSON.parse((await hlkms(['lint', '--format', 'json', '--kind', 'key-policy', 'p.json'], { 'p.json': identity })).stdout);
  assert.equal(forced.files[0].kind, 'key-policy');
  assert.ok(forced.files[0].findings.length > 0);
});

test('usage errors and unreadable input exit 2 with a one-line message and no stack trace', async () => {
  for (const args of [['lint'], ['lint', 'missing.json'], ['lint', '--format', 'xml', 'a.json'], ['lint', '--bogus', 'a.json'], ['frobnicate']]) {
    const r = await hlkms(args, { 'a.json': clean });
    assert.equal(r.code, 2, args.join(' '));
    assert.ok(r.stderr.length > 0 && !/\n\s+at /.test(r.stderr), r.stderr);
  }
});

test('--fix applies the safe fixes in place, keeps formatting, and reports what is left', async () => {
  const broken = guide.replace('"Resource": "*",', '"Resource": "*", // the key itself').replace(/\]\s*\}\s*$/, ',\n  ]\n}\n');
  const r = await hlkms(['lint', '--fix', 'key.json'], { 'key.json': broken });
  const fixed = r.read('key.json');
  assert.doesNotMatch(fixed, /\/\/ the key itself/);
  assert.doesNotMatch(r.stdout, /\[json-syntax\]/);
  assert.match(fixed, /\n {6}"Effect": "Allow",\n/, 'two-space indentation kept');
  assert.ok(JSON.parse(fixed));
});
