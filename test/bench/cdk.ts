/**
 * The CDK plugin's cost: an app of 20 stacks (each a HealthLake data store and its key, the guide's mistakes in the
 * key policy) synthesized in process with the real aws-cdk-lib, without and with the plugin, and the plugin's own
 * `validate` time in each synthesis (the first one in the process loads the IAM reference data). Target: the plugin
 * adds at most 200 ms. Prints numbers; asserts nothing. Its own process (`HLKMS_BENCH=cdk npm run bench`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HlkmsValidation as Plugin } from '../../server/src/cdk/index';
import type { PolicyValidationContext } from '../../server/src/cdk/types';
import { synthGuideApp } from '../cdk/guideApp';

// The shipped bundle (npm run bench builds it first), as `require('hlkms/cdk')` loads it; this file runs from dist/bench.
const loading = process.hrtime.bigint();
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { HlkmsValidation } = require(join(__dirname, '..', 'cdk', 'index.js')) as { HlkmsValidation: typeof Plugin };
const loadMs = Number(process.hrtime.bigint() - loading) / 1e6;

const STACKS = 20;
const ROUNDS = 3;
const TARGET_MS = 200;
const ms = (n: number) => `${n.toFixed(0)} ms`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** The plugin, timing each of its validate calls. */
class TimedPlugin extends HlkmsValidation {
  readonly times: number[] = [];
  override validate(context: PolicyValidationContext) {
    const t = process.hrtime.bigint();
    try {
      return super.validate(context);
    } finally {
      this.times.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
  }
}

function synthMs(plugin?: Plugin): number {
  const outdir = mkdtempSync(join(tmpdir(), 'hlkms-bench-cdk-'));
  // CDK prints the failing report with console.error: not part of the numbers.
  const print = console.error;
  console.error = () => {};
  try {
    const t = process.hrtime.bigint();
    synthGuideApp({ outdir, stacks: STACKS, plugins: plugin ? [plugin] : [] });
    return Number(process.hrtime.bigint() - t) / 1e6;
  } finally {
    console.error = print;
    rmSync(outdir, { recursive: true, force: true });
  }
}

// Once to warm CDK itself up (module loading), then alternating rounds so drift hits both sides alike.
synthMs();
const plugin = new TimedPlugin();
const without: number[] = [];
const withPlugin: number[] = [];
for (let i = 0; i < ROUNDS; i++) {
  without.push(synthMs());
  withPlugin.push(synthMs(plugin));
}
const [cold, ...warm] = plugin.times;
console.log(`CDK app of ${STACKS} stacks (a data store and a key policy each), ${ROUNDS} syntheses each way:`);
console.log(`  synthesis without the plugin: median ${ms(median(without))}; with it: median ${ms(median(withPlugin))} (difference ${ms(median(withPlugin) - median(without))}, mostly CDK's own report)`);
console.log(`  the plugin: loading the bundle ${ms(loadMs)}; validate first in the process ${ms(cold!)} (reads the IAM reference data), then median ${ms(median(warm))}`);
console.log(`  added to the first synthesis (load + first validate): ${ms(loadMs + cold!)}; target <= ${TARGET_MS} ms`);
