import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, applyHostFix, changedLines, describe, fixture, lineOf, serious, span } from './support';

const guide = fixture('guide-example.yaml');
const lines = guide.split('\n');
const lineWith = (s: string) => lines.findIndex((l) => l.includes(s)) + 1;

test("the HealthLake guide's key policy as a template: the principal and the ViaService value on their own lines, nothing on the account root", () => {
  const { findings } = analyze(guide);
  const principal = findings.find((f) => f.ruleId === 'principal-format');
  assert.ok(principal, describe(guide, findings));
  assert.equal(lineOf(guide, principal.offset), lineWith(':HealthLakeFullAccessRole'));
  assert.equal(span(guide, principal), 'arn:aws:iam::${AWS::AccountId}:HealthLakeFullAccessRole');
  const via = findings.find((f) => f.ruleId === 'healthlake-via-service');
  assert.ok(via, describe(guide, findings));
  assert.equal(span(guide, via), 'healthlake.amazonaws.com');
  assert.equal(lineOf(guide, via.offset), lineWith('kms:ViaService'));
  const rootLine = lineWith(':root');
  assert.deepEqual(findings.filter((f) => lineOf(guide, f.offset) === rootLine).map((f) => f.ruleId), []);
});

test('the preferred ViaService fix edits that one line: the Region the stack deploys to, as a plain !Sub', () => {
  const via = analyze(guide).findings.find((f) => f.ruleId === 'healthlake-via-service')!;
  // A key lives in its stack's Region, and a data store uses a key of its own Region: ${AWS::Region} is always right.
  assert.ok(via.data?.fixes?.find((f) => f.preferred)?.safe, 'the Region fix is safe in a template');
  const fixed = applyHostFix(guide, via);
  assert.deepEqual(changedLines(guide, fixed), [lineWith('kms:ViaService')]);
  assert.match(fixed, /^ {16}kms:ViaService: !Sub healthlake\.\$\{AWS::Region\}\.amazonaws\.com$/m);
  assert.equal(analyze(fixed).findings.filter((f) => f.ruleId === 'healthlake-via-service').length, 0);
});

test('the principal inside a !Sub gets no automatic fix: the template computes that value', () => {
  const principal = analyze(guide).findings.find((f) => f.ruleId === 'principal-format')!;
  const fixes = principal.data?.fixes ?? [];
  // A value the template computes gets no automatic fix: the !Sub string has a hole.
  assert.deepEqual(fixes, []);
});

test('applying every safe fix leaves a template with no error', () => {
  let text = guide;
  for (let round = 0; round < 10; round++) {
    const next = serious(analyze(text).findings).find((f) => f.data?.fixes?.some((x) => x.safe || x.preferred));
    if (!next) break;
    text = applyHostFix(text, next);
  }
  const left = serious(analyze(text).findings).filter((f) => f.severity === 'error');
  assert.deepEqual(left.map((f) => f.ruleId), ['principal-format'], describe(text, left));
});
