/** Policies for the host matrix: the fixtures, and one case for each rule the rule tests exercise, as objects. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { identityStatement as id, keyStatement as key, policy, ROOT, without } from '../rules/policyText';

export interface MatrixCase {
  name: string;
  kind: 'key-policy' | 'identity-policy';
  policy: Record<string, unknown>;
}

const p = (...statements: Record<string, unknown>[]) => JSON.parse(policy(...statements)) as Record<string, unknown>;
const ROLE = 'arn:aws:iam::111122223333:role/HealthLakeRole';
const KEY_ARN = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const healthLake = (over: Record<string, unknown> = {}) => key({
  Sid: 'HealthLake', Principal: { AWS: ROLE }, Action: ['kms:DescribeKey', 'kms:CreateGrant', 'kms:GenerateDataKey', 'kms:Decrypt'],
  Condition: { StringEquals: { 'kms:ViaService': 'healthlake.us-east-1.amazonaws.com', 'kms:CallerAccount': '111122223333' } }, ...over,
});

const ruleCases: MatrixCase[] = [
  { name: 'principal without role/', kind: 'key-policy', policy: p(key(), key({ Sid: 'R', Principal: { AWS: 'arn:aws:iam::111122223333:HealthLakeFullAccessRole' }, Action: 'kms:Decrypt' })) },
  { name: 'group principal', kind: 'key-policy', policy: p(key(), key({ Sid: 'G', Principal: { AWS: 'arn:aws:iam::111122223333:group/Admins' }, Action: 'kms:Decrypt' })) },
  { name: 'string principal', kind: 'key-policy', policy: p(key(), key({ Sid: 'S', Principal: ROOT, Action: 'kms:Decrypt' })) },
  { name: 'effect typo', kind: 'key-policy', policy: p(key(), key({ Sid: 'E', Effect: 'Alow', Action: 'kms:Decrypt' })) },
  { name: 'unknown action', kind: 'key-policy', policy: p(key({ Action: ['kms:*'] }), key({ Sid: 'A', Action: ['kms:Decrpyt', 'kms:Encrypt'] })) },
  { name: 'no action', kind: 'key-policy', policy: p(key(), without(key({ Sid: 'N' }), 'Action')) },
  { name: 'key policy resource', kind: 'key-policy', policy: p(key(), key({ Sid: 'R', Action: 'kms:Decrypt', Resource: KEY_ARN })) },
  { name: 'operator typo', kind: 'key-policy', policy: p(key(), key({ Sid: 'O', Action: 'kms:Decrypt', Condition: { StringEqual: { 'kms:CallerAccount': '111122223333' } } })) },
  { name: 'condition key typo', kind: 'key-policy', policy: p(key(), key({ Sid: 'K', Action: 'kms:Decrypt', Condition: { StringEquals: { 'kms:ViaServise': 'ec2.us-east-1.amazonaws.com' } } })) },
  { name: 'condition value type', kind: 'key-policy', policy: p(key(), key({ Sid: 'V', Action: 'kms:Decrypt', Condition: { Bool: { 'kms:GrantIsForAWSResource': 'yes' } } })) },
  { name: 'set operator', kind: 'key-policy', policy: p(key(), key({ Sid: 'F', Action: 'kms:Decrypt', Condition: { 'ForAllValues:StringEquals': { 'kms:CallerAccount': '111122223333' } } })) },
  { name: 'duplicate sid', kind: 'key-policy', policy: p(key({ Sid: 'Same' }), key({ Sid: 'Same', Action: 'kms:Decrypt' })) },
  { name: 'sid format', kind: 'identity-policy', policy: p(id({ Sid: 'not allowed!' })) },
  { name: 'not principal', kind: 'key-policy', policy: p(key(), without(key({ Sid: 'NP', NotPrincipal: { AWS: ROLE }, Action: 'kms:Decrypt' }), 'Principal')) },
  { name: 'public principal', kind: 'key-policy', policy: p(key(), key({ Sid: 'P', Principal: { AWS: '*' }, Action: 'kms:Decrypt' })) },
  { name: 'no account root', kind: 'key-policy', policy: p(healthLake(), key({ Sid: 'Admin', Principal: { AWS: 'arn:aws:iam::111122223333:role/Admin' } })) },
  { name: 'lockout', kind: 'key-policy', policy: p(healthLake()) },
  { name: 'global ViaService', kind: 'key-policy', policy: p(key(), healthLake({ Condition: { StringEquals: { 'kms:ViaService': 'healthlake.amazonaws.com' } } })) },
  { name: 'HealthLake actions missing', kind: 'key-policy', policy: p(key(), healthLake({ Action: ['kms:DescribeKey', 'kms:CreateGrant'] })) },
  { name: 'caller account', kind: 'key-policy', policy: p(key(), healthLake({ Condition: { StringEquals: { 'kms:ViaService': 'healthlake.us-east-1.amazonaws.com', 'kms:CallerAccount': '444455556666' } } })) },
  { name: 'identity HealthLake key use', kind: 'identity-policy', policy: p(id({ Action: ['healthlake:CreateFHIRDatastore'], Resource: '*' }), id({ Action: ['kms:DescribeKey'] })) },
  { name: 'identity alias resource', kind: 'identity-policy', policy: p(id({ Resource: 'arn:aws:kms:us-east-1:111122223333:alias/fhir' })) },
  { name: 'PassRole', kind: 'identity-policy', policy: p(id({ Action: 'iam:PassRole', Resource: '*' })) },
  { name: 'version', kind: 'identity-policy', policy: { Version: '2008-10-17', Statement: [id()] } },
  { name: 'single statement object', kind: 'identity-policy', policy: { Version: '2012-10-17', Statement: id({ Action: 'kms:Decrpyt' }) } },
  { name: 'action and not action', kind: 'identity-policy', policy: p(id({ NotAction: 'kms:Encrypt' })) },
  { name: 'resource element', kind: 'identity-policy', policy: p(without(id(), 'Resource')) },
];

const fixtures = (dir: string, kindOf: (p: Record<string, unknown>) => MatrixCase['kind']): MatrixCase[] =>
  readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => {
    const policy = JSON.parse(readFileSync(join(dir, f), 'utf8')) as Record<string, unknown>;
    return { name: f, kind: kindOf(policy), policy };
  });

const guessKind = (pol: Record<string, unknown>): MatrixCase['kind'] => (JSON.stringify(pol).includes('"Principal"') ? 'key-policy' : 'identity-policy');

export const matrixCases = (): MatrixCase[] => [
  ...fixtures(join(__dirname, '..', '..', 'fixtures', 'clean'), guessKind),
  ...fixtures(join(__dirname, '..', '..', 'fixtures', 'healthlake'), guessKind),
  ...ruleCases,
];
