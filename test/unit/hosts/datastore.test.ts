import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, applyHostFix, describe, fixture, lineOf, serious, span } from './support';

const text = fixture('datastore-key.yaml');
const withKeyId = (value: string) => text.replace('KmsKeyId: !GetAtt Key.Arn', `KmsKeyId: ${value}`);
const healthLakeFindings = (t: string) => analyze(t).findings.filter((f) => f.ruleId.startsWith('healthlake-'));

test("a data store using the template's key makes it HealthLake's: the checks run although the policy never mentions HealthLake", () => {
  assert.ok(healthLakeFindings(text).some((f) => f.ruleId === 'healthlake-missing-action'), describe(text, analyze(text).findings));
  const alone = text.slice(0, text.indexOf('  Datastore:'));
  assert.deepEqual(healthLakeFindings(alone), []);
});

test("the verdict is shown at the data store's KmsKeyId", () => {
  const verdict = analyze(text).findings.find((f) => f.ruleId === 'datastore-key-verdict');
  assert.ok(verdict);
  assert.equal(verdict.severity, 'info');
  assert.equal(span(text, verdict), '!GetAtt Key.Arn');
  assert.equal(lineOf(text, verdict.offset), text.split('\n').findIndex((l) => l.includes('KmsKeyId')) + 1);
  // The Writer statement allows DescribeKey and GenerateDataKey; CreateGrant and Decrypt only come through the account.
  assert.match(verdict.message, /encrypted with Key\b.*: account \$\{AWS::AccountId\}: create iam, write iam, read iam; role\/Writer: create iam, write direct, read iam \(statement "Writer" does not allow `kms:CreateGrant`, `kms:Decrypt`\)/);
  assert.match(verdict.message, /`iam`: only through the account principal, so the caller's IAM policy decides/);
});

test("the guide's example: the verdict says what the findings say, in the words of hlkms diff", () => {
  let guide = readFileSync(join(__dirname, '..', '..', '..', 'samples', 'bad', 'cloudformation', 'healthlake-guide-example.yaml'), 'utf8');
  const verdictOf = (t: string) => analyze(t).findings.find((f) => f.ruleId === 'datastore-key-verdict')?.message ?? '';
  // The role's statement gives it nothing (the findings say so): HealthLake acts for it only if its IAM policy allows.
  assert.ok(analyze(guide).findings.some((f) => f.ruleId === 'healthlake-via-service' && /gives role\/HealthLakeFullAccessRole nothing through HealthLake/.test(f.message)));
  assert.match(verdictOf(guide), /role\/HealthLakeFullAccessRole: create iam, write iam, read iam \(/);
  assert.match(verdictOf(guide), /account \$\{AWS::AccountId\}: create iam, write iam, read iam;/);
  assert.doesNotMatch(verdictOf(guide), /\byes\b|role\/HealthLakeFullAccessRole: create direct/);
  for (let round = 0; round < 5; round++) {
    const next = serious(analyze(guide).findings).find((f) => f.data?.fixes?.length);
    if (!next) break;
    guide = applyHostFix(guide, next);
  }
  guide = guide.replace(':HealthLakeFullAccessRole', ':role/HealthLakeFullAccessRole'); // "Did you mean", no fix: a reference
  assert.deepEqual(serious(analyze(guide).findings), [], describe(guide, analyze(guide).findings));
  assert.match(verdictOf(guide), /role\/HealthLakeFullAccessRole: create direct, write direct, read direct\./);
});

test('the key may be named by !Ref, by its alias resource, or by the alias name', () => {
  for (const v of ['!Ref Key', '!GetAtt [Key, Arn]', '!Ref KeyAlias', 'alias/fhir', '!Sub "arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:alias/fhir"']) {
    const t = withKeyId(v);
    assert.equal(analyze(t).findings.filter((f) => f.ruleId === 'datastore-key-verdict').length, 1, v);
    assert.ok(healthLakeFindings(t).length > 0, v);
  }
});

test('an AWS-owned key, a key from elsewhere, or an unknown alias links nothing', () => {
  const owned = text.replace('CmkType: CUSTOMER_MANAGED_KMS_KEY', 'CmkType: AWS_OWNED_KMS_KEY');
  for (const t of [owned, withKeyId('arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab'), withKeyId('alias/other'), withKeyId('!ImportValue SharedKey')]) {
    assert.deepEqual(analyze(t).findings.filter((f) => f.ruleId === 'datastore-key-verdict' || f.ruleId.startsWith('healthlake-')), []);
  }
});
