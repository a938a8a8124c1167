import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, applyHostFix, changedLines, describe, fixture, hostLint, span } from './support';

const mistakes = fixture('reference-mistakes.yaml');

test('Principal: {AWS: !Ref Role} is an error whose fix uses !GetAtt Role.Arn on the same line', () => {
  const [f] = hostLint(mistakes, 'template.yaml', 'ref-role-as-principal');
  assert.ok(f);
  assert.equal(span(mistakes, f), '!Ref Writer');
  assert.match(f.message, /name, not its ARN/);
  const fixed = applyHostFix(mistakes, f);
  assert.equal(changedLines(mistakes, fixed).length, 1);
  assert.match(fixed, /AWS: !GetAtt Writer\.Arn\n/);
  assert.deepEqual(hostLint(fixed, 'template.yaml', 'ref-role-as-principal'), []);
});

test('Ref of a role in the long form, and in a JSON template', () => {
  const yaml = mistakes.replace('AWS: !Ref Writer', 'AWS:\n                Ref: Writer');
  const [y] = hostLint(yaml, 'template.yaml', 'ref-role-as-principal');
  assert.ok(y);
  assert.match(applyHostFix(yaml, y), /AWS:\n {16}!GetAtt Writer\.Arn\n/);
  const json = fixture('key-and-role.template.json').replace('{ "Fn::GetAtt": ["Role", "Arn"] }', '{ "Ref": "Role" }');
  const [j] = hostLint(json, 't.json', 'ref-role-as-principal');
  assert.ok(j);
  assert.equal(span(json, j), '{ "Ref": "Role" }');
  assert.match(applyHostFix(json, j), /"AWS": \{"Fn::GetAtt":\["Role","Arn"\]\}/);
});

test('Ref of a parameter or of a role inside an ARN is fine', () => {
  const text = mistakes.replace('AWS: !Ref Writer', 'AWS: !Sub arn:aws:iam::${AWS::AccountId}:role/${Writer}');
  assert.deepEqual(hostLint(text, 'template.yaml', 'ref-role-as-principal'), []);
});

test('${aws:username} inside !Sub is an error whose fix escapes it as ${!aws:username}', () => {
  const [f] = hostLint(mistakes, 'template.yaml', 'sub-policy-variable');
  assert.ok(f);
  assert.equal(span(mistakes, f), '${aws:username}');
  const fixed = applyHostFix(mistakes, f);
  assert.match(fixed, /bucket\/\$\{!aws:username\}\/\*/);
  assert.deepEqual(hostLint(fixed, 'template.yaml', 'sub-policy-variable'), []);
  // The policy still sees the IAM variable: no finding about the resource.
  assert.deepEqual(hostLint(fixed, 'template.yaml', 'resource-arn'), []);
});

test('an IAM variable outside !Sub is left alone', () => {
  const text = mistakes.replace('Resource: !Sub arn:aws:s3:::bucket/${aws:username}/*', 'Resource: arn:aws:s3:::bucket/${aws:username}/*');
  assert.deepEqual(hostLint(text, 'template.yaml', 'sub-policy-variable'), []);
});

test('a YAML alias is one error (not a cascade), pointing at the anchor', () => {
  const findings = analyze(mistakes).findings.filter((f) => span(mistakes, f) === '*stmt');
  assert.deepEqual(findings.map((f) => f.ruleId), ['yaml-alias'], describe(mistakes, findings));
  assert.equal(span(mistakes, findings[0]!.related![0]!), '&stmt');
});

test('many YAML aliases (aliases of aliases) are one error at the first, the others related, and read in bounded time', () => {
  let text = "AWSTemplateFormatVersion: '2010-09-09'\nMappings:\n  M:\n    a0: &a0 [x, x]\n";
  for (let i = 1; i < 25; i++) text += `    a${i}: &a${i} [*a${i - 1}, *a${i - 1}]\n`;
  text += "Resources:\n  K:\n    Type: AWS::KMS::Key\n    Properties:\n      KeyPolicy:\n        Version: '2012-10-17'\n        Statement: *a24\n";
  const aliases = analyze(text).findings.filter((f) => f.ruleId === 'yaml-alias');
  assert.equal(aliases.length, 1, describe(text, aliases));
  assert.equal(span(text, aliases[0]!), '*a0');
  assert.match(aliases[0]!.message, /and 48 more aliases/);
  assert.equal(span(text, aliases[0]!.related![0]!), '&a0');
});

test('host rules follow the rule settings', () => {
  const a = analyze(mistakes, 'template.yaml', { rules: { 'yaml-alias': 'off', 'sub-policy-variable': 'warning' } });
  assert.equal(a.findings.some((f) => f.ruleId === 'yaml-alias'), false);
  assert.equal(a.findings.find((f) => f.ruleId === 'sub-policy-variable')?.severity, 'warning');
});
