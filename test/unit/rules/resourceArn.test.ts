import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, lint, spanOf } from '../../support/service';
import { identityStatement, policy } from './policyText';

const ID = 'resource-arn';
const withResources = (...resources: string[]) => policy(identityStatement({ Resource: resources }));

test('ARNs, wildcards and policy variables are fine', () => {
  const text = withResources('*', 'arn:aws:kms:us-east-1:111122223333:key/abc', 'arn:aws:healthlake:*:111122223333:datastore/fhir/*',
    'arn:aws:s3:::bucket/${aws:username}/*', 'arn:aws:iam::aws:policy/ReadOnlyAccess', 'arn:aws-us-gov:kms:us-gov-west-1:111122223333:key/k');
  assert.deepEqual(lint(text, ID), []);
});

test('a value that is not an ARN is an error', () => {
  const text = withResources('1234abcd-12ab-34cd-56ef-1234567890ab');
  const [f] = lint(text, ID);
  assert.ok(f);
  assert.equal(f.severity, 'error');
  assert.equal(spanOf(text, f), '"1234abcd-12ab-34cd-56ef-1234567890ab"');
});

test('an unknown service gets did-you-mean and a fix', () => {
  const text = withResources('arn:aws:healthlak:us-east-1:111122223333:datastore/fhir/1');
  const [f] = lint(text, ID);
  assert.ok(f);
  assert.match(f.message, /Did you mean `healthlake`/);
  assert.deepEqual(lint(applyFix(text, f), ID), []);
});

test('bad partition, region, account and an empty resource part are reported', () => {
  const text = withResources('arn:amazon:kms:us-east-1:111122223333:key/k', 'arn:aws:kms:useast1:111122223333:key/k',
    'arn:aws:kms:us-east-1:1111:key/k', 'arn:aws:kms:us-east-1:111122223333:');
  const messages = lint(text, ID).map((f) => f.message);
  assert.equal(messages.length, 4);
  assert.match(messages[0]!, /not an AWS partition/);
  assert.match(messages[1]!, /not a Region/);
  assert.match(messages[2]!, /12-digit account/);
  assert.match(messages[3]!, /names no resource/);
});
