/**
 * The property path CDK's report names a finding by (`Properties/KeyPolicy/Statement/1/...` below the resource's
 * logical id), from a range in a JSON template (what CDK writes) or a YAML one, through `Fn::If` branches and
 * stopping at a value an intrinsic builds.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import { propertyPath, templateLocator } from '../../server/src/cdk/propertyPath';

/** The range of the `nth` (0-based) occurrence of `needle` in `text`. */
function rangeOf(text: string, needle: string, nth = 0) {
  let offset = -1;
  for (let i = 0; i <= nth; i++) {
    offset = text.indexOf(needle, offset + 1);
    assert.ok(offset >= 0, `${needle} #${nth} is in the text`);
  }
  return { offset, length: needle.length };
}

const keyStatement = (principal: unknown, viaService: unknown) => ({
  Sid: 'Use', Effect: 'Allow', Principal: { AWS: principal }, Action: ['kms:Decrypt'], Resource: '*',
  Condition: { StringEquals: { 'kms:ViaService': viaService, 'aws:PrincipalTag/Team': 'clinical' } },
});

const jsonTemplate = JSON.stringify({
  Resources: {
    Key: {
      Type: 'AWS::KMS::Key',
      Properties: {
        KeyPolicy: {
          Version: '2012-10-17',
          Statement: [
            { Sid: 'Root', Effect: 'Allow', Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::111122223333:root']] } }, Action: 'kms:*', Resource: '*' },
            keyStatement('arn:aws:iam::111122223333:HealthLakeFullAccessRole', 'healthlake.amazonaws.com'),
            { 'Fn::If': ['Prod', keyStatement('arn:aws:iam::111122223333:role/Prod', { 'Fn::If': ['East', 'healthlake.us-east-1.amazonaws.com', 'healthlake.global.example'] }), { Ref: 'AWS::NoValue' }] },
          ],
        },
      },
    },
  },
  Outputs: { KeyArn: { Value: { 'Fn::GetAtt': ['Key', 'Arn'] } } },
}, null, 1);

test('JSON: a value, a key, a whole statement, each below the resource by its logical id', () => {
  const at = templateLocator(jsonTemplate);
  assert.deepEqual(at(rangeOf(jsonTemplate, '"healthlake.amazonaws.com"')), { logicalId: 'Key', path: 'Properties/KeyPolicy/Statement/1/Condition/StringEquals/kms:ViaService' });
  assert.deepEqual(at(rangeOf(jsonTemplate, '"arn:aws:iam::111122223333:HealthLakeFullAccessRole"')), { logicalId: 'Key', path: 'Properties/KeyPolicy/Statement/1/Principal/AWS' });
  // A finding on a key names the entry.
  assert.deepEqual(at(rangeOf(jsonTemplate, '"Sid"', 1)), { logicalId: 'Key', path: 'Properties/KeyPolicy/Statement/1/Sid' });
  // A finding over the whole statement stops at the statement.
  const statement = findNodeAtLocation(parseTree(jsonTemplate)!, ['Resources', 'Key', 'Properties', 'KeyPolicy', 'Statement', 1])!;
  assert.deepEqual(at({ offset: statement.offset, length: statement.length }), { logicalId: 'Key', path: 'Properties/KeyPolicy/Statement/1' });
});

test('JSON: a value Fn::Join builds is named where it is used, not by the pieces CDK rendered it from', () => {
  const at = templateLocator(jsonTemplate);
  assert.deepEqual(at(rangeOf(jsonTemplate, '"arn:"')), { logicalId: 'Key', path: 'Properties/KeyPolicy/Statement/0/Principal/AWS' });
  assert.deepEqual(at(rangeOf(jsonTemplate, '"AWS::Partition"')), { logicalId: 'Key', path: 'Properties/KeyPolicy/Statement/0/Principal/AWS' });
});

test('JSON: inside Fn::If the path names the branch, nested choices too', () => {
  const at = templateLocator(jsonTemplate);
  assert.deepEqual(at(rangeOf(jsonTemplate, '"arn:aws:iam::111122223333:role/Prod"')), { logicalId: 'Key', path: 'Properties/KeyPolicy/Statement/2/Fn::If/1/Principal/AWS' });
  assert.deepEqual(at(rangeOf(jsonTemplate, '"healthlake.global.example"')),
    { logicalId: 'Key', path: 'Properties/KeyPolicy/Statement/2/Fn::If/1/Condition/StringEquals/kms:ViaService/Fn::If/2' });
});

test('a key with a slash is escaped as in a JSON Pointer; a range outside Resources is named from the root', () => {
  const at = templateLocator(jsonTemplate);
  assert.deepEqual(at(rangeOf(jsonTemplate, '"clinical"')), { logicalId: 'Key', path: 'Properties/KeyPolicy/Statement/1/Condition/StringEquals/aws:PrincipalTag~1Team' });
  assert.deepEqual(at(rangeOf(jsonTemplate, '"Arn"')), { path: 'Outputs/KeyArn/Value' });
  assert.deepEqual(at({ offset: 0, length: 0 }), { path: '' });
});

const yamlTemplate = `AWSTemplateFormatVersion: "2010-09-09"
Conditions:
  Prod: !Equals [!Ref Env, prod]
Resources:
  DataStoreKey:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Version: 2012-10-17
        Statement:
          - Sid: Root
            Effect: Allow
            Principal:
              AWS: !Sub arn:\${AWS::Partition}:iam::\${AWS::AccountId}:root
            Action: kms:*
            Resource: "*"
          - !If
            - Prod
            - Sid: Use
              Effect: Allow
              Principal: { AWS: "arn:aws:iam::111122223333:HealthLakeFullAccessRole" }
              Action: [kms:Decrypt, kms:GenerateDataKey]
              Resource: "*"
              Condition:
                StringEquals:
                  kms:ViaService: !Join [".", [healthlake, amazonaws, com]]
            - !Ref AWS::NoValue
`;

test('YAML: block and flow collections, short-form !If and !Join, the same paths as JSON', () => {
  const at = templateLocator(yamlTemplate);
  assert.deepEqual(at(rangeOf(yamlTemplate, '"arn:aws:iam::111122223333:HealthLakeFullAccessRole"')),
    { logicalId: 'DataStoreKey', path: 'Properties/KeyPolicy/Statement/1/Fn::If/1/Principal/AWS' });
  assert.deepEqual(at(rangeOf(yamlTemplate, 'kms:GenerateDataKey')), { logicalId: 'DataStoreKey', path: 'Properties/KeyPolicy/Statement/1/Fn::If/1/Action/1' });
  assert.deepEqual(at(rangeOf(yamlTemplate, 'amazonaws')), { logicalId: 'DataStoreKey', path: 'Properties/KeyPolicy/Statement/1/Fn::If/1/Condition/StringEquals/kms:ViaService' });
  assert.deepEqual(at(rangeOf(yamlTemplate, '${AWS::AccountId}')), { logicalId: 'DataStoreKey', path: 'Properties/KeyPolicy/Statement/0/Principal/AWS' });
  assert.deepEqual(at(rangeOf(yamlTemplate, 'Effect', 0)), { logicalId: 'DataStoreKey', path: 'Properties/KeyPolicy/Statement/0/Effect' });
  assert.deepEqual(propertyPath(yamlTemplate, rangeOf(yamlTemplate, 'prod]')), { path: 'Conditions/Prod' });
});

test('a template that does not parse still gives a place: as far as the parser read', () => {
  const broken = '{ "Resources": { "Key": { "Type": "AWS::KMS::Key", "Properties": { "KeyPolicy": { "Statement": [ ';
  assert.deepEqual(propertyPath(broken, rangeOf(broken, '"Statement"')), { logicalId: 'Key', path: 'Properties/KeyPolicy/Statement' });
  assert.deepEqual(propertyPath('', { offset: 0, length: 0 }), { path: '' });
});
