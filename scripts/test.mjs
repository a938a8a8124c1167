// `npm test`: build, run every suite that exists (service, CDK plugin, LSP, AWS emulator, real editor), then print one
// closing line "N passed, N failed" over all of them.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const only = process.argv.slice(2); // e.g. `npm test -- unit lsp`
const wanted = (suite) => only.length === 0 || only.includes(suite);
const run = (cmd, args, opts = {}) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });

if (!process.env.HLKMS_SKIP_BUILD && run('npm', ['run', '--silent', 'build']).status !== 0) process.exit(1);

// Static checks count as one test: typescript-eslint (floating promises and the like).
let passed = 0;
let failed = 0;
if (wanted('lint')) {
  if (run(process.execPath, [join(root, 'node_modules/eslint/bin/eslint.js'), '.']).status === 0) passed++;
  else failed++;
}

const collect = (dir) => (existsSync(join(root, dir)) ? readdirSync(join(root, dir), { recursive: true })
  .filter((f) => String(f).endsWith('.test.ts')).sort().map((f) => join(dir, String(f))) : []);

const nodeSuites = ['unit', 'cdk', 'lsp', 'editors', 'aws', 'pack'].filter(wanted);
const files = nodeSuites.flatMap((s) => collect(`test/${s}`));
if (files.length) {
  const tap = join(mkdtempSync(join(tmpdir(), 'hlkms-test-')), 'results.tap');
  const r = run(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2',
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=tap', `--test-reporter-destination=${tap}`, ...files]);
  const out = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
  const count = (name) => Number(out.match(new RegExp(`^# ${name} (\\d+)$`, 'm'))?.[1] ?? 0);
  passed += count('pass');
  failed += count('fail') + count('cancelled');
  if (r.status !== 0 && count('fail') + count('cancelled') === 0) failed++;
}

// The editor suites: against this repository, then against the packaged .vsix unpacked on its own.
for (const [suite, script] of [['e2e', 'scripts/e2e.mjs'], ['vsix', 'scripts/e2e-vsix.mjs']]) {
  if (!wanted(suite) || !existsSync(join(root, script))) continue;
  const r = run(process.execPath, [join(root, script)], { stdio: ['inherit', 'pipe', 'inherit'], encoding: 'utf8' });
  process.stdout.write(r.stdout ?? '');
  const m = (r.stdout ?? '').match(/^e2e: (\d+) passed, (\d+) failed/m);
  passed += Number(m?.[1] ?? 0);
  failed += Number(m?.[2] ?? 0);
  if (r.status !== 0 && Number(m?.[2] ?? 0) === 0) failed++;
}

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
