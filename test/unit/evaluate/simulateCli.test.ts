import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../server/src/cli';

const dir = mkdtempSync(join(tmpdir(), 'hlkms-simulate-'));
const write = (name: string, body: object) => { writeFileSync(join(dir, name), JSON.stringify(body, null, 2)); return name; };
const ROLE = 'arn:aws:iam::111122223333:role/HealthLakeAdmin';
const healthLake = write('healthlake.json', { Version: '2012-10-17', Statement: [
  { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' },
  { Sid: 'HealthLake', Effect: 'Allow', Principal: { AWS: ROLE }, Action: ['kms:DescribeKey', 'kms:CreateGrant', 'kms:GenerateDataKey'], Resource: '*',
    Condition: { StringEquals: { 'kms:ViaService': 'healthlake.eu-west-1.amazonaws.com' } } },
  { Sid: 'NoDeletion', Effect: 'Deny', Principal: '*', Action: 'kms:ScheduleKeyDeletion', Resource: '*' },
] });

async function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['simulate', ...args], { out: (s) => out.push(s), err: (s) => err.push(s), cwd: dir });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

test('allowed: exit 0, and which statement allowed it', async () => {
  const r = await run(healthLake, '--principal', ROLE, '--action', 'kms:GenerateDataKey', '--context', 'kms:ViaService=healthlake.eu-west-1.amazonaws.com');
  assert.equal(r.code, 0);
  assert.match(r.out, /^Allow: kms:GenerateDataKey/);
  assert.match(r.out, /allowed by statement 2 "HealthLake" \(line 13\)/);
});

test('allowed only through the account principal says so', async () => {
  const r = await run(healthLake, '--principal', 'arn:aws:iam::111122223333:role/Other', '--action', 'kms:Decrypt');
  assert.equal(r.code, 0);
  assert.match(r.out, /through the account principal only/);
});

test('explicit deny: exit 1 and the Deny statement', async () => {
  const r = await run(healthLake, '--principal', 'arn:aws:iam::111122223333:root', '--action', 'kms:ScheduleKeyDeletion');
  assert.equal(r.code, 1);
  assert.match(r.out, /^ExplicitDeny/);
  assert.match(r.out, /denied by statement 3 "NoDeletion"/);
});

test('implicit deny names the condition that failed; JSON output carries the same', async () => {
  const args = [healthLake, '--principal', 'arn:aws:iam::444455556666:role/HealthLakeAdmin', '--action', 'kms:Decrypt'];
  let r = await run(...args);
  assert.equal(r.code, 1);
  assert.match(r.out, /^ImplicitDeny/);
  r = await run(healthLake, '--principal', ROLE, '--action', 'kms:DescribeKey', '--context', 'kms:ViaService=healthlake.us-east-1.amazonaws.com', '--format', 'json');
  const json = JSON.parse(r.out);
  assert.equal(json.decision, 'Allow', 'the role is in the account: delegated');
  assert.equal(json.allowedVia, 'account-delegation');
  const other = write('no-root.json', { Version: '2012-10-17', Statement: [JSON.parse(JSON.stringify({ Effect: 'Allow', Principal: { AWS: ROLE }, Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'kms:ViaService': 'healthlake.eu-west-1.amazonaws.com' } } }))] });
  r = await run(other, '--principal', ROLE, '--action', 'kms:Decrypt', '--context', 'kms:ViaService=s3.eu-west-1.amazonaws.com', '--format', 'json');
  assert.equal(r.code, 1);
  const failed = JSON.parse(r.out).failedConditions;
  assert.equal(failed.length, 1);
  assert.equal(failed[0].key, 'kms:ViaService');
  assert.match(failed[0].reason, /"s3\.eu-west-1\.amazonaws\.com", which does not match "healthlake\.eu-west-1\.amazonaws\.com"/);
});

test('--healthlake: create, write and read for the principal, Region from the policy', async () => {
  const r = await run(healthLake, '--principal', ROLE, '--healthlake');
  assert.equal(r.code, 0);
  assert.match(r.out, /^HealthLake in eu-west-1 for .*: create direct, write direct, read iam\ndirect: the key policy allows it; iam: only through the account principal/);
  assert.match(r.out, /kms:Decrypt[\s\S]*through the account principal only/);
  const none = write('only-role.json', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: ROLE }, Action: ['kms:DescribeKey', 'kms:Decrypt'], Resource: '*' }] });
  const n = await run(none, '--principal', ROLE, '--healthlake', '--format', 'json');
  assert.equal(n.code, 1);
  const j = JSON.parse(n.out);
  assert.deepEqual({ create: j.create, write: j.write, read: j.read, region: j.region }, { create: 'no', write: 'no', read: 'direct', region: 'us-east-1' });
});

test('usage errors exit 2 with a message', async () => {
  for (const args of [[healthLake, '--action', 'kms:Decrypt'], [healthLake, '--principal', ROLE], ['missing.json', '--principal', ROLE, '--action', 'kms:Decrypt'],
    [healthLake, '--principal', 'bob', '--action', 'kms:Decrypt'], [healthLake, '--principal', ROLE, '--action', 'Decrypt'], [healthLake, '--principal', ROLE, '--action', 'kms:Decrypt', '--context', 'novalue']]) {
    const r = await run(...args);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.err, /^hlkms simulate: /);
  }
  const notPolicy = write('package.json', { name: 'x' });
  assert.equal((await run(notPolicy, '--principal', ROLE, '--action', 'kms:Decrypt')).code, 2);
});

/** A template's key policy, its account written literally or left to the stack (`${AWS::AccountId}`). */
const template = (account: string) => `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  AdminRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: { Service: healthlake.amazonaws.com }
            Action: sts:AssumeRole
  FhirKey:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Version: '2012-10-17'
        Statement:
          - Sid: Enable IAM User Permissions
            Effect: Allow
            Principal: { AWS: !Sub 'arn:aws:iam::${account}:root' }
            Action: kms:*
            Resource: '*'
          - Sid: HealthLake
            Effect: Allow
            Principal: { AWS: !Sub 'arn:aws:iam::${account}:role/HealthLakeAdmin' }
            Action: [kms:DescribeKey, kms:CreateGrant, kms:GenerateDataKey, kms:Decrypt]
            Resource: '*'
            Condition:
              StringEquals: { kms:ViaService: healthlake.eu-west-1.amazonaws.com }
`;

test('a template is read as lint reads it: its one key policy for HealthLake, a policy named with --policy, lines of the template', async () => {
  writeFileSync(join(dir, 'literal.yaml'), template('111122223333'));
  const r = await run('literal.yaml', '--principal', ROLE, '--healthlake');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^HealthLake in eu-west-1 for .*: create direct, write direct, read direct/);
  assert.match(r.out, /allowed by statement 2 "HealthLake" \(line 23\)/, 'the line in the template, not in the policy');
  const several = await run('literal.yaml', '--principal', ROLE, '--action', 'kms:Decrypt');
  assert.equal(several.code, 2);
  assert.match(several.err, /holds 2 policies: name one with --policy \(AdminRole\.AssumeRolePolicyDocument, FhirKey\.KeyPolicy\)/);
  const named = await run('literal.yaml', '--policy', 'FhirKey.KeyPolicy', '--principal', ROLE, '--action', 'kms:Decrypt', '--context', 'kms:ViaService=healthlake.eu-west-1.amazonaws.com');
  assert.equal(named.code, 0, named.err);
  const missing = await run('literal.yaml', '--policy', 'Key.KeyPolicy', '--principal', ROLE, '--action', 'kms:Decrypt');
  assert.equal(missing.code, 2);
  assert.match(missing.err, /holds no policy named 'Key\.KeyPolicy'; its policies: AdminRole\.AssumeRolePolicyDocument, FhirKey\.KeyPolicy/);
});

test('a value the template leaves open makes the answer undecided, never a plain no: text, JSON and exit code say so', async () => {
  writeFileSync(join(dir, 'stack.yaml'), template('${AWS::AccountId}'));
  const r = await run('stack.yaml', '--principal', ROLE, '--healthlake');
  assert.equal(r.code, 1);
  assert.match(r.out, /create undecided, write undecided, read undecided/);
  assert.match(r.out, /undecided: it depends on a value the file leaves open/);
  assert.match(r.out, /it may be Allow instead, as .*statement 2 "HealthLake" \(line 23\).* may apply; it depends on .*\$\{AWS::AccountId\}/);
  const j = JSON.parse((await run('stack.yaml', '--policy', 'FhirKey.KeyPolicy', '--principal', ROLE, '--action', 'kms:DescribeKey', '--format', 'json')).out);
  assert.equal(j.decision, 'ImplicitDeny');
  assert.deepEqual(j.undecided.possible.includes('Allow'), true);
  assert.ok(j.undecided.dependsOn.includes('${AWS::AccountId}'), JSON.stringify(j.undecided));
});

test('--value gives what the template leaves open: the answer is then decided, on the same lines; a name it does not leave open is a usage error', async () => {
  writeFileSync(join(dir, 'stack.yaml'), template('${AWS::AccountId}'));
  const r = await run('stack.yaml', '--principal', ROLE, '--healthlake', '--value', 'AWS::AccountId=111122223333');
  assert.equal(r.code, 0, r.out + r.err);
  assert.match(r.out, /create direct, write direct, read direct/);
  assert.match(r.out, /allowed by statement 2 "HealthLake" \(line 23\)/);
  const other = await run('stack.yaml', '--principal', ROLE, '--healthlake', '--value', '${AWS::AccountId}=444455556666');
  assert.equal(other.code, 1, 'the role is in another account than the key policy names');
  assert.match(other.out, /create no, write no, read no/);
  const unknown = await run('stack.yaml', '--principal', ROLE, '--healthlake', '--value', 'AWS::Region=eu-west-1');
  assert.equal(unknown.code, 2);
  assert.match(unknown.err, /leaves no value 'AWS::Region' open; it leaves open: AWS::AccountId/);
  assert.equal((await run('stack.yaml', '--principal', ROLE, '--healthlake', '--value', 'AWS::AccountId')).code, 2);
});
