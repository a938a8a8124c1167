import { test } from 'node:test';
import assert from 'node:assert/strict';
import { holes } from '../../../server/src/service/symbolic';
import { service } from '../../support/service';
import { analyze, applyHostFix, describe, fixture, serious, span } from './support';

const tpl = fixture('key-policy.json.tpl');

test('a ${account_id} key policy template has no error or warning: the placeholder is this account, so no lockout alarm', () => {
  const a = analyze(tpl, 'key-policy.json.tpl');
  assert.equal(a.host, 'template-json');
  assert.deepEqual(a.sites.map((s) => s.kind), ['key-policy']);
  assert.deepEqual(serious(a.findings), [], describe(tpl, a.findings));
  const p = JSON.parse(a.sites[0]!.variants[0]!.text);
  assert.deepEqual(holes(p.Statement[0].Principal.AWS).map((h) => h.kind), ['account']);
  assert.deepEqual(holes(p.Statement[1].Condition.StringEquals['kms:ViaService']).map((h) => h.kind), ['region']);
});

test('the same file as plain .json with placeholders is templated too; IAM policy variables are not placeholders', () => {
  assert.equal(analyze(tpl, 'key-policy.json').host, 'template-json');
  const iamOnly = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/${aws:username}/${*}' }] });
  assert.equal(service().analyze({ uri: 'file:///p/policy.json', text: iamOnly })?.host, 'json');
});

test('{{ name }} placeholders, inside strings and as whole values', () => {
  const text = `{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Principal": { "AWS": {{ principals }} },
    "Action": ["kms:Decrypt"],
    "Resource": "*",
    "Condition": { "StringEquals": { "kms:CallerAccount": "{{ account }}", "kms:ViaService": "s3.{{ region }}.amazonaws.com" } }
  }]
}`;
  const a = analyze(text, 'reader-policy.json.j2');
  assert.deepEqual(a.findings.filter((f) => f.severity === 'error'), [], describe(text, a.findings));
});

test('real mistakes in a template are still found on their characters, and fixes avoid the placeholders', () => {
  const text = tpl.replace(':role/${role_name}', ':${role_name}').replace('"kms:Decrypt"]', '"kms:Decrpyt"]');
  const a = analyze(text, 'key-policy.json.tpl');
  const action = a.findings.find((f) => f.ruleId === 'unknown-action');
  assert.ok(action, describe(text, a.findings));
  assert.equal(span(text, action), '"kms:Decrpyt"');
  assert.match(applyHostFix(text, action), /"kms:Decrypt"\]/);
  assert.deepEqual(a.findings.filter((f) => f.ruleId === 'principal-format'), [], 'a whole placeholder may be a role path');
});

test('a template that is not JSON gets a syntax finding, and text that is no policy stays silent', () => {
  const broken = tpl.replace('"Action": "kms:*",', '"Action": "kms:*"');
  assert.ok(analyze(broken, 'key-policy.json.tpl').findings.some((f) => f.ruleId === 'json-syntax'));
  assert.equal(service().analyze({ uri: 'file:///p/values.json.tpl', text: '{"name": "${name}"}' }), undefined);
});
