/** The verdict for key states the emulator cannot produce (pending import, unavailable) and the counts. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { verdict, type VerdictInput } from '../../server/src/inspect/verdict';
import { HEALTHLAKE_GRANT_OPERATIONS, type KeyFacts } from '../../server/src/inspect/types';

const key = (over: Partial<KeyFacts> = {}): KeyFacts => ({
  arn: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab', keyId: '1234abcd-12ab-34cd-56ef-1234567890ab',
  state: 'Enabled', keySpec: 'SYMMETRIC_DEFAULT', keyUsage: 'ENCRYPT_DECRYPT', keyManager: 'CUSTOMER', multiRegion: false,
  deletionDate: null, rotationEnabled: true, aliases: [], tags: {}, ...over,
});
const store = { id: 'a1', name: 'claims', status: 'ACTIVE', cmkType: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyId: 'alias/claims' };
const fullGrant = { grantId: 'g1', granteePrincipal: 'healthlake.us-east-1.amazonaws.com', retiringPrincipal: null, operations: [...HEALTHLAKE_GRANT_OPERATIONS], missingOperations: [], constraints: null };
const input = (over: Partial<VerdictInput> = {}): VerdictInput => ({ key: key(), datastores: [store], lostDatastores: [], healthLakeGrants: [fullGrant], policy: undefined, ...over });

test('a key pending import or unavailable breaks the data stores that use it', () => {
  const pending = verdict(input({ key: key({ state: 'PendingImport' }) }));
  assert.equal(pending.status, 'broken');
  assert.match(pending.problems[0]!.message, /no key material.*'claims' cannot read or write its data.*ImportKeyMaterial/);
  const unavailable = verdict(input({ key: key({ state: 'Unavailable' }) }));
  assert.equal(unavailable.problems[0]!.code, 'key-unavailable');
  assert.equal(unavailable.status, 'broken');
});

test('a state KMS may add later is a warning, not a crash', () => {
  const v = verdict(input({ key: key({ state: 'Updating' }) }));
  assert.equal(v.status, 'at-risk');
  assert.match(v.problems[0]!.message, /state Updating/);
});

test('grants that could not be listed are not reported missing', () => {
  assert.equal(verdict(input({ healthLakeGrants: undefined })).status, 'healthy');
  assert.equal(verdict(input({ healthLakeGrants: [] })).problems[0]!.code, 'healthlake-grant-missing');
});

test('a healthy key with rotation on has no problems', () => {
  assert.deepEqual(verdict(input()), { status: 'healthy', problems: [] });
});
