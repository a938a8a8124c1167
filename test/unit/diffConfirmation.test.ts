/** The Apply Key Policy confirmation names each public access, lockout, lost HealthLake capability and widened principal. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { confirmationText } from '../../server/src/service/diff/confirmation';
import { READER, catalog, diff, healthLake, policy, rootStatement } from './diffSupport';

const KEY = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const live = policy(rootStatement, healthLake(READER));

test('a public change: the dialog names public access and the actions anyone gains', () => {
  const c = confirmationText(diff(live, policy(rootStatement, healthLake(READER), { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*' })), catalog, KEY);
  assert.equal(c.risky, true);
  assert.match(c.message, /changes who can use it/);
  assert.equal(c.detail, [
    '• Public access: any AWS account could use this key (kms:Decrypt).',
    '• anyone (any AWS account) gains cryptographic use: kms:Decrypt.',
  ].join('\n'));
});

test('a lockout change: the dialog names the lockout and what the account loses for HealthLake', () => {
  const c = confirmationText(diff(live, policy(healthLake(READER))), catalog, KEY);
  assert.equal(c.risky, true);
  const lines = c.detail.split('\n');
  assert.equal(lines[0], '• Lockout: no principal, nor the account through IAM, keeps kms:PutKeyPolicy: nobody could change this key policy again.');
  assert.ok(lines.includes('• account 111122223333 loses HealthLake read: HealthLake could no longer read with this key for it.'), c.detail);
  assert.ok(!lines.some((l) => l.includes('gains')), 'nobody gains anything');
});

test('a meaning-preserving rewrite asks a plain question', () => {
  const c = confirmationText(diff(live, policy(healthLake(READER), rootStatement)), catalog, KEY);
  assert.equal(c.risky, false);
  assert.equal(c.message, `Replace the key policy of ${KEY}?`);
  assert.match(c.detail, /evaluates the same as the live one/);
});
