import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, lint, spanOf } from '../../support/service';
import { keyStatement, policy } from './policyText';

const ID = 'unknown-condition-key';
const withKeys = (keys: Record<string, unknown>) => policy(keyStatement({ Condition: { StringEquals: keys } }));

test('service, global and templated keys are known, in any case', () => {
  const text = withKeys({
    'kms:ViaService': 'x', 'KMS:CALLERACCOUNT': '111122223333', 'aws:PrincipalOrgID': 'o-1',
    'kms:EncryptionContext:department': 'x', 'aws:ResourceTag/team': 'x', 'aws:PrincipalTag/team': 'x',
  });
  assert.deepEqual(lint(text, ID), []);
});

test('a misspelt service key gets did-you-mean and a fix', () => {
  const text = withKeys({ 'kms:ViaServise': 'healthlake.us-east-1.amazonaws.com' });
  const [f] = lint(text, ID);
  assert.ok(f);
  assert.equal(spanOf(text, f), '"kms:ViaServise"');
  assert.match(f.message, /never matches.*Did you mean `kms:ViaService`/);
  assert.deepEqual(lint(applyFix(text, f), ID), []);
});

test('a misspelt templated key keeps the user\'s tag part', () => {
  const text = withKeys({ 'aws:ResourceTags/team': 'x' });
  const [f] = lint(text, ID);
  assert.ok(f);
  assert.match(f.message, /Did you mean `aws:ResourceTag\/team`/);
  assert.deepEqual(lint(applyFix(text, f), ID), []);
  const [g] = lint(withKeys({ 'kms:EncryptionContex:dept': 'x' }), ID);
  assert.match(g!.message, /kms:EncryptionContext:dept/);
});

test('a global key misspelt gets did-you-mean', () => {
  const [f] = lint(withKeys({ 'aws:PrincipalOrgId2': 'o-1' }), ID);
  assert.match(f!.message, /aws:PrincipalOrgID/);
});

test('an unknown service prefix and a key without prefix are reported', () => {
  const [f] = lint(withKeys({ 'kmss:ViaService': 'x' }), ID);
  assert.match(f!.message, /`kmss` is not an AWS service prefix.*kms:ViaService/);
  const [g] = lint(withKeys({ ViaService: 'x' }), ID);
  assert.match(g!.message, /keys look like `service:Name`/);
});
