/**
 * The CDK plugin's cost as `cdk synth` meets it: `cdk synth` runs the app in a fresh process each time, so each
 * synthesis here is its own process too. An app of 20 stacks (each a HealthLake data store and its key, the guide's
 * mistakes in the key policy) is synthesized with the real aws-cdk-lib, without and with the plugin (the shipped
 * bundle, as `require('hlkms/cdk')` loads it), in interleaved runs so drift hits both sides alike. What the plugin
 * adds is the difference of the medians; inside the process, its bundle load and its validate calls are timed too.
 * Target: at most 200 ms. Prints numbers; asserts nothing. Its own process (`HLKMS_BENCH=cdk npm run bench`).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HlkmsValidation as Plugin } from '../../server/src/cdk/index';
import type { PolicyValidationContext } from '../../server/src/cdk/types';
import { synthGuideApp } from '../cdk/guideApp';

const STACKS = 20;
const RUNS = 7;
const TARGET_MS = 200;
const ms = (n: number) => `${n.toFixed(0)} ms`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const since = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e6;

interface Run { synthMs: number; loadMs?: number; validateMs?: number[] }
type App = 'clean' | 'mistakes';
/** Without a plugin; with one that finds nothing (what CDK's own validation step costs); with hlkms. */
type Mode = 'none' | 'noop' | 'hlkms';
const NOOP = { name: 'noop', validate: () => ({ success: true, violations: [] }) } as unknown as Plugin;

/** One synthesis in this process (a child run): the app's whole synthesis, and the plugin's own parts. */
function child(mode: Mode, app: App): Run {
  const outdir = mkdtempSync(join(tmpdir(), 'hlkms-bench-cdk-'));
  console.error = () => {}; // CDK prints the failing report: not part of the numbers
  // CDK's own modules load the same with or without the plugin: loaded first, so their time does not blur the difference.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  for (const m of ['aws-cdk-lib', 'aws-cdk-lib/aws-kms', 'aws-cdk-lib/aws-iam', 'aws-cdk-lib/aws-healthlake']) require(m);
  try {
    const start = process.hrtime.bigint();
    let loadMs: number | undefined;
    const validateMs: number[] = [];
    let plugins: Plugin[] = mode === 'noop' ? [NOOP] : [];
    if (mode === 'hlkms') {
      // The shipped bundle (npm run bench builds it first); this file runs from dist/bench.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { HlkmsValidation } = require(join(__dirname, '..', 'cdk', 'index.js')) as { HlkmsValidation: typeof Plugin };
      loadMs = since(start);
      const plugin = new HlkmsValidation();
      const validate = plugin.validate.bind(plugin);
      plugin.validate = (context: PolicyValidationContext) => {
        const t = process.hrtime.bigint();
        try {
          return validate(context);
        } finally {
          validateMs.push(since(t));
        }
      };
      plugins = [plugin];
    }
    synthGuideApp({ outdir, stacks: STACKS, plugins, clean: app === 'clean' });
    return { synthMs: since(start), loadMs, validateMs };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

function run(mode: Mode, app: App): Run {
  const r = spawnSync(process.execPath, [__filename, 'child', mode, app], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`synthesis failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Run;
}

if (process.argv[2] === 'child') {
  console.log(JSON.stringify(child(process.argv[3] as Mode, process.argv[4] as App)));
} else {
  console.log(`CDK app of ${STACKS} stacks (a data store and a key policy each), each synthesis a fresh process as in cdk synth, ${RUNS} interleaved runs each way:`);
  for (const app of ['clean', 'mistakes'] as const) {
    run('none', app); // CDK's modules into the file cache first
    const runs: Record<Mode, Run[]> = { none: [], noop: [], hlkms: [] };
    for (let i = 0; i < RUNS; i++) for (const mode of ['none', 'noop', 'hlkms'] as const) runs[mode].push(run(mode, app));
    const synth = (mode: Mode) => median(runs[mode].map((r) => r.synthMs));
    const added = synth('hlkms') - synth('none');
    console.log(`  ${app === 'clean' ? 'clean key policies' : "the guide's mistakes in each key policy (CDK builds its violation report)"}: synthesis median ${ms(synth('none'))} without a plugin, ${ms(synth('noop'))} with one that finds nothing, ${ms(synth('hlkms'))} with hlkms`
      + `; inside it, loading hlkms's bundle ${ms(median(runs.hlkms.map((r) => r.loadMs!)))}, its validate (all ${STACKS} templates) ${ms(median(runs.hlkms.map((r) => r.validateMs!.reduce((a, b) => a + b, 0))))}`);
    console.log(`    added by hlkms: ${ms(added)} (target <= ${TARGET_MS} ms: ${added <= TARGET_MS ? 'within target' : 'over target'}), of which CDK's validation step with any plugin ${ms(synth('noop') - synth('none'))}`);
  }
}
