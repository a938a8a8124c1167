/**
 * Entry of the editor tests (extensionTestsPath): runs inside the extension host of a real VS Code,
 * loads every test/e2e/*.test.ts suite (mocha, tdd interface: suite/test) and writes the results as JSON
 * to $HLKMS_E2E_RESULTS/results.json (or test-results/e2e-results.json).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

interface TestResult {
  title: string;
  state: 'passed' | 'failed';
  durationMs?: number;
  error?: string;
}

const repoRoot = path.resolve(__dirname, '..', '..', '..');

function suiteNames(): string[] {
  return fs.readdirSync(path.join(repoRoot, 'test', 'e2e'))
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => f.slice(0, -'.test.ts'.length))
    .sort();
}

export async function run(): Promise<void> {
  const resultsDir = process.env.HLKMS_E2E_RESULTS ?? path.join(repoRoot, 'test-results');
  fs.mkdirSync(resultsDir, { recursive: true });
  const resultsFile = path.join(resultsDir, process.env.HLKMS_E2E_RESULTS ? 'results.json' : 'e2e-results.json');
  const results: TestResult[] = [];
  const save = () => fs.writeFileSync(resultsFile, `${JSON.stringify({ done: false, results }, null, 2)}\n`);

  const mocha = new Mocha({ ui: 'tdd', timeout: 60_000, color: false, reporter: 'spec' });
  if (process.env.HLKMS_E2E_GREP) mocha.grep(process.env.HLKMS_E2E_GREP);
  // Suites are bundled with this file; setting the globals first lets them register as they load.
  mocha.suite.emit('pre-require', globalThis, 'e2e', mocha);
  for (const name of suiteNames()) {
    try {
      await import(`./${name}.test.ts`);
    } catch (err) {
      // A suite added after the last build is not in the bundle: say so instead of running without it.
      results.push({ title: `${name}.test.ts (loading)`, state: 'failed',
        error: `${err instanceof Error ? err.message : String(err)}; run \`npm run build\` to bundle every suite.` });
    }
  }

  save();
  const failures = await new Promise<number>((resolve) => {
    const runner = mocha.run(resolve);
    runner.on('pass', (t) => {
      results.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration });
      save();
    });
    runner.on('fail', (t, err: Error) => {
      results.push({ title: t.fullTitle(), state: 'failed', durationMs: t.duration, error: err?.stack ?? String(err) });
      save();
    });
  });
  fs.writeFileSync(resultsFile, `${JSON.stringify({ done: true, results }, null, 2)}\n`);
  const failed = failures + results.filter((r) => r.title.endsWith('(loading)')).length;
  if (failed > 0) throw new Error(`${failed} editor test(s) failed`);
}
