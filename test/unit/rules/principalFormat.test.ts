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

test('every principal form AWS documents is valid, in every partition', () => {
  const text = policy(keyStatement({ Principal: {
    AWS: ['arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity E2QWRUHAPOMQZL', 'arn:aws:sts::111122223333:federated-user/Bob',
      'arn:aws-cn:iam::111122223333:root', 'arn:aws-us-gov:iam::111122223333:role/Admin', 'arn:aws-cn:sts::111122223333:assumed-role/Admin/s1'],
    Service: ['logs.us-east-1.amazonaws.com', 'logs.cn-north-1.amazonaws.com.cn', 'healthlake.amazonaws.com'],
    Federated: ['arn:aws:iam::111122223333:saml-provider/Okta', 'cognito-identity.amazonaws.com', 'accounts.google.com', 'graph.facebook.com', 'www.amazon.com',
      'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com'],
    CanonicalUser: '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be',
  } }));
  assert.deepEqual(lint(text, ID).map((f) => f.message), []);
});

test('principals from a template: holes are never malformed, the literal part still decides', () => {
  const account = '\uE010account|AWS::AccountId\uE011';
  const fine = withPrincipal({ AWS: [`arn:aws:iam::${account}:root`, account, '\uE010arn:role|Role.Arn\uE011', `arn:aws:iam::${account}:role/\uE010name:role|Role\uE011`],
    Service: 'healthlake.\uE010urlsuffix|AWS::URLSuffix\uE011' });
  assert.deepEqual(lint(fine, ID), []);
  const text = withPrincipal({ AWS: `arn:aws:iam::${account}:HealthLakeFullAccessRole` });
  const [f] = lint(text, ID);
  assert.match(f!.message, /"arn:aws:iam::\$\{AWS::AccountId\}:HealthLakeFullAccessRole" is not a valid AWS principal.*Did you mean "arn:aws:iam::\$\{AWS::AccountId\}:role\/HealthLakeFullAccessRole"/);
  assert.equal(f!.data, undefined, 'no automatic fix on a value that comes from a template');
});
