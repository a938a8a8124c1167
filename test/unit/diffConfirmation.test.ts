/** The Apply Key Policy confirmation names each public access, lockout, lost HealthLake capability and widened principal. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { confirmationText } from '../../server/src/service/diff/confirmation';
import { READER, catalog, diff, healthLake, policy, rootStatement } from './diffSupport';

const KEY = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const live = policy(rootStatement, healthLake(READER));
const dialog = (next: string, blocking: { line: number; message: string }[] = []) =>
  confirmationText({ key: KEY, keyArn: KEY, diff: diff(live, next), blocking, warnings: 0, healthLake: true }, catalog);

test('a public change: the dialog names public access and the actions anyone gains', () => {
  const c = dialog(policy(rootStatement, healthLake(READER), { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*' }));
  assert.equal(c.risky, true);
  assert.equal(c.button, 'Apply Despite the Risks');
  assert.equal(c.message, `Replacing the key policy of ${KEY} changes who can use it. Review each change before you apply it.`);
  assert.equal(c.detail, [
    KEY, '', 'What the new policy changes:',
    '• Public access: any AWS account could use this key (kms:Decrypt).',
    '• anyone (any AWS account) gains cryptographic use: kms:Decrypt.',
  ].join('\n'));
});

test('a lockout change: the dialog names the lockout and what the account loses for HealthLake, next to the blocking finding', () => {
  const c = dialog(policy(healthLake(READER)), [{ line: 3, message: 'No principal is allowed kms:PutKeyPolicy.' }]);
  assert.equal(c.risky, true);
  assert.equal(c.button, 'Apply Despite Errors');
  const lines = c.detail.split('\n');
  assert.ok(lines.includes('• Lockout: no principal, nor the account through IAM, keeps kms:PutKeyPolicy: nobody could change this key policy again.'), c.detail);
  assert.ok(lines.includes('• account 111122223333 loses HealthLake read: HealthLake could no longer read with this key for it.'), c.detail);
  assert.ok(lines.includes('• Line 3: No principal is allowed kms:PutKeyPolicy.'));
  assert.ok(!lines.some((l) => l.includes(' gains ')), 'nobody gains anything');
});

test('a lost HealthLake capability that now depends on IAM is named', () => {
  const c = dialog(policy(rootStatement, healthLake(READER, ['kms:DescribeKey', 'kms:CreateGrant', 'kms:GenerateDataKey'])));
  assert.match(c.detail, /^• role\/FhirReader \(111122223333\): HealthLake read would depend on its IAM policy \(the key policy allowed it\)\.$/m);
});

test('a meaning-preserving rewrite asks a plain question', () => {
  const c = dialog(policy(healthLake(READER), rootStatement));
  assert.equal(c.risky, false);
  assert.equal(c.button, 'Apply');
  assert.equal(c.message, `Replace the key policy of ${KEY}?`);
  assert.match(c.detail, /It gives and takes away nothing: it evaluates the same as the live policy\./);
});
