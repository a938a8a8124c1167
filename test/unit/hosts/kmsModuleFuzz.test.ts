/**
 * Fuzzing the KMS registry module's reader: module calls whose inputs are random HCL expressions (lists, objects,
 * references, function calls, conditionals, `for` expressions, nulls, deep nesting), and the sample module cut and
 * mutated. Extraction and the engine never throw, every range lies inside the text, the same text gives the same
 * findings, and a module whose inputs are all unknown raises nothing. Seeds are fixed (HLKMS_FUZZ_SEED replays
 * another); an input that ever failed is kept in test/fixtures/fuzz-corpus-kms-module/ and replayed first.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { extractTerraform } from '../../../server/src/service/hosts/terraform/extract';
import type { HostValue } from '../../../server/src/service/hosts/types';
import { analyzeTf, prepared } from './terraformSupport';
import { fuzzParams, fuzzSeed } from '../../support/fuzz';

prepared();

const corpusDir = join(__dirname, '..', '..', 'fixtures', 'fuzz-corpus-kms-module');
const seed = fuzzSeed;
const SAMPLE = readFileSync(join(__dirname, '..', '..', '..', 'samples', 'bad', 'terraform-kms-module', 'main.tf'), 'utf8');

const INPUTS = ['enable_default_policy', 'create', 'key_owners', 'key_administrators', 'key_users', 'key_service_users', 'key_service_roles_for_autoscaling', 'key_symmetric_encryption_users', 'key_hmac_users', 'key_asymmetric_public_encryption_users', 'key_asymmetric_sign_verify_users', 'key_statements', 'source_policy_documents', 'override_policy_documents', 'enable_route53_dnssec', 'route53_dnssec_sources', 'policy'];
const KEYS = ['sid', 'effect', 'actions', 'not_actions', 'resources', 'not_resources', 'principals', 'not_principals', 'conditions', 'condition', 'type', 'identifiers', 'test', 'variable', 'values', 'other'];

/** HCL expressions, from a small grammar of what module calls hold. */
const { expr } = fc.letrec<{ expr: string; leaf: string }>((tie) => ({
  leaf: fc.oneof(
    fc.constantFrom('null', 'true', 'false', '0', '"*"', '"kms:*"', '"Allow"', '"Deny"', '"AWS"', '"Service"', '"StringEquals"', '"kms:ViaService"', '"healthlake.amazonaws.com"', '"arn:aws:iam::111122223333:root"', '"arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/R"', 'var.x', 'local.y[0]', 'each.value', 'data.aws_iam_policy_document.d.json', 'aws_iam_role.r.arn', '"${var.a}-${local.b}"', '"%{ for x in var.l }${x}%{ endfor }"', '""', '"\\u00e9\\""'),
    fc.string({ maxLength: 8 }).map((s) => JSON.stringify(s)),
  ),
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    tie('leaf'),
    fc.array(tie('expr'), { maxLength: 4 }).map((xs) => `[${xs.join(', ')}]`),
    fc.array(fc.tuple(fc.constantFrom(...KEYS), tie('expr')), { maxLength: 5 }).map((es) => `{ ${es.map(([k, v]) => `${k} = ${v}`).join('\n')} }`),
    fc.tuple(fc.constantFrom('concat', 'try', 'merge', 'flatten', 'compact', 'coalesce', 'jsonencode', 'lookup'), fc.array(tie('expr'), { maxLength: 3 })).map(([f, xs]) => `${f}(${xs.join(', ')})`),
    fc.tuple(tie('leaf'), tie('expr'), tie('expr')).map(([c, a, b]) => `${c} ? ${a} : ${b}`),
    fc.tuple(tie('expr'), tie('expr')).map(([l, b]) => `[for s in ${l} : ${b}]`),
  ),
}));

const HEADS = ['source = "terraform-aws-modules/kms/aws"', 'source  = "terraform-aws-modules/kms/aws"\n  version = "~> 4.0"', 'source  = "terraform-aws-modules/kms/aws"\n  version = "2.1.0"', 'source = "git::https://github.com/terraform-aws-modules/terraform-aws-kms.git?ref=v3.0.0"', 'source  = "terraform-aws-modules/kms/aws"\n  version = var.v'];
const STORE = '\nresource "awscc_healthlake_fhir_datastore" "fhir" {\n  sse_configuration = { kms_encryption_config = { cmk_type = "CUSTOMER_MANAGED_KMS_KEY", kms_key_id = module.kms.key_arn } }\n}\n';
const moduleText = (head: string, inputs: readonly [string, string][]) => `module "kms" {\n  ${head}\n${inputs.map(([k, v]) => `  ${k} = ${v}`).join('\n')}\n}\n${STORE}`;

/** Throws when the host misbehaves on `text`. */
function checkText(text: string): void {
  const inside = (o: number, l: number, what: string) => {
    if (!(Number.isInteger(o) && Number.isInteger(l) && o >= 0 && l >= 0 && o + l <= text.length)) throw new Error(`${what}: range N+N outside the text`);
  };
  const walk = (v: HostValue | { type: 'absent'; range: { offset: number; length: number } }) => {
    inside(v.range.offset, v.range.length, `${v.type} node`);
    if (v.type === 'object') for (const e of v.entries) { inside(e.keyRange.offset, e.keyRange.length, 'key'); walk(e.value); }
    if (v.type === 'array') v.items.forEach(walk);
    if (v.type === 'choice') v.branches.forEach(walk);
  };
  for (const s of extractTerraform(text, { fileName: 'main.tf' }).sites) walk(s.value);
  const { findings } = analyzeTf(text);
  for (const f of findings) {
    if (f.ruleId === 'internal-error') throw new Error(f.message.replace(/\d+/g, 'N'));
    inside(f.offset, f.length, f.ruleId);
    for (const fix of f.data?.fixes ?? []) for (const e of fix.edits) inside(e.offset, e.length, `${f.ruleId} fix`);
  }
  const again = analyzeTf(text).findings.map((f) => `${f.ruleId}@${f.offset}`);
  if (JSON.stringify(again) !== JSON.stringify(findings.map((f) => `${f.ruleId}@${f.offset}`))) throw new Error('the same text gave other findings');
}

const failureOf = (text: string): string | undefined => {
  try {
    checkText(text);
    return undefined;
  } catch (e) {
    return String((e as Error).message);
  }
};

function run<T>(arb: fc.Arbitrary<T>, toText: (v: T) => string, numRuns: number): void {
  const result = fc.check(fc.property(arb, (v) => checkText(toText(v))), fuzzParams(numRuns));
  if (!result.failed) return;
  const text = toText(result.counterexample![0]);
  mkdirSync(corpusDir, { recursive: true });
  const file = `${createHash('sha1').update(text).digest('hex').slice(0, 12)}.tf.txt`;
  writeFileSync(join(corpusDir, file), text);
  assert.fail(`${failureOf(text) ?? String(result.errorInstance)} (input saved as ${file}; seed ${seed})`);
}

test('replays every input that ever failed', () => {
  let files: string[] = [];
  try { files = readdirSync(corpusDir).filter((f) => f.endsWith('.txt')); } catch { /* none yet */ }
  for (const f of files) assert.equal(failureOf(readFileSync(join(corpusDir, f), 'utf8')), undefined, f);
});

test(`module calls with random HCL inputs (seed ${seed})`, () => {
  const inputs = fc.array(fc.tuple(fc.constantFrom(...INPUTS), expr), { maxLength: 6 });
  run(fc.tuple(fc.constantFrom(...HEADS), inputs), ([head, xs]) => moduleText(head, xs), 120);
});

test(`inputs that are all references or computed raise nothing (seed ${seed})`, () => {
  const unknown = fc.constantFrom('var.x', 'local.y', 'concat(var.a, var.b)', '[for s in var.l : s]', 'try(var.m.x, null)', 'var.on ? var.a : var.b', 'merge(local.m, var.m)');
  // (A data store needs a symmetric key: asymmetric encryption users are left out of this property.)
  const inputs = fc.array(fc.tuple(fc.constantFrom(...INPUTS.filter((i) => i !== 'policy' && i !== 'key_asymmetric_public_encryption_users')), unknown), { maxLength: 6 });
  fc.assert(fc.property(fc.constantFrom(...HEADS), inputs, (head, xs) => {
    const text = moduleText(head, xs);
    const loud = analyzeTf(text).findings.filter((f) => f.severity !== 'info');
    assert.deepEqual(loud.map((f) => f.ruleId), [], text);
  }), fuzzParams(60));
});

const PUNCTUATION = ['{', '}', '[', ']', '(', ')', '"', '\\', '$', '${', '%{', ',', ':', '=', '?', '#', '\n', 'null', 'var.x', '[for s in var.l : s]', '...'];

test(`the sample module cut anywhere and mutated (seed ${seed})`, () => {
  run(fc.nat({ max: SAMPLE.length }), (n) => SAMPLE.slice(0, n), 100);
  const edit = fc.record({ at: fc.nat({ max: SAMPLE.length }), cut: fc.nat({ max: 30 }), insert: fc.array(fc.constantFrom(...PUNCTUATION), { maxLength: 3 }) });
  run(fc.array(edit, { minLength: 1, maxLength: 5 }), (edits) => edits.reduce((t, e) => t.slice(0, Math.min(e.at, t.length)) + e.insert.join('') + t.slice(Math.min(e.at, t.length) + e.cut), SAMPLE), 120);
});

test('huge and deeply nested inputs: a clear answer, not a crash or a hang', () => {
  const many = `[${Array.from({ length: 2000 }, (_, i) => `{ sid = "S${i}", actions = ["kms:Decrypt"], resources = ["*"], principals = [{ type = "AWS", identifiers = ["arn:aws:iam::111122223333:role/R${i}"] }] }`).join(',\n')}]`;
  const deepList = `${'['.repeat(2000)}${']'.repeat(2000)}`;
  const deepFor = `[for a in ${'[for b in '.repeat(300)}var.x${' : b]'.repeat(300)} : a]`;
  const deepObject = `[{ principals = [${'{ type = '.repeat(500)}"AWS"${' }'.repeat(500)}] }]`;
  for (const v of [many, deepList, deepFor, deepObject]) {
    const text = moduleText(HEADS[0]!, [['key_statements', v]]);
    assert.equal(failureOf(text), undefined, text.slice(0, 200));
  }
  const sites = extractTerraform(moduleText(HEADS[0]!, [['key_statements', many]]), { fileName: 'main.tf' }).sites;
  const statements = sites[0]!.value.type === 'object' ? sites[0]!.value.entries.find((e) => e.key === 'Statement')!.value : undefined;
  assert.equal(statements?.type === 'array' ? statements.items.length : 0, 2001);
});
