/**
 * The seed and the budget of every property test, so that `npm test` passes or fails
 * for a reason: each file runs with the same fixed seed, printed, and a failure replays.
 * - `HLKMS_FUZZ_SEED=<n>` replays a run; `HLKMS_FUZZ_SEED=random` draws a seed (printed) to explore.
 * - `HLKMS_FUZZ_SCALE=<k>` runs k times as many cases. `npm run fuzz` explores: a random seed, ten times the cases.
 * A failure found is saved for replay before the test fails: the fuzz tests keep their inputs as text files under
 * `test/fixtures/fuzz-corpus*`, the other properties their counterexamples in `test/fixtures/property-corpus/`.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';

/** The seed `npm test` uses: any fixed number will do; changing it is a change to the test suite. */
const FIXED_SEED = 19;

function seedOf(value: string | undefined): number {
  if (value === undefined || value === '') return FIXED_SEED;
  if (value === 'random') return (Date.now() ^ Math.floor(Math.random() * 0x100000000)) | 0;
  const n = Number(value);
  if (!Number.isInteger(n)) throw new Error(`HLKMS_FUZZ_SEED must be an integer or "random", not ${value}`);
  return n;
}

export const fuzzSeed = seedOf(process.env.HLKMS_FUZZ_SEED);
export const fuzzScale = Number(process.env.HLKMS_FUZZ_SCALE ?? 1);
if (!(fuzzScale > 0)) throw new Error(`HLKMS_FUZZ_SCALE must be a positive number, not ${process.env.HLKMS_FUZZ_SCALE}`);
// Also for a property checked with fast-check's own defaults.
fc.configureGlobal({ seed: fuzzSeed });
console.log(`property tests: seed ${fuzzSeed}, scale ${fuzzScale} (replay with HLKMS_FUZZ_SEED=${fuzzSeed} HLKMS_FUZZ_SCALE=${fuzzScale})`);

/** fast-check's parameters for a property of `numRuns` cases at scale 1. */
export const fuzzParams = (numRuns: number): { seed: number; numRuns: number } => ({ seed: fuzzSeed, numRuns: Math.max(1, Math.round(numRuns * fuzzScale)) });

const propertyCorpus = join(__dirname, '..', 'fixtures', 'property-corpus');

/**
 * Checks a property: first on every counterexample it ever failed on (`property-corpus/<name>.json`), then on
 * generated cases. A new counterexample is added to that file (when it is plain JSON) before the test fails.
 */
export function assertProperty<Ts extends [unknown, ...unknown[]]>(name: string, property: fc.IProperty<Ts>, numRuns: number): void {
  const file = join(propertyCorpus, `${name}.json`);
  const examples = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Ts[]) : [];
  const result = fc.check(property, { ...fuzzParams(numRuns), examples });
  if (!result.failed) return;
  const counterexample = result.counterexample!;
  const json = JSON.stringify(counterexample);
  const plain = json !== undefined && fc.stringify(JSON.parse(json)) === fc.stringify(counterexample);
  const known = examples.some((e) => JSON.stringify(e) === json);
  if (plain && !known) {
    mkdirSync(propertyCorpus, { recursive: true });
    writeFileSync(file, `${JSON.stringify([...examples, counterexample], null, 1)}\n`);
  }
  const kept = known ? `a counterexample kept in property-corpus/${name}.json` : plain ? `saved to property-corpus/${name}.json` : 'not plain JSON: replay it by the seed';
  assert.fail(`property failed (seed ${result.seed}, path ${result.counterexample === null ? '' : result.counterexamplePath}; ${kept}) on ${fc.stringify(counterexample)}: ${String(result.errorInstance)}`);
}
