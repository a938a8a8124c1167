import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, lint, spanOf } from '../../support/service';
import { keyStatement, policy } from './policyText';

const ID = 'policy-schema';

test('a well-formed key policy has no structure findings', () => {
  assert.deepEqual(lint(policy(keyStatement()), ID), []);
});

test('an unknown statement element is reported on its key, with did-you-mean and a fix', () => {
  const text = policy(keyStatement({ Action: undefined, Actions: 'kms:*' }));
  const [f, ...rest] = lint(text, ID);
  assert.ok(f);
  assert.equal(rest.length, 0);
  assert.equal(spanOf(text, f), '"Actions"');
  assert.match(f.message, /not a statement element.*Did you mean `Action`/);
  const fixed = applyFix(text, f);
  assert.deepEqual(lint(fixed, ID), []);
  assert.deepEqual(lint(fixed, 'action-element'), [], 'the missing Action is not reported twice');
});

test('a case-only misspelling gets a safe fix', () => {
  const text = policy(keyStatement({ Effect: undefined, effect: 'Allow' }));
  const [f] = lint(text, ID);
  assert.ok(f);
  assert.equal(spanOf(text, f), '"effect"');
  assert.equal(f.data?.fixes?.[0]?.safe, true);
  assert.deepEqual(lint(applyFix(text, f)).filter((x) => x.severity === 'error'), []);
  assert.deepEqual(lint(text, 'statement-effect'), [], 'no "missing Effect" on top');
});

test('unknown top-level and principal-type names are reported', () => {
  const text = JSON.stringify({ Version: '2012-10-17', Statment: [], Statement: [keyStatement({ Principal: { aws: '*' } })] }, null, 2);
  const spans = lint(text, ID).map((f) => spanOf(text, f));
  assert.deepEqual(spans, ['"Statment"', '"aws"']);
});

test('wrong value types are reported at the value', () => {
  const text = policy(keyStatement({ Effect: 1, Action: { kms: 'Decrypt' }, Condition: { StringEquals: 'x' } }));
  const findings = lint(text, ID);
  assert.deepEqual(findings.map((f) => spanOf(text, f).replace(/\s+/g, '')), ['1', '{"kms":"Decrypt"}', '"x"']);
  assert.match(findings[0]!.message, /Effect must be the string/);
  assert.match(findings[2]!.message, /condition operator takes an object/);
});

test('an empty Action list is reported', () => {
  const text = policy(keyStatement({ Action: [] }));
  const [f] = lint(text, ID);
  assert.ok(f);
  assert.equal(spanOf(text, f), '[]');
  assert.match(f.message, /list for `Action` is empty/);
});

test('a bad Version or Effect value is left to their own rules', () => {
  const text = policy(keyStatement({ Effect: 'allow' })).replace('2012-10-17', '2012-10-18');
  assert.deepEqual(lint(text, ID), []);
});

test('a statement that is not an object is reported', () => {
  const text = JSON.stringify({ Version: '2012-10-17', Statement: ['x'] });
  const [f] = lint(text, ID, { kind: 'key-policy' });
  assert.ok(f);
  assert.equal(spanOf(text, f), '"x"');
});
