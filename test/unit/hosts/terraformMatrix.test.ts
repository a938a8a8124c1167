/**
 * The generated matrix's Terraform columns: each policy (the clean fixtures, AWS's examples, the HealthLake guide
 * and one planted mistake per common rule) written as `jsonencode`, as a heredoc and as an
 * `aws_iam_policy_document` gives the findings the JSON file gives, at the corresponding place (the same JSON
 * path); the generated HCL is what `terraform fmt` writes, where Terraform is installed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findNodeAtOffset, getNodePath, parseTree, type Node as JsonNode } from 'jsonc-parser';
import type { HostValue } from '../../../server/src/service/hosts/types';
import type { Finding } from '../../../server/src/service/types';
import { analyzeJson, service } from '../../support/service';
import { AWS_EXAMPLES } from '../rules/awsExamples';
import { applyEdits } from '../../../server/src/service/edits';
import { analyzeTf, plain, prepared } from './terraformSupport';
import { asComposedDocument, asConcat, asHeredoc, asJsonencode, asPolicyDocument, siteName } from './terraformRender';

prepared();

const fixtures = join(__dirname, '..', '..', 'fixtures');
const read = (f: string) => JSON.parse(readFileSync(f, 'utf8')) as unknown;
const statement = (s: object) => ({ Version: '2012-10-17', Statement: [s] });
const root = { Sid: 'Root', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' };

const MISTAKES: Record<string, unknown> = {
  'unknown action and a malformed resource ARN': statement({ Effect: 'Allow', Action: ['kms:Decrypted', 'kms:Encrypt'], Resource: 'arn:aws:kms:us-east-1:111122223333:key' }),
  'effect written in lower case': { Version: '2012-10-17', Statement: [root, { Effect: 'allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/R' }, Action: 'kms:Decrypt', Resource: '*' }] },
  'misspelled condition operator and key': statement({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*', Condition: { StringEqual: { 'kms:ViaService': 'healthlake.us-east-1.amazonaws.com' }, StringEquals: { 'kms:ViaServices': 'x' } } }),
  'NotPrincipal with Allow': { Version: '2012-10-17', Statement: [root, { Effect: 'Allow', NotPrincipal: { AWS: 'arn:aws:iam::111122223333:role/R' }, Action: 'kms:Decrypt', Resource: '*' }] },
  'public key policy statement': { Version: '2012-10-17', Statement: [root, { Sid: 'Anyone', Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*' }] },
  'no lockout protection': statement({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/R' }, Action: ['kms:Decrypt', 'kms:Encrypt'], Resource: '*' }),
  'sid with spaces and duplicate sids': { Version: '2012-10-17', Statement: [{ ...root, Sid: 'Root access' }, { ...root, Sid: 'Root access' }] },
};

/** Valid policies whose text each column must escape: IAM policy variables, quotes and backslashes. */
const ESCAPES: Record<string, unknown> = {
  'policy variables, quotes and backslashes': statement({ Sid: 'Home', Effect: 'Allow', Action: 's3:GetObject', Resource: ['arn:aws:s3:::bucket/${aws:username}/*', 'arn:aws:s3:::bucket/a"b\\c'] }),
};

const corpus: [string, unknown][] = [
  ...readdirSync(join(fixtures, 'clean')).map((f): [string, unknown] => [f, read(join(fixtures, 'clean', f))]),
  ['HealthLake guide example', read(join(fixtures, 'healthlake', 'guide-example.json'))],
  ...Object.entries(AWS_EXAMPLES),
  ...Object.entries(MISTAKES),
  ...Object.entries(ESCAPES),
];

/** `ruleId path` for a finding: the JSON path of the value, key (`:key`) or entry (`:entry`) it points at. */
function jsonPlace(text: string, tree: JsonNode, f: Finding): string {
  let node = findNodeAtOffset(tree, f.offset, true);
  while (node && node.offset + node.length < f.offset + f.length && node.parent) node = node.parent;
  if (!node) return `${f.ruleId} ?`;
  const exact = node.offset === f.offset && node.length === f.length;
  if (node.type === 'property') return `${f.ruleId} ${path(getNodePath(node.children![1] ?? node))}:entry`;
  if (node.parent?.type === 'property' && node.parent.children?.[0] === node) return `${f.ruleId} ${path(getNodePath(node.parent.children[1] ?? node))}:key${exact ? '' : `+${text.slice(f.offset, f.offset + f.length)}`}`;
  return `${f.ruleId} ${path(getNodePath(node))}${exact ? '' : `+${text.slice(f.offset, f.offset + f.length)}`}`;
}

const path = (p: (string | number)[]) => `/${p.join('/')}`;

/** The same for a host finding, through the site's value tree. */
function hostPlace(text: string, v: HostValue, f: Finding): string {
  let best: { place: string; size: number } | undefined;
  const consider = (r: { offset: number; length: number }, place: string) => {
    if (r.offset > f.offset || r.offset + r.length < f.offset + f.length) return;
    if (!best || r.length < best.size) best = { place: r.offset === f.offset && r.length === f.length ? place : `${place}+${text.slice(f.offset, f.offset + f.length)}`, size: r.length };
  };
  const walk = (n: HostValue, p: string) => {
    consider(n.range, p);
    if (n.type === 'object') for (const e of n.entries) { consider(e.range, `${p}/${e.key}:entry`); consider(e.keyRange, `${p}/${e.key}:key`); walk(e.value, `${p}/${e.key}`); }
    if (n.type === 'array') n.items.forEach((x, i) => walk(x, `${p}/${i}`));
    if (n.type === 'choice') for (const b of n.branches) if (b.type !== 'absent') walk(b, p);
  };
  walk(v, '');
  return `${f.ruleId} ${best?.place.replace(/^$/, '/') ?? '?'}`;
}

const sorted = (xs: string[]) => [...xs].sort();

function jsonFindings(policy: unknown): { kind: string; places: string[]; fixed: Map<string, unknown> } {
  const text = JSON.stringify(policy, null, 2);
  const s = service();
  const analysis = analyzeJson(s, text);
  const model = analysis.sites[0]!.variants[0]!.model;
  const findings = analysis.findings;
  // What each finding's preferred fix makes of the policy.
  const fixed = new Map<string, unknown>();
  for (const f of findings) {
    const fix = f.data?.fixes?.find((x) => x.preferred);
    if (fix) fixed.set(jsonPlace(text, parseTree(text)!, f), JSON.parse(applyEdits(text, fix.edits)));
  }
  return { kind: model.kind, places: sorted(findings.map((f) => jsonPlace(text, parseTree(text)!, f))), fixed };
}

let fixesCompared = 0;

function tfFindings(hcl: string, site: string, fixed?: Map<string, unknown>): string[] {
  const { analysis } = analyzeTf(hcl);
  const s = analysis.sites.find((x) => x.site.name === site);
  assert.ok(s, `${site} in\n${hcl}`);
  for (const f of analysis.findings) {
    const want: unknown = fixed?.get(hostPlace(hcl, s.site.value, f));
    const fix = f.data?.fixes?.find((x) => x.preferred);
    if (want === undefined || !fix) continue;
    // The host fix gives the policy the JSON fix gives.
    const after = applyEdits(hcl, fix.edits);
    const value = analyzeTf(after).analysis.sites.find((x) => x.site.name === site)?.site.value;
    assert.ok(value, `${f.ruleId}: the fixed HCL still has the policy:\n${after}`);
    assert.deepEqual(plain(value), want, `${f.ruleId} fix:\n${after}`);
    fixesCompared++;
  }
  return sorted(analysis.findings.map((f) => hostPlace(hcl, s.site.value, f)));
}

const rendered: string[] = [];
let compared = 0;
let composed = 0;

for (const [name, policy] of corpus) {
  test(`matrix: ${name}`, () => {
    const json = jsonFindings(policy);
    if (json.kind === 'not-a-policy') return;
    if (name in MISTAKES) assert.ok(json.places.some((p) => !p.startsWith('sid-format')) || name.startsWith('sid'), `the planted mistake is found in JSON: ${json.places.join()}`);
    const jsonencode = asJsonencode(policy, json.kind);
    assert.deepEqual(tfFindings(jsonencode, siteName(json.kind), json.fixed), json.places, `jsonencode:\n${jsonencode}`);
    const heredoc = asHeredoc(JSON.stringify(policy, null, 2), json.kind);
    assert.deepEqual(tfFindings(heredoc, siteName(json.kind), json.fixed), json.places, `heredoc:\n${heredoc}`);
    rendered.push(jsonencode);
    compared += 2;
    // Composed: the statements joined by concat give the same findings, at the same statements.
    const concat = asConcat(policy, json.kind);
    if (concat) {
      assert.deepEqual(tfFindings(concat, siteName(json.kind), json.fixed), json.places, `concat:\n${concat}`);
      rendered.push(concat.replace(/"p"/g, `"c${compared}"`));
      composed++;
    }
    const doc = asPolicyDocument(policy, json.kind);
    if (!doc) return;
    const docJson = jsonFindings(doc.rendered);
    assert.deepEqual(tfFindings(doc.hcl, 'data.aws_iam_policy_document.p'), docJson.places, `aws_iam_policy_document:\n${doc.hcl}`);
    rendered.push(doc.hcl.replace(/"p"/g, `"p${compared}"`));
    compared++;
    // Composed: a statement from a merged source document, or from a dynamic block, found in its own block.
    for (const form of ['source', 'dynamic'] as const) {
      const hcl = asComposedDocument(doc.hcl, form);
      if (!hcl) continue;
      assert.deepEqual(tfFindings(hcl, 'data.aws_iam_policy_document.p'), docJson.places, `${form}:\n${hcl}`);
      rendered.push(hcl.replace(/"(p|base)"/g, `"$1${compared}${form}"`).replace(/\.(p|base)\.json/g, `.$1${compared}${form}.json`));
      composed++;
    }
  });
}

test('the matrix compared every column, and the host fixes with the JSON fixes', () => {
  assert.ok(compared >= corpus.length * 2, String(compared));
  assert.ok(fixesCompared >= 10, String(fixesCompared));
  assert.ok(composed >= 30, `composed forms compared: ${composed}`);
});

test('the generated HCL is what terraform fmt writes', { skip: !existsSync('/usr/local/bin/terraform') && 'terraform is not installed' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'hlkms-tf-matrix-'));
  try {
    rendered.forEach((hcl, i) => writeFileSync(join(dir, `m${i}.tf`), hcl));
    execFileSync('/usr/local/bin/terraform', ['fmt', '-check', '-diff', '.'], { cwd: dir, stdio: 'pipe' });
  } catch (e) {
    assert.fail(String((e as { stdout?: Buffer }).stdout ?? e));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
