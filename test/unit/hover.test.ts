import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeJson, cursor, service, spanOf } from '../support/service';

const s = service();
function hover(marked: string) {
  const { text, offset } = cursor(marked);
  const h = s.hover(analyzeJson(s, text), offset);
  return h && { ...h, span: spanOf(text, h) };
}
const policy = (body: string) => `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", ${body}, "Resource": "*"}]}`;
const root = '"Principal": {"AWS": "arn:aws:iam::111122223333:root"}';

test('hovering kms:CreateGrant explains the action and HealthLake\'s grant', () => {
  const h = hover(policy(`${root}, "Action": ["kms:Create|Grant"]`));
  assert.ok(h);
  assert.equal(h.span, '"kms:CreateGrant"');
  assert.match(h.markdown, /Access level:\*\* Permissions management, Write/);
  assert.match(h.markdown, /Resource types:\*\* key \(required\)/);
  assert.match(h.markdown, /kms:GrantOperations/);
  assert.match(h.markdown, /one grant per data store/);
  assert.match(h.markdown, /GenerateDataKeyWithoutPlaintext/);
  assert.match(h.markdown, /retiring that grant makes the data store unreadable/i);
});

test('each of the four HealthLake actions says why HealthLake needs it; others do not', () => {
  for (const [action, why] of [['DescribeKey', /every operation/], ['GenerateDataKey', /every write/], ['Decrypt', /every read/]] as const) {
    const h = hover(policy(`${root}, "Action": "kms:${action}|"`));
    assert.match(h?.markdown ?? '', why, action);
  }
  assert.doesNotMatch(hover(policy(`${root}, "Action": "kms:Sign|"`))?.markdown ?? '', /HealthLake/);
});

test('wildcard and unknown actions', () => {
  assert.match(hover(policy(`${root}, "Action": "kms:Generate*|"`))?.markdown ?? '', /matches \d+ actions.*GenerateDataKey/);
  assert.match(hover(policy(`${root}, "Action": "kms:Frobnicate|"`))?.markdown ?? '', /not an action of AWS Key Management Service/);
});

test('condition keys: type, meaning and the regional ViaService guidance', () => {
  const h = hover(policy(`${root}, "Action": "kms:Decrypt", "Condition": {"StringEquals": {"kms:Via|Service": "healthlake.us-east-1.amazonaws.com"}}`));
  assert.ok(h);
  assert.equal(h.span, '"kms:ViaService"');
  assert.match(h.markdown, /\(String\)/);
  assert.match(h.markdown, /regional/);
  const grantOps = hover(policy(`${root}, "Action": "kms:CreateGrant", "Condition": {"ForAllValues:StringEquals": {"kms:GrantOperations|": ["Decrypt"]}}`));
  assert.match(grantOps?.markdown ?? '', /Multi-valued/);
  assert.match(grantOps?.markdown ?? '', /all nine/);
});

test('the global HealthLake name as a ViaService value is explained', () => {
  const h = hover(policy(`${root}, "Action": "kms:Decrypt", "Condition": {"StringEquals": {"kms:ViaService": "healthlake.amazon|aws.com"}}`));
  assert.match(h?.markdown ?? '', /never matches/);
});

test('operators: set prefixes and IfExists explained', () => {
  const h = hover(policy(`${root}, "Action": "kms:CreateGrant", "Condition": {"ForAllValues:String|Equals": {"kms:GrantOperations": ["Decrypt"]}}`));
  assert.match(h?.markdown ?? '', /condition operator/);
  assert.match(h?.markdown ?? '', /also when the key is absent/);
  assert.match(hover(policy(`${root}, "Action": "kms:Decrypt", "Condition": {"StringLikeIf|Exists": {"kms:ViaService": "x"}}`))?.markdown ?? '', /IfExists/);
});

test('principals are parsed; the HealthLake guide\'s malformed role ARN gets a suggestion', () => {
  const h = hover(policy('"Principal": {"AWS": "arn:aws:iam::111122223333:role/Health|LakeAdmin"}, "Action": "kms:Decrypt"'));
  assert.match(h?.markdown ?? '', /IAM role/);
  assert.match(h?.markdown ?? '', /\| Account \| `111122223333` \|/);
  assert.match(h?.markdown ?? '', /\| Resource \| `role\/HealthLakeAdmin` \|/);
  const bad = hover(policy('"Principal": {"AWS": "arn:aws:iam::111122223333:HealthLake|FullAccessRole"}, "Action": "kms:Decrypt"'));
  assert.match(bad?.markdown ?? '', /Invalid AWS principal/);
  assert.match(bad?.markdown ?? '', /arn:aws:iam::111122223333:role\/HealthLakeFullAccessRole/);
});

test('ARNs in an IAM policy Resource are parsed into partition, Region, account and resource', () => {
  const text = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "arn:aws:kms:us-east-1:111122223333:key/ab|cd"}]}';
  const h = hover(text);
  assert.match(h?.markdown ?? '', /\| Region \| `us-east-1` \|/);
  assert.match(h?.markdown ?? '', /\| Resource \| `key\/abcd` \|/);
});

test('statement keys are documented; a non-policy document has no hovers', () => {
  assert.match(hover(policy(`${root}, "Act|ion": "kms:Decrypt"`))?.markdown ?? '', /only `kms:` actions/);
  assert.equal(hover('{"name": "kms:Create|Grant"}'), undefined);
});

test('the statement verdict, when an evaluator is plugged in, shows on statement keys', async () => {
  const { createLanguageService } = await import('../../server/src/service/languageService');
  const { fileCatalog } = await import('../../server/src/node/catalogFiles');
  const withVerdict = createLanguageService({ catalog: fileCatalog(), statementVerdict: (_m, i) => `verdict for statement ${i}` });
  const { text, offset } = cursor(policy(`${root}, "Act|ion": "kms:Decrypt"`));
  assert.match(withVerdict.hover(analyzeJson(withVerdict, text), offset)?.markdown ?? '', /verdict for statement 0/);
  const sid = cursor('{"Version": "2012-10-17", "Statement": [{"Sid": "A"}, {"Sid": "Heal|thLake", "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "kms:Decrypt", "Resource": "*"}]}');
  assert.equal(withVerdict.hover(analyzeJson(withVerdict, sid.text), sid.offset)?.markdown, 'verdict for statement 1');
});
