import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, lint, spanOf } from '../../support/service';
import { keyStatement, policy } from './policyText';

const ID = 'principal-format';
const withPrincipal = (principal: unknown) => policy(keyStatement({ Principal: principal }));

test('accounts, roles, users, assumed roles, service principals and "*" are fine', () => {
  const text = withPrincipal({
    AWS: ['111122223333', 'arn:aws:iam::111122223333:root', 'arn:aws:iam::111122223333:role/path/Admin',
      'arn:aws:iam::111122223333:user/alice', 'arn:aws:sts::111122223333:assumed-role/Admin/session', '*'],
    Service: 'healthlake.amazonaws.com',
  });
  assert.deepEqual(lint(text, ID), []);
  assert.deepEqual(lint(withPrincipal('*'), ID), []);
});

test("the HealthLake guide's principal without role/ is an error whose fix inserts role/", () => {
  const text = withPrincipal({ AWS: 'arn:aws:iam::111122223333:HealthLakeFullAccessRole' });
  const [f] = lint(text, ID);
  assert.ok(f);
  assert.equal(f.severity, 'error');
  assert.equal(spanOf(text, f), '"arn:aws:iam::111122223333:HealthLakeFullAccessRole"');
  assert.match(f.message, /MalformedPolicyDocumentException \(invalid principals\)/);
  assert.equal(f.data?.fixes?.[0]?.preferred, true);
  const fixed = applyFix(text, f);
  assert.equal(JSON.parse(fixed).Statement[0].Principal.AWS, 'arn:aws:iam::111122223333:role/HealthLakeFullAccessRole');
  assert.deepEqual(lint(fixed, ID), []);
});

test('groups are not principals', () => {
  const [f] = lint(withPrincipal({ AWS: 'arn:aws:iam::111122223333:group/Admins' }), ID);
  assert.match(f!.message, /IAM group.*MalformedPolicyDocumentException/);
});

test('a string principal other than "*" and malformed ARNs are errors that say KMS rejects the policy', () => {
  const text = withPrincipal({ AWS: ['arn:aws:iam::1111:root', 'arn:aws:s3:::bucket'], Service: 'healthlake' });
  const findings = lint(text, ID);
  assert.deepEqual(findings.map((f) => spanOf(text, f)), ['"arn:aws:iam::1111:root"', '"arn:aws:s3:::bucket"', '"healthlake"']);
  for (const f of findings) assert.match(f.message, /KMS rejects the key policy/);
  const [g] = lint(withPrincipal('arn:aws:iam::111122223333:root'), ID);
  assert.match(g!.message, /string can only be "\*"/);
});

test('an unknown principal type is left to the structure check', () => {
  const text = withPrincipal({ aws: 'arn:aws:iam::111122223333:root' });
  assert.deepEqual(lint(text, ID), []);
  assert.equal(lint(text, 'policy-schema').length, 1);
});
