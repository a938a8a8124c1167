import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, lint, spanOf } from '../../support/service';
import { keyStatement, policy } from './policyText';

const ID = 'statement-effect';

test('Allow and Deny are fine', () => {
  assert.deepEqual(lint(policy(keyStatement(), keyStatement({ Sid: 'x', Effect: 'Deny' })), ID), []);
});

test('a missing Effect is reported at the statement', () => {
  const text = policy(keyStatement({ Effect: undefined }));
  const [f] = lint(text, ID);
  assert.ok(f);
  assert.equal(f.offset, text.indexOf('{', text.indexOf('[')));
  assert.match(f.message, /no Effect/);
});

test('a wrong-case Effect gets a safe case fix', () => {
  const text = policy(keyStatement({ Effect: 'allow' }));
  const [f] = lint(text, ID);
  assert.ok(f);
  assert.equal(spanOf(text, f), '"allow"');
  assert.equal(f.data?.fixes?.[0]?.safe, true);
  const fixed = applyFix(text, f);
  assert.equal(JSON.parse(fixed).Statement[0].Effect, 'Allow');
  assert.deepEqual(lint(fixed, ID), []);
});

test('a misspelt Effect gets a did-you-mean; nonsense gets none', () => {
  const text = policy(keyStatement({ Effect: 'Dney' }));
  const [f] = lint(text, ID);
  assert.ok(f);
  assert.match(f.message, /Did you mean `Deny`/);
  assert.deepEqual(lint(applyFix(text, f), ID), []);
  const [g] = lint(policy(keyStatement({ Effect: 'Permit' })), ID);
  assert.ok(g);
  assert.equal(g.data?.fixes, undefined);
});
