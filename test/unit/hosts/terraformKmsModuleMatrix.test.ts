/**
 * The KMS module's key_statements give the findings the same statements give in `jsonencode`: each planted
 * mistake, written as a key statement after the module's default statement, is reported by the same rules on the
 * same written values as in an `aws_kms_key` policy whose first statement is the module's default one.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTf, prepared, textAt } from './terraformSupport';

prepared();

type Statement = Record<string, unknown>;
const ROLE = 'arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/R';
const MISTAKES: Record<string, Statement[]> = {
  'unknown action and a malformed resource ARN': [{ Sid: 'Use', Effect: 'Allow', Principal: { AWS: ROLE }, Action: ['kms:Decrypted', 'kms:Encrypt'], Resource: ['arn:aws:kms:us-east-1:111122223333:key'] }],
  'effect written in lower case': [{ Sid: 'Use', Effect: 'allow', Principal: { AWS: ROLE }, Action: ['kms:Decrypt'], Resource: ['*'] }],
  'misspelled condition operator and key': [{ Sid: 'Use', Effect: 'Allow', Principal: { AWS: ROLE }, Action: ['kms:Decrypt'], Resource: ['*'], Condition: { StringEqual: { 'kms:ViaService': ['healthlake.us-east-1.amazonaws.com'] }, StringEquals: { 'kms:ViaServices': ['x'] } } }],
  'public key policy statement': [{ Sid: 'Anyone', Effect: 'Allow', Principal: '*', Action: ['kms:Decrypt'], Resource: ['*'] }],
  'sid with spaces and duplicate sids': [{ Sid: 'Use it', Effect: 'Allow', Principal: { AWS: ROLE }, Action: ['kms:Decrypt'], Resource: ['*'] }, { Sid: 'Use it', Effect: 'Allow', Principal: { AWS: ROLE }, Action: ['kms:Encrypt'], Resource: ['*'] }],
  'global kms:ViaService for HealthLake': [{ Sid: 'HealthLake', Effect: 'Allow', Principal: { AWS: ROLE }, Action: ['kms:CreateGrant', 'kms:DescribeKey', 'kms:GenerateDataKey', 'kms:Decrypt'], Resource: ['*'], Condition: { StringEquals: { 'kms:ViaService': ['healthlake.amazonaws.com'] } } }],
  'clean: a service principal and a Deny': [{ Sid: 'Logs', Effect: 'Allow', Principal: { Service: ['logs.us-east-1.amazonaws.com'] }, Action: ['kms:Encrypt*', 'kms:Decrypt*'], Resource: ['*'] }, { Sid: 'NoDelete', Effect: 'Deny', Principal: { AWS: ROLE }, Action: ['kms:ScheduleKeyDeletion'], Resource: ['*'] }],
};

const hcl = (v: unknown): string => (Array.isArray(v) ? `[${v.map(hcl).join(', ')}]` : JSON.stringify(v));

/** A JSON statement as the module's key_statements object. */
function keyStatement(s: Statement): string {
  const lines = [`sid = ${hcl(s.Sid)}`, `effect = ${hcl(s.Effect)}`, `actions = ${hcl(s.Action)}`, `resources = ${hcl(s.Resource)}`];
  const p = s.Principal;
  const principals = p === '*' ? [['*', ['*']]] : Object.entries(p as Record<string, unknown>).map(([type, ids]) => [type, Array.isArray(ids) ? ids : [ids]]);
  lines.push(`principals = [${principals.map(([type, ids]) => `{ type = ${hcl(type)}, identifiers = ${hcl(ids)} }`).join(', ')}]`);
  const conditions = Object.entries((s.Condition ?? {}) as Record<string, Record<string, unknown>>).flatMap(([test, keys]) => Object.entries(keys).map(([variable, values]) => `{ test = ${hcl(test)}, variable = ${hcl(variable)}, values = ${hcl(values)} }`));
  if (conditions.length) lines.push(`conditions = [${conditions.join(', ')}]`);
  return `    {\n${lines.map((l) => `      ${l}`).join('\n')}\n    }`;
}

/** A JSON statement in `jsonencode`'s HCL object syntax. */
function encoded(s: Statement): string {
  const v = (x: unknown): string => (x !== null && typeof x === 'object' && !Array.isArray(x) ? `{ ${Object.entries(x).map(([k, y]) => `${JSON.stringify(k)} = ${v(y)}`).join(', ')} }` : hcl(x));
  return `      ${v(s)}`;
}

const DEFAULT = { Sid: 'Default', Effect: 'Allow', Principal: { AWS: 'arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root' }, Action: ['kms:*'], Resource: ['*'] };
const asModule = (st: Statement[]) => `module "kms" {\n  source  = "terraform-aws-modules/kms/aws"\n  version = "~> 3.0"\n\n  key_statements = [\n${st.map(keyStatement).join(',\n')}\n  ]\n}\n`;
const asKey = (st: Statement[]) => `resource "aws_kms_key" "k" {\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [\n${[DEFAULT, ...st].map(encoded).join(',\n')}\n    ]\n  })\n}\n`;

/** Each finding as its rule and the text it points at when that is a written value (keys are spelled differently). */
const shape = (text: string) => analyzeTf(text).findings.map((f) => {
  const at = textAt(text, f);
  return `${f.ruleId} ${f.severity} ${at.startsWith('"') || at.startsWith('[') ? at : ''}`.trim();
}).sort();

for (const [name, statements] of Object.entries(MISTAKES)) {
  test(`key_statements like jsonencode: ${name}`, () => {
    const module = shape(asModule(statements));
    assert.equal(module.length > 0, !name.startsWith('clean'), 'the mistake is found; a clean policy raises nothing');
    assert.deepEqual(module, shape(asKey(statements)), asModule(statements));
  });
}
