/** Keys with imported key material (`aws_kms_external_key`, `aws_kms_replica_external_key`) hold key policies too. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTf, lineOf, prepared, sitesOf, textAt } from './terraformSupport';

prepared();

const policy = (principal: string) => `jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "Admins"
      Effect    = "Allow"
      Principal = { AWS = "${principal}" }
      Action    = "kms:*"
      Resource  = "*"
    }]
  })`;

test('an external key and a replica external key: each policy is a key policy site, found at its own attribute', () => {
  const text = `data "aws_caller_identity" "current" {}
resource "aws_kms_external_key" "imported" {
  description = "key material from our HSM"
  policy = ${policy('arn:aws:iam::${data.aws_caller_identity.current.account_id}:root')}
}
resource "aws_kms_replica_external_key" "replica" {
  primary_key_arn = "arn:aws:kms:us-east-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab"
  policy = ${policy('arn:aws:iam::${data.aws_caller_identity.current.account_id}:root')}
}
`;
  const sites = sitesOf(text);
  assert.deepEqual(sites.map((s) => [s.name, s.kind, lineOf(text, s.range.offset)]), [
    ['aws_kms_external_key.imported.policy', 'key-policy', 4],
    ['aws_kms_replica_external_key.replica.policy', 'key-policy', 17],
  ]);
  assert.deepEqual(analyzeTf(text).findings.filter((f) => f.severity === 'error' || f.severity === 'warning'), []);
});

test('a mistake in an external key\'s policy is found once, on its line', () => {
  const text = `resource "aws_kms_external_key" "imported" {
  policy = ${policy('arn:aws:iam::111122223333:rooot')}
}
`;
  const findings = analyzeTf(text).findings.filter((f) => f.severity === 'error' || f.severity === 'warning');
  assert.equal(findings.length, 1, findings.map((f) => f.message).join('\n'));
  assert.equal(textAt(text, findings[0]!).includes('rooot'), true);
});

test('a HealthLake data store encrypted with an external key makes that key\'s policy HealthLake\'s', () => {
  const text = `resource "aws_kms_external_key" "imported" {
  policy = ${policy('arn:aws:iam::111122223333:root')}
}
resource "awscc_healthlake_fhir_datastore" "fhir" {
  datastore_type_version = "R4"
  sse_configuration = {
    kms_encryption_config = {
      cmk_type   = "CUSTOMER_MANAGED_KMS_KEY"
      kms_key_id = aws_kms_external_key.imported.arn
    }
  }
}
`;
  const [site] = sitesOf(text);
  assert.equal(site!.healthLake?.datastore, 'awscc_healthlake_fhir_datastore.fhir');
  assert.equal(textAt(text, site!.healthLake!.range), 'aws_kms_external_key.imported.arn');
});
