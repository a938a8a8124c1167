/** The placeholder taxonomy (hosts/placeholders.ts): which `${...}`, `{{...}}`, `#{...}` and `<...>` are holes, and of what kind. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { holed, isIamVariable, scanMarkers } from '../../../server/src/service/hosts/placeholders';
import { displayValue, holes } from '../../../server/src/service/symbolic';
import { fileCatalog } from '../../../server/src/node/catalogFiles';

const kinds = (value: string) => holes(holed(value)).map((h) => `${h.kind}:${h.display}`);

test("IAM's own policy variables stay variables; a clash is decided by IAM's global condition keys in the catalog", () => {
  for (const v of ['${aws:username}', '${aws:PrincipalTag/team}', '${aws:userid}', '${aws:SourceAccount}', '${saml:sub}', '${cognito-identity.amazonaws.com:sub}', '${*}', '${?}', '${$}']) {
    assert.deepEqual(kinds(`arn:aws:s3:::b/${v}/x`), [], v);
  }
  const catalog = fileCatalog();
  for (const key of ['aws:username', 'aws:PrincipalTag/team', 'aws:userid', 'aws:SourceAccount']) assert.equal(catalog.conditionKey(key)?.global, true, key);
  // Serverless's `${aws:accountId}` and `${aws:region}` are not IAM variables: IAM has no such global keys.
  for (const key of ['aws:accountId', 'aws:region']) {
    assert.equal(catalog.conditionKey(key), undefined, key);
    assert.equal(isIamVariable(key), false, key);
  }
  assert.deepEqual(kinds('arn:aws:iam::${aws:accountId}:root'), ['account:aws:accountId']);
  assert.deepEqual(kinds('healthlake.${aws:region}.amazonaws.com'), ['region:aws:region']);
});

test('Serverless Framework variables and pseudo parameters are holes; the pseudo parameters are this account, Region and partition', () => {
  for (const v of ['${self:custom.adminArn}', '${opt:stage}', '${sls:stage}', '${env:ADMIN_ROLE}', '${ssm:/kms/admin}', '${cf:network.VpcId}',
    '${cf(us-east-1):shared.RoleArn}', '${file(./config.yml):admin}', '${param:admin}', '${self:custom.${sls:stage}.admin}']) {
    assert.deepEqual(holes(holed(v)).map((h) => h.kind), ['opaque'], v);
  }
  assert.deepEqual(kinds('arn:#{AWS::Partition}:iam::#{AWS::AccountId}:role/x'), ['partition:AWS::Partition', 'account:AWS::AccountId']);
  assert.deepEqual(kinds('kms.#{AWS::Region}.amazonaws.com'), ['region:AWS::Region']);
  assert.deepEqual(kinds('arn:aws:iam::${AWS::AccountId}:root'), ['account:AWS::AccountId']);
  assert.deepEqual(kinds('arn:aws:iam::${self:custom.accountId}:role/admin'), ['account:self:custom.accountId']);
});

test('Jinja, Mustache and Terraform placeholders: values are holes, blocks and comments are not values', () => {
  assert.deepEqual(kinds('arn:aws:iam::{{ account_id }}:role/{{ role | default("admin") }}'), ['account:account_id', 'opaque:role | default("admin")']);
  assert.deepEqual(kinds('{{{principal}}}'), ['opaque:principal']);
  assert.deepEqual(kinds('arn:aws:iam::${account_id}:root'), ['account:account_id']);
  const markers = scanMarkers('{% if x %}{# note #}{{#each a}}{{/each}}%{ for r in roles }%{ endfor }{{! c }}{{else}}');
  assert.deepEqual(markers.map((m) => [m.kind, !!m.opens, !!m.closes]),
    [['block', true, false], ['comment', false, false], ['block', true, false], ['block', false, true], ['block', true, false], ['block', false, true], ['comment', false, false], ['block', true, true]]);
});

test('documentation placeholders are holes; example account ids are real values', () => {
  assert.deepEqual(kinds('arn:aws:iam::<ACCOUNT_ID>:root'), ['account:ACCOUNT_ID']);
  assert.deepEqual(kinds('arn:aws:iam::ACCOUNT_NUMBER_HERE:role/Admin'), ['account:ACCOUNT_NUMBER_HERE']);
  assert.deepEqual(kinds('arn:aws:kms:REGION:account-id:key/<key-id>'), ['region:REGION', 'account:account-id', 'opaque:key-id']);
  assert.deepEqual(kinds('arn:aws:kms:<region>:111122223333:key/*'), ['region:region']);
  for (const real of ['arn:aws:iam::111122223333:root', 'arn:aws:iam::aws:policy/ReadOnlyAccess', 'arn:aws:kms:us-east-1:111122223333:key/*', 'arn:aws:s3:::my-bucket/*']) {
    assert.equal(holed(real), real);
  }
  assert.equal(displayValue(holed('arn:aws:iam::<ACCOUNT_ID>:root')), 'arn:aws:iam::${ACCOUNT_ID}:root');
  assert.deepEqual(kinds('healthlake.REGION.amazonaws.com'), ['region:REGION']);
  assert.deepEqual(kinds('healthlake.<region>.amazonaws.com'), ['region:region']);
  for (const real of ['delivery.logs.amazonaws.com', 'healthlake.us-east-1.amazonaws.com', 'logs.eu-west-1.amazonaws.com']) assert.equal(holed(real), real);
});

test('unbalanced and huge marker text is read in linear time and never throws', () => {
  for (const text of ['{{'.repeat(50_000), '{%'.repeat(50_000), '${'.repeat(50_000), '<a'.repeat(50_000), `\${${'{'.repeat(10_000)}`, '{#'.repeat(50_000)]) {
    assert.equal(typeof holed(text), 'string');
  }
  const many = `arn:aws:s3:::b/${'{{ x }}/'.repeat(20_000)}`;
  assert.equal(holes(holed(many)).length, 20_000);
});
