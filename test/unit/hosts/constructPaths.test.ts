/**
 * The construct path of a resource in a template the CDK synthesized (`Metadata["aws:cdk:path"]`), YAML or JSON: on
 * its policies, its findings and hover; nothing in a template without it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { constructPathAt, hostPolicies } from '../../../server/src/service/hosts/api';
import { service } from '../../support/service';
import { analyze } from './support';

const YAML = `Resources:
  FhirKey9F7DA51D:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              AWS: arn:aws:iam::111122223333:HealthLakeAdmin
            Action: kms:Decrypt
            Resource: "*"
    Metadata:
      aws:cdk:path: ClinicalData/FhirKey/Resource
  ReaderRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { Service: healthlake.amazonaws.com }
            Action: sts:AssumeRole
`;

test('a YAML template (cdk synth prints one): the key policy and its finding name the construct; a resource without metadata none', () => {
  const a = analyze(YAML);
  assert.deepEqual(hostPolicies(a).map((p) => [p.name, p.constructPath]), [['FhirKey9F7DA51D.KeyPolicy', 'ClinicalData/FhirKey'], ['ReaderRole.AssumeRolePolicyDocument', undefined]]);
  const principal = a.findings.find((f) => f.ruleId === 'principal-format');
  assert.ok(principal);
  assert.equal(constructPathAt(a, principal.offset), 'ClinicalData/FhirKey');
  assert.equal(constructPathAt(a, YAML.indexOf('sts:AssumeRole')), undefined);
});

test('JSON: the same, and hover in the key policy names the construct; a template without CDK metadata has no origins', () => {
  const json = JSON.stringify({ Resources: {
    FhirKey9F7DA51D: { Type: 'AWS::KMS::Key', Metadata: { 'aws:cdk:path': 'Prod/ClinicalData/FhirKey/Resource' }, Properties: { KeyPolicy: {
      Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' }] } } },
  } }, null, 1);
  const a = analyze(json, 'cdk.out/ProdClinicalData.template.json');
  assert.deepEqual(hostPolicies(a).map((p) => p.constructPath), ['Prod/ClinicalData/FhirKey']);
  const hover = service().hover(a, json.indexOf('kms:*') + 1);
  assert.match(hover!.markdown, /\*\*CDK construct\*\* `Prod\/ClinicalData\/FhirKey` \(FhirKey9F7DA51D\.KeyPolicy\)$/);

  const plainText = json.replace(/"Metadata": \{[^}]*\},/, '');
  const plain = analyze(plainText, 'template.json');
  assert.equal(plain.document.origins, undefined);
  const plainHover = service().hover(plain, plainText.indexOf('kms:*') + 1);
  assert.ok(plainHover);
  assert.doesNotMatch(plainHover.markdown, /CDK construct/);
});
