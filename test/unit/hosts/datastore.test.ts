import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, describe, fixture, lineOf, span } from './support';

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
  assert.match(verdict.message, /encrypted with Key.*role\/Writer: create (yes|no), write (yes|no), read (yes|no)/);
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
