import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, describe, hostLint, lineOf, span } from './support';

const template = (statements: string, conditions = '  IsProd: !Equals [!Ref Env, prod]\n') => `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Env:
    Type: String
Conditions:
${conditions}Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Version: 2012-10-17
        Statement:
${statements}`;

const ROOT = `          - Effect: Allow
            Principal:
              AWS: !Sub arn:aws:iam::\${AWS::AccountId}:root
            Action: kms:*
            Resource: "*"
`;

test('a mistake inside one branch of Fn::If is reported at that branch', () => {
  const text = template(`${ROOT}          - Effect: Allow
            Principal:
              AWS: !Sub arn:aws:iam::\${AWS::AccountId}:role/Reader
            Action: !If [IsProd, kms:Decrypt, kms:Decrpyt]
            Resource: "*"
`);
  const findings = hostLint(text, 'template.yaml', 'unknown-action');
  assert.equal(findings.length, 1, describe(text, findings));
  assert.equal(span(text, findings[0]!), 'kms:Decrpyt');
});

test('a finding outside the branches is reported only when every variant has it', () => {
  // Without the root statement in production there is no statement allowing kms:PutKeyPolicy: lockout only in one variant.
  const maybeRoot = `          - !If
            - IsProd
            - Effect: Allow
              Principal:
                AWS: !Sub arn:aws:iam::\${AWS::AccountId}:root
              Action: kms:*
              Resource: "*"
            - !Ref AWS::NoValue
          - Effect: Allow
            Principal:
              AWS: !Sub arn:aws:iam::\${AWS::AccountId}:role/Reader
            Action: kms:Decrypt
            Resource: "*"
`;
  const a = analyze(template(maybeRoot));
  assert.equal(a.sites[0]!.variants.length, 2);
  assert.deepEqual(a.findings.filter((f) => f.ruleId === 'lockout-put-key-policy'), []);
  // Without it in both variants, lockout holds however the condition resolves.
  const never = maybeRoot.replace('Action: kms:*', 'Action: kms:Encrypt');
  const b = analyze(template(never));
  assert.equal(b.findings.filter((f) => f.ruleId === 'lockout-put-key-policy').length, 1, describe(template(never), b.findings));
});

test('choices naming the same condition resolve together', () => {
  const text = template(`${ROOT}          - Effect: Allow
            Principal:
              AWS: !If [IsProd, !Sub "arn:aws:iam::\${AWS::AccountId}:role/Prod", !Sub "arn:aws:iam::\${AWS::AccountId}:role/Dev"]
            Action: !If [IsProd, kms:Decrypt, kms:Encrypt]
            Resource: "*"
`);
  assert.equal(analyze(text).sites[0]!.variants.length, 2);
});

test('past the cap, further conditions are opaque and the analysis stays bounded', () => {
  const names = Array.from({ length: 8 }, (_, i) => `C${i}`);
  const conditions = names.map((n) => `  ${n}: !Equals [!Ref Env, ${n}]\n`).join('');
  const statements = names.map((n) => `          - Effect: Allow
            Principal:
              AWS: !If [${n}, !Sub "arn:aws:iam::\${AWS::AccountId}:role/A", !Sub "arn:aws:iam::\${AWS::AccountId}:role/B"]
            Action: kms:Decrypt
            Resource: "*"
`).join('');
  const a = analyze(template(ROOT + statements, conditions));
  assert.ok(a.sites[0]!.variants.length <= 16);
  assert.deepEqual(a.findings.filter((f) => f.severity === 'error'), []);
});

test('one finding per host location and rule, whatever the number of variants', () => {
  const text = template(`${ROOT}          - Effect: Alow
            Principal:
              AWS: !If [IsProd, !Sub "arn:aws:iam::\${AWS::AccountId}:role/A", !Sub "arn:aws:iam::\${AWS::AccountId}:role/B"]
            Action: kms:Decrypt
            Resource: "*"
`);
  const effect = hostLint(text, 'template.yaml', 'statement-effect');
  assert.equal(effect.length, 1);
  assert.equal(lineOf(text, effect[0]!.offset), text.split('\n').findIndex((l) => l.includes('Alow')) + 1);
});

test('a Deny of kms:PutKeyPolicy in one branch of Fn::If is no certain lockout, though the finding would point into the branch', () => {
  const deny = `          - !If
            - IsProd
            - Effect: Deny
              Principal: "*"
              Action: kms:PutKeyPolicy
              Resource: "*"
            - !Ref AWS::NoValue
`;
  const lockouts = (text: string) => analyze(text).findings.filter((f) => f.ruleId === 'lockout-put-key-policy');
  assert.deepEqual(lockouts(template(`${ROOT}${deny}`)), [], describe(template(`${ROOT}${deny}`), analyze(template(`${ROOT}${deny}`)).findings));
  const always = `          - Effect: Deny
            Principal: "*"
            Action: kms:PutKeyPolicy
            Resource: "*"
`;
  assert.equal(lockouts(template(`${ROOT}${always}`)).length, 1, 'a Deny in every variant locks the key');
});
