import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lint, spanOf } from '../../support/service';
import { identityStatement, policy } from './policyText';

const ID = 'condition-key-not-applicable';
const s3 = (condition: object, action: unknown = ['s3:GetObject', 's3:PutObject']) =>
  policy(identityStatement({ Action: action, Resource: 'arn:aws:s3:::amzn-s3-demo-bucket/*', Condition: condition }));

test("another service's key on S3 actions is reported at the key: the condition never matches", () => {
  const text = s3({ StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } });
  const [f, ...rest] = lint(text, ID);
  assert.equal(rest.length, 0);
  assert.equal(spanOf(text, f!), '"kms:ViaService"');
  assert.match(f!.message, /key of AWS Key Management Service.*Amazon S3.*never matches.*an Allow allows nothing/);
});

test('iam:PermissionsBoundary on S3 actions is reported; on iam:CreateUser it is fine', () => {
  const cond = { StringEquals: { 'iam:PermissionsBoundary': 'arn:aws:iam::111122223333:policy/Boundary' } };
  assert.equal(lint(s3(cond), ID).length, 1);
  assert.deepEqual(lint(s3(cond, ['iam:CreateUser', 's3:GetObject']), ID), [], 'one action that supports it is enough');
});

test("global keys, keys of the actions' resource types and templated keys apply", () => {
  const text = policy(identityStatement({
    Action: ['kms:Decrypt', 'kms:Encrypt'],
    Condition: {
      StringEquals: { 'aws:PrincipalOrgID': 'o-1234567890', 'kms:EncryptionContext:aws:healthlake:datastore': 'x' },
      'ForAnyValue:StringEquals': { 'kms:ResourceAliases': 'alias/healthlake' },
      Bool: { 'aws:SecureTransport': 'true' },
    },
  }));
  assert.deepEqual(lint(text, ID), []);
  assert.deepEqual(lint(s3({ StringEquals: { 's3:ExistingObjectTag/classification': 'phi' } }, 's3:GetObject'), ID), [], '`<key>` in the data is any text');
});

test('a negated or IfExists condition on such a key always holds and restricts nothing', () => {
  const [f] = lint(s3({ StringNotEqualsIfExists: { 'ec2:ResourceTag/Team': 'data' } }), ID);
  assert.match(f!.message, /always holds and restricts nothing/);
});

test('open-ended actions (*, NotAction, a service from a template) are not judged', () => {
  assert.deepEqual(lint(s3({ StringEquals: { 'kms:ViaService': 'x' } }, '*'), ID), []);
  assert.deepEqual(lint(s3({ StringEquals: { 'kms:ViaService': 'x' } }, 's3:*'), ID).length, 1);
  assert.deepEqual(lint(s3({ StringEquals: { 'kms:ViaService': 'x' } }, '\uE010opaque|var.action\uE011'), ID), []);
});
