/** The property tests' own machinery: a failure is kept as a counterexample and replayed first from then on. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { assertProperty, fuzzParams, fuzzSeed } from '../support/fuzz';

test('without HLKMS_FUZZ_SEED every property runs with the same fixed seed, scaled by HLKMS_FUZZ_SCALE', () => {
  if (process.env.HLKMS_FUZZ_SEED || process.env.HLKMS_FUZZ_SCALE) return; // exploring: the seed is drawn or given
  assert.deepEqual(fuzzParams(60), { seed: fuzzSeed, numRuns: 60 });
  assert.equal(fuzzSeed, 19);
});

test('every test file with property tests takes its seed from test/support/fuzz.ts (directly or through the host fuzz runner)', () => {
  const root = join(__dirname, '..');
  const files = readdirSync(root, { recursive: true }).map(String).filter((f) => f.endsWith('.ts') && !f.startsWith('support'));
  const unseeded = files.filter((f) => {
    const text = readFileSync(join(root, f), 'utf8');
    return /from 'fast-check'|Math\.random\(/.test(text) && !/from '(\.\.\/)+support\/fuzz'|from '\.\/hostsFuzzSupport'/.test(text);
  });
  assert.ok(files.length > 100);
  assert.deepEqual(unseeded, []);
});

test('a counterexample is saved, named in the failure, and replayed before any generated case', () => {
  const name = `self-test-${process.pid}`;
  const file = join(__dirname, '..', 'fixtures', 'property-corpus', `${name}.json`);
  try {
    assert.throws(() => assertProperty(name, fc.property(fc.nat(), (n) => n < 5), 200), new RegExp(`seed ${fuzzSeed}.*saved to property-corpus/${name}\\.json\\) on \\[\\d+\\]`));
    const kept = JSON.parse(readFileSync(file, 'utf8')) as [number][];
    assert.equal(kept.length, 1);
    const [[n]] = kept as [[number]];
    assert.ok(n >= 5);
    // A property that generated cases would hardly hit fails on the kept one first, which is not saved twice.
    assert.throws(() => assertProperty(name, fc.property(fc.nat(), (x) => x !== n), 1), new RegExp(`a counterexample kept in property-corpus/${name}\\.json\\) on \\[${n}\\]`));
    assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), kept);
    assertProperty(name, fc.property(fc.nat(), (x) => x >= 0), 20);
  } finally {
    rmSync(file, { force: true });
  }
  assert.equal(existsSync(file), false);
});
