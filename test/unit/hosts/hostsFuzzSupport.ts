/**
 * The host fuzz tests' engine check and runner: a clear finding or silence, never an exception, an internal error or
 * a range outside the text. A failing input is kept in test/fixtures/fuzz-corpus/hosts/ (named `<hash>.<file name>`)
 * and replayed by hostsFuzz.test.ts.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { applyEdits } from '../../../server/src/service/edits';
import { service } from '../../support/service';
import { fuzzParams } from '../../support/fuzz';

const corpusDir = join(__dirname, '..', '..', 'fixtures', 'fuzz-corpus', 'hosts');
const s = service();

/** Throws when the engine misbehaves on a host file. */
export function check(text: string, name: string, depth = 0): void {
  const a = s.analyze({ uri: `file:///fuzz/${name}`, text });
  if (!a) return;
  const inside = (o: number, l: number) => Number.isInteger(o) && Number.isInteger(l) && o >= 0 && l >= 0 && o + l <= text.length;
  for (const f of a.findings) {
    if (f.ruleId === 'internal-error') throw new Error(f.message);
    if (!inside(f.offset, f.length)) throw new Error(`${f.ruleId}: range ${f.offset}+${f.length} outside a text of ${text.length}`);
    for (const fix of f.data?.fixes ?? []) {
      for (const e of fix.edits) if (!inside(e.offset, e.length)) throw new Error(`${f.ruleId}: fix edit outside the text`);
      if (depth === 0) check(applyEdits(text, fix.edits), name, 1);
    }
  }
  for (const site of a.sites) if (!inside(site.site.range.offset, site.site.range.length)) throw new Error(`site ${site.site.name} outside the text`);
}

export const failureOf = (text: string, name: string): string | undefined => {
  try { check(text, name); return undefined; } catch (e) { return String((e as Error).message).replace(/\d+/g, 'N'); }
};

export const corpus = (): { file: string; text: string }[] => {
  let files: string[] = [];
  try { files = readdirSync(corpusDir); } catch { /* none yet */ }
  return files.map((file) => ({ file, text: readFileSync(join(corpusDir, file), 'utf8') }));
};
/** The corpus file name keeps the host's extension: `<hash>.<name>`. */
export const hostName = (file: string) => file.slice(file.indexOf('.') + 1);

/** Runs a property over generated host files; `fixedSeed` is used unless HLKMS_FUZZ_SEED is set. */
export function run<T>(arb: fc.Arbitrary<T>, toInput: (v: T) => { text: string; name: string }, numRuns: number): void {
  const result = fc.check(fc.property(arb, (v) => { const { text, name } = toInput(v); check(text, name); }), fuzzParams(numRuns));
  if (!result.failed) return;
  const { text, name } = toInput(result.counterexample![0]);
  const failure = failureOf(text, name);
  const known = corpus().find((c) => failureOf(c.text, hostName(c.file)) === failure);
  let file = known?.file;
  if (!known) {
    mkdirSync(corpusDir, { recursive: true });
    file = `${createHash('sha1').update(text).digest('hex').slice(0, 12)}.${name}`;
    writeFileSync(join(corpusDir, file), text);
  }
  assert.fail(`fuzz failure (seed ${result.seed}; ${known ? 'same failure as' : 'saved as'} fuzz-corpus/hosts/${file}): ${String(result.errorInstance)}`);
}

