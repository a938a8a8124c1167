/**
 * `npm run bench`: speed and memory, printed as numbers (never asserted in tests).
 *  - in-process lint of a 2 KB and a 32 KB key policy (p50/p95) and its ratio to jsonc-parser's bare parse;
 *  - the HealthLake checks' share of the 32 KB lint;
 *  - `hlkms lint` wall time on 1,000 policy files, and its peak memory;
 *  - CLI start: `hlkms lint` on one file and `hlkms diff` on two, against `node -e 0` (test/bench/start.ts);
 *  - over LSP stdio (test/bench/lsp.ts): cold start, edit to diagnostics, server memory;
 *  - as a plain LSP client drives the server (test/bench/lspFullText.ts): the whole text per edit on a 36 KB key
 *    policy, a CloudFormation YAML template and a Terraform file with 36 key policies each, cold start and RSS,
 *    each next to its target;
 *  - policies in infrastructure code (test/bench/hosts.ts, lspHosts.ts): host analysis, `hlkms lint` on 1,000
 *    mixed host files, edit to diagnostics in a 50 KB template and .tf file, memory over 1,000 .tf edits.
 *  - Terraform (test/bench/terraform.ts, its own process first, as it measures memory growth): parse + extract of
 *    a 50 KB .tf file, memory over 1,000 incremental edits.
 * `npm run bench` runs it bundled like the shipped server (scripts/bench.mjs), in a process of its own, so the JSON
 * numbers are not paid for by other benchmarks' heaps. Timings are of steady state:
 * a warm-up, then many runs with the garbage collector left alone, so p95 includes its pauses as users see them.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTree } from 'jsonc-parser';
import { createLanguageService } from '../../server/src/service/languageService';
import { runRules } from '../../server/src/service/rules/run';
import { buildModel } from '../../server/src/service/model';
import { rules } from '../../server/src/service/rules/index';
import { fileCatalog } from '../../server/src/node/catalogFiles';
import { keyPolicyOfSize } from './policies';
import { runLspBench } from './lsp';
import { runLspFullTextBench } from './lspFullText';
import { startBench } from './start';
import { runHostsBench } from './hosts';
import { runLspHostsBench } from './lspHosts';

const root = join(__dirname, '..', '..');
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]!;
const ms = (n: number) => `${n.toFixed(3)} ms`;

const RUNS = 1000;
const WARM_UP = 200;

/** Times `fn` on a fresh `setup()` result each run (setup itself untimed), after a warm-up (JIT, lazy catalog loads). */
function time<T>(fn: (input: T) => void, setup: () => T, runs = RUNS): number[] {
  for (let i = 0; i < WARM_UP; i++) fn(setup());
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const input = setup();
    const t = process.hrtime.bigint();
    fn(input);
    out.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return out;
}

function lintBench(): void {
  const service = createLanguageService({ catalog: fileCatalog(), settings: { healthLake: true } });
  const context = { catalog: service.catalog, settings: service.settings };
  const healthLakeRules = rules.filter((r) => r.category === 'healthlake' || r.category === 'safety');
  console.log(`In-process lint (parse + every rule), ${RUNS} runs each after ${WARM_UP} to warm up:`);
  for (const size of [2048, 32768]) {
    const text = keyPolicyOfSize(size);
    // A new URI each run: an analysis is cached per URI and text, and an edit makes a new text.
    let run = 0;
    const lint = time((t) => service.analyze({ uri: `file:///bench/policy-${run++}.json`, text: t }), () => text);
    const parse = time((t) => parseTree(t), () => text);
    const { findings } = service.analyze({ uri: 'file:///bench/policy.json', text })!;
    const model = buildModel(text);
    // A fresh model each run: the HealthLake analysis is cached per model, and an edit makes a new one.
    const hl = time((m) => runRules(healthLakeRules, m, context), () => buildModel(text));
    console.log(`  ${(Buffer.byteLength(text) / 1024).toFixed(1)} KB key policy (${model.statements.length} statements, ${findings.length} findings):`
      + ` lint p50 ${ms(percentile(lint, 50))}, p95 ${ms(percentile(lint, 95))};`
      + ` jsonc-parser parse p50 ${ms(percentile(parse, 50))}; lint/parse ratio ${(percentile(lint, 50) / percentile(parse, 50)).toFixed(1)};`
      + ` HealthLake + safety rules alone p95 ${ms(percentile(hl, 95))}`);
  }
}

function cliBench(): void {
  const cli = join(root, 'dist', 'server', 'cli.js');
  if (!existsSync(cli)) throw new Error('dist/server/cli.js is missing: run `npm run build`.');
  const dir = mkdtempSync(join(tmpdir(), 'hlkms-bench-'));
  try {
    for (let i = 0; i < 1000; i++) writeFileSync(join(dir, `policy-${String(i).padStart(4, '0')}.json`), keyPolicyOfSize(2048 + (i % 8) * 1024));
    // A preload that reports the process's peak RSS on exit, so memory is measured without other tools.
    const preload = join(dir, 'maxrss.cjs');
    writeFileSync(preload, "process.on('exit', () => process.stderr.write('maxrss=' + process.resourceUsage().maxRSS + '\\n'));");
    execFileSync(process.execPath, [cli, 'lint', '--format', 'json', dir], { stdio: 'ignore' }); // warm the file cache
    const runs: number[] = [];
    let peakKb = 0;
    for (let i = 0; i < 3; i++) {
      const t = process.hrtime.bigint();
      const r = spawnSync(process.execPath, ['--require', preload, cli, 'lint', '--format', 'json', dir], { encoding: 'utf8', maxBuffer: 1 << 28 });
      runs.push(Number(process.hrtime.bigint() - t) / 1e6);
      peakKb = Math.max(peakKb, Number(/maxrss=(\d+)/.exec(r.stderr)?.[1] ?? 0));
    }
    console.log(`hlkms lint on 1,000 key policy files (2-9 KB): wall time best ${ms(Math.min(...runs))}, median ${ms(percentile(runs, 50))};`
      + ` peak memory (max RSS) ${(peakKb / 1024).toFixed(1)} MB`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  lintBench();
  cliBench();
  startBench(join(root, 'dist', 'server', 'cli.js'));
  await runLspBench();
  await runLspFullTextBench();
  await runHostsBench();
  await runLspHostsBench();
  console.log(`bench process peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(1)} MB`);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
