/**
 * One answer for multivalued keys. AWS: multivalued context keys require a set operator; a plain operator
 * compares one value, so it matches a request with exactly one value for the key and never one with several.
 * The evaluator, `hlkms simulate`, the set-operator lint and the hover all say so.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../server/src/cli';
import { conditionKeyMarkdown } from '../../../server/src/service/hover';
import { lint, service } from '../../support/service';
import { ROLE, allowWhen, decide, policy, run } from './support';

const grant = (operator: string, values: string | string[]) => allowWhen({ [operator]: { 'kms:GrantOperations': values } }, 'kms:CreateGrant');
const ops = (...operations: string[]) => ({ action: 'kms:CreateGrant', context: { 'kms:GrantOperations': operations } });

test('a plain StringEquals: one listed operation matches, two never do (even both listed)', () => {
  assert.equal(decide(grant('StringEquals', ['Decrypt', 'Encrypt']), ops('Decrypt')), 'Allow');
  assert.equal(decide(grant('StringEquals', ['Decrypt', 'Encrypt']), ops('Decrypt', 'Encrypt')), 'ImplicitDeny');
  assert.equal(decide(grant('StringEquals', 'Decrypt'), ops('Decrypt', 'RetireGrant')), 'ImplicitDeny');
  const r = run(grant('StringEquals', ['Decrypt', 'Encrypt']), ops('Decrypt', 'Encrypt'));
  assert.match(r.failedConditions[0]!.failures[0]!.reason, /has 2 values in the request.*compares a single value/);
});

test('a plain StringNotEquals: one unlisted operation matches, two never do', () => {
  assert.equal(decide(grant('StringNotEquals', 'Encrypt'), ops('Decrypt')), 'Allow');
  assert.equal(decide(grant('StringNotEquals', 'Encrypt'), ops('Decrypt', 'RetireGrant')), 'ImplicitDeny');
});

test('set operators decide both request shapes', () => {
  assert.equal(decide(grant('ForAnyValue:StringEquals', 'Decrypt'), ops('Decrypt', 'Encrypt')), 'Allow');
  assert.equal(decide(grant('ForAnyValue:StringEquals', 'Decrypt'), ops('Encrypt')), 'ImplicitDeny');
  assert.equal(decide(grant('ForAllValues:StringEquals', ['Decrypt', 'Encrypt']), ops('Decrypt', 'Encrypt')), 'Allow');
  assert.equal(decide(grant('ForAllValues:StringEquals', ['Decrypt', 'Encrypt']), ops('Decrypt', 'RetireGrant')), 'ImplicitDeny');
  assert.equal(decide(grant('ForAllValues:StringEquals', 'Decrypt'), ops('Decrypt')), 'Allow');
});

test('hlkms simulate gives the same answer for one and for two operations', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hlkms-multi-'));
  writeFileSync(join(dir, 'p.json'), policy(grant('StringEquals', ['Decrypt', 'Encrypt'])));
  const sim = async (...context: string[]) => {
    const out: string[] = [];
    const code = await main(['simulate', 'p.json', '--principal', ROLE, '--action', 'kms:CreateGrant', ...context.flatMap((c) => ['--context', c])],
      { out: (s) => out.push(s), err: () => undefined, cwd: dir });
    return { code, out: out.join('\n') };
  };
  const one = await sim('kms:GrantOperations=Decrypt');
  assert.match(one.out, /^Allow/);
  const two = await sim('kms:GrantOperations=Decrypt', 'kms:GrantOperations=Encrypt');
  assert.doesNotMatch(two.out, /^Allow/);
  assert.match(two.out, /compares a single value/);
});

test('the lint message and the hover say what the evaluator does', () => {
  const [f] = lint(policy(grant('StringEquals', ['Decrypt', 'Encrypt'])), 'set-operator');
  assert.ok(f);
  assert.match(f.message, /compares a single value, so it matches only a request with exactly one value for the key, and that value listed; a request with several values never matches/);
  const [neg] = lint(policy(grant('StringNotEquals', 'Encrypt')), 'set-operator');
  assert.match(neg!.message, /exactly one value for the key, and that value not listed/);
  const hover = conditionKeyMarkdown('kms:GrantOperations', service().catalog);
  assert.match(hover!, /compares a single value, so it never matches a request with several/);
});
