/**
 * `hlkms lint` on policies where they are written: CloudFormation templates, Terraform files and templated JSON,
 * by name and in folders, `--hosts`, the JSON `kind` and `policies`, SARIF into the host file, `--fix` in hosts,
 * and what it says about files that hold no policy. Run in-process on the repository's samples.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../server/src/cli';

const samples = join(__dirname, '..', '..', 'samples');
const sample = (p: string) => readFileSync(join(samples, p), 'utf8');
const workdirs: string[] = [];
after(() => workdirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

interface JsonReport {
  files: { path: string; kind: string; policies: { name: string; kind: string; range: { start: { line: number } } }[]; findings: { code: string; severity: string; message: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } }[] }[];
}

async function hlkms(args: string[], files: Record<string, string> = {}, copy: string[] = []) {
  const cwd = mkdtempSync(join(tmpdir(), 'hlkms-cli-hosts-'));
  workdirs.push(cwd);
  for (const dir of copy) cpSync(join(samples, dir), join(cwd, dir), { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(cwd, name, '..'), { recursive: true });
    writeFileSync(join(cwd, name), text);
  }
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (s) => out.push(s), err: (s) => err.push(s), cwd });
  return { code, stdout: out.join('\n'), stderr: err.join('\n'), read: (name: string) => readFileSync(join(cwd, name), 'utf8'), cwd };
}

const json = (stdout: string) => JSON.parse(stdout) as JsonReport;
/** The 1-based line of the first occurrence of `needle` in `text`. */
const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;

test('folders are searched for .yaml, .yml, .template and .tf besides .json; --hosts chooses which', async () => {
  const files = {
    's/a.json': sample('good/healthlake-key-policy.json'), 's/b.yaml': 'x: 1\n', 's/c.yml': 'y: 2\n', 's/d.template': '{}',
    's/e.tf': 'variable "x" {}\n', 's/notes.txt': 'not a host', 's/.terraform/modules/m.tf': 'variable "y" {}\n', 's/node_modules/n.yaml': 'z: 3\n',
  };
  const all = json((await hlkms(['lint', '--format', 'json', 's'], files)).stdout);
  assert.deepEqual(all.files.map((f) => f.path), ['s/a.json', 's/b.yaml', 's/c.yml', 's/d.template', 's/e.tf']);
  const tf = json((await hlkms(['lint', '--format', 'json', '--hosts', 'terraform', 's'], files)).stdout);
  assert.deepEqual(tf.files.map((f) => f.path), ['s/e.tf']);
  const cfn = json((await hlkms(['lint', '--format', 'json', '--hosts', 'cloudformation,json', 's'], files)).stdout);
  assert.deepEqual(cfn.files.map((f) => f.path), ['s/a.json', 's/b.yaml', 's/c.yml', 's/d.template']);
});

test('--hosts with an unknown host is a usage error naming the choices', async () => {
  const r = await hlkms(['lint', '--hosts', 'ansible', 'a.json'], { 'a.json': '{}' });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--hosts takes a comma-separated list of json, cloudformation, terraform, templated-json/);
});

test('a file given by name that is no policy host gets a line on stderr, and a run without policies says so', async () => {
  const r = await hlkms(['lint', 'README.md', 'deployment.yaml'], { 'README.md': '# notes\n', 'deployment.yaml': sample('other/deployment.yaml') });
  assert.equal(r.code, 0);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /^hlkms lint: README\.md: not a file hlkms reads .*$/m);
  assert.match(r.stderr, /^hlkms lint: deployment\.yaml: not a CloudFormation template .*$/m);
  assert.match(r.stderr, /^hlkms lint: no policy found in 2 files\.$/m);
});

test('a plain JSON policy keeps its kind and gains one entry in policies', async () => {
  const r = await hlkms(['lint', '--format', 'json', 'key.json'], { 'key.json': sample('good/healthlake-key-policy.json') });
  const file = json(r.stdout).files[0]!;
  assert.equal(file.kind, 'key-policy');
  assert.deepEqual(file.policies.map((p) => [p.name, p.kind, p.range.start.line]), [['key.json', 'key-policy', 0]]);
  assert.equal(r.stderr, '');
});

test('a folder of Kubernetes YAML is silent: no findings, no notes per file, one line saying no policy was found', async () => {
  const r = await hlkms(['lint', 'k8s'], { 'k8s/deployment.yaml': sample('other/deployment.yaml'), 'k8s/values.yml': 'image: x\n' });
  assert.equal(r.code, 0);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, 'hlkms lint: no policy found in 2 files.');
});

test('the guide example as a CloudFormation template: findings on their own host lines, nothing on the account-root line', async () => {
  const path = 'bad/cloudformation/healthlake-guide-example.yaml';
  const text = sample(path);
  const r = await hlkms(['lint', '--format', 'json', path], {}, ['bad']);
  assert.equal(r.code, 1);
  const file = json(r.stdout).files[0]!;
  assert.equal(file.kind, 'cloudformation');
  assert.deepEqual(file.policies.map((p) => [p.name, p.kind]), [['DataStoreKey.KeyPolicy', 'key-policy']]);
  const lines = (code: string) => file.findings.filter((f) => f.code === code).map((f) => f.range.start.line + 1);
  assert.deepEqual(lines('principal-format'), [lineOf(text, ':HealthLakeFullAccessRole')]);
  assert.deepEqual(lines('healthlake-via-service'), [lineOf(text, 'kms:ViaService: healthlake.amazonaws.com')]);
  assert.ok(!file.findings.some((f) => f.range.start.line + 1 === lineOf(text, ':root')), 'nothing on the account-root line');
});

test('the guide example as Terraform: kind terraform, policies by resource address, findings inside jsonencode and the heredoc', async () => {
  const r = await hlkms(['lint', '--format', 'json', 'bad/terraform'], {}, ['bad']);
  const report = json(r.stdout);
  const main = report.files.find((f) => f.path.endsWith('main.tf'))!;
  const text = sample('bad/terraform/main.tf');
  assert.equal(main.kind, 'terraform');
  assert.deepEqual(main.policies.map((p) => [p.name, p.kind]), [['aws_kms_key.datastore.policy', 'key-policy']]);
  const principal = main.findings.find((f) => f.code === 'principal-format')!;
  assert.equal(principal.range.start.line + 1, lineOf(text, ':HealthLakeFullAccessRole'));
  const via = main.findings.find((f) => f.code === 'healthlake-via-service')!;
  const viaLine = text.split('\n')[via.range.start.line]!;
  assert.equal(viaLine.slice(via.range.start.character, via.range.end.character), '"healthlake.amazonaws.com"');
  const heredoc = report.files.find((f) => f.path.endsWith('creator-policy.tf'))!;
  assert.deepEqual(heredoc.policies.map((p) => [p.name, p.kind]), [['aws_iam_policy.creator.policy', 'identity-policy']]);
  const alias = heredoc.findings.find((f) => f.code === 'alias-resource')!;
  const heredocText = sample('bad/terraform/creator-policy.tf');
  const aliasLine = heredocText.split('\n')[alias.range.start.line]!;
  assert.equal(aliasLine.slice(alias.range.start.character, alias.range.end.character), '"arn:aws:kms:us-east-1:111122223333:alias/healthlake"');
});

test('samples/good lints clean: no error and no warning in any host', async () => {
  const r = await hlkms(['lint', '--format', 'json', 'good'], {}, ['good']);
  const report = json(r.stdout);
  const problems = report.files.flatMap((f) => f.findings.filter((x) => x.severity === 'error' || x.severity === 'warning')
    .map((x) => `${f.path}:${x.range.start.line + 1} ${x.code} ${x.message}`));
  assert.deepEqual(problems, []);
  assert.equal(r.code, 0);
  const kinds = Object.fromEntries(report.files.map((f) => [f.path, f.kind]));
  assert.equal(kinds['good/cloudformation/healthlake-datastore.yaml'], 'cloudformation');
  assert.equal(kinds['good/terraform/main.tf'], 'terraform');
  const names = report.files.flatMap((f) => f.policies.map((p) => `${p.name} ${p.kind}`)).sort();
  assert.ok(names.includes('DataStoreKey.KeyPolicy key-policy'), names.join(', '));
  assert.ok(names.includes('CreatorPolicy.PolicyDocument identity-policy'), names.join(', '));
  assert.ok(names.includes('aws_kms_key.datastore.policy key-policy'), names.join(', '));
  assert.ok(names.includes('data.aws_iam_policy_document.creator identity-policy'), names.join(', '));
});

test('SARIF points into the host file at the finding\'s line', async () => {
  const path = 'bad/cloudformation/healthlake-guide-example.yaml';
  const r = await hlkms(['lint', '--format', 'sarif', path], {}, ['bad']);
  const result = JSON.parse(r.stdout).runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'healthlake-via-service');
  assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, path);
  assert.equal(result.locations[0].physicalLocation.region.startLine, lineOf(sample(path), 'kms:ViaService: healthlake.amazonaws.com'));
});

test('--fix in a template applies the safe fixes as YAML edits, the rest of the file untouched, and reports what is left', async () => {
  const path = 'bad/cloudformation/healthlake-guide-example.yaml';
  const before = sample(path);
  const r = await hlkms(['lint', '--fix', path], {}, ['bad']);
  const after = r.read(path);
  // The missing kms:Decrypt joins the block list at its indentation (one line added), and kms:ViaService names the
  // stack's own Region (one line changed): nothing else changes.
  const added = '              - kms:Decrypt';
  const via = '                kms:ViaService: !Sub healthlake.${AWS::Region}.amazonaws.com';
  assert.ok(after.split('\n').includes(added), after);
  assert.equal(after.split('\n').filter((l) => l !== added).join('\n'), before.replace('                kms:ViaService: healthlake.amazonaws.com', via));
  assert.doesNotMatch(r.stdout, /\[healthlake-missing-action\]/);
  assert.doesNotMatch(r.stdout, /\[healthlake-via-service\]/);
  // A principal the template computes (inside !Sub) is left to a person.
  assert.match(r.stdout, /\[principal-format\]/);
});

test('templates that Sceptre, Ansible or Handlebars render are found in a folder and lint clean; a list-shaped KeyPolicy is one error', async () => {
  const templated = join(__dirname, '..', 'fixtures', 'templated');
  const read = (name: string) => readFileSync(join(templated, name), 'utf8');
  const files = {
    't/kms.yaml.j2': read('sceptre-kms.yaml.j2'), 't/key.json.j2': read('ansible-key-policy.json.j2'), 't/key.json.hbs': read('handlebars-key-policy.json.hbs'),
    't/serverless-key-policy.json': read('serverless-key-policy.json'), 't/notes.j2': '{{ not a policy }}',
  };
  const run = await hlkms(['lint', '--format', 'json', 't'], files);
  const report = json(run.stdout);
  assert.deepEqual(report.files.map((f) => [f.path, f.kind, f.findings.filter((x) => x.severity === 'error' || x.severity === 'warning').length]),
    [['t/key.json.hbs', 'key-policy', 0], ['t/key.json.j2', 'key-policy', 0], ['t/kms.yaml.j2', 'cloudformation', 0], ['t/serverless-key-policy.json', 'key-policy', 0]]);
  assert.equal(run.code, 0);
  const list = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Key:\n    Type: AWS::KMS::Key\n    Properties:\n      KeyPolicy:\n        - Effect: Allow\n          Principal: {AWS: !Sub 'arn:aws:iam::${AWS::AccountId}:root'}\n          Action: kms:*\n          Resource: '*'\n";
  const shaped = json((await hlkms(['lint', '--format', 'json', 'k.yaml'], { 'k.yaml': list })).stdout);
  assert.deepEqual(shaped.files[0]!.findings.map((f) => [f.code, f.range.start.line]), [['policy-shape', 6]]);
});
