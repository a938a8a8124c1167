/**
 * Fuzzing the Terraform host: mutations of real-looking modules (cut anywhere, HCL and JSON punctuation
 * inserted, spans deleted), unterminated heredocs, huge and deeply nested files. Extraction and the engine never
 * throw; every finding, fix and site range lies inside the text. An input that ever failed is kept in
 * test/fixtures/fuzz-corpus-terraform/ and replayed first.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { extractTerraform } from '../../../server/src/service/hosts/terraform/extract';
import { TerraformTrees } from '../../../server/src/service/hosts/terraform/parser';
import { terraformTrees } from '../../../server/src/service/hosts/terraform/host';
import { clearBlockCache, UNNAMED_READS } from '../../../server/src/service/hosts/terraform/blocks';
import { syntaxOf } from '../../../server/src/service/hosts/terraform/syntax';
import type { HostValue } from '../../../server/src/service/hosts/types';
import { analyzeTf, prepared } from './terraformSupport';
import { service } from '../../support/service';
import { fuzzParams } from '../../support/fuzz';

prepared();
/** One service for a whole edit sequence, as in the editor: its per-site lint results are reused across edits. */
const editor = service({ healthLake: true });

const corpusDir = join(__dirname, '..', '..', 'fixtures', 'fuzz-corpus-terraform');

const MODULE = `data "aws_caller_identity" "current" {}

resource "aws_kms_key" "k" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "Root", Effect = "Allow", Principal = { AWS = "arn:aws:iam::\${data.aws_caller_identity.current.account_id}:root" }, Action = "kms:*", Resource = "*" },
      {
        Sid       = "HealthLake"
        Effect    = var.on ? "Allow" : "Deny"
        Principal = { AWS = var.creator_role_arn }
        Action    = ["kms:CreateGrant", "kms:Decrypt"]
        Resource  = "*"
        Condition = { StringEquals = { "kms:ViaService" = "healthlake.amazonaws.com" } }
      },
    ]
  })
}

resource "aws_iam_role" "r" {
  assume_role_policy = <<-EOT
\t{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "healthlake.amazonaws.com"}, "Action": "sts:AssumeRole", "Resource": "$\${aws:username}"}]}
\tEOT
  inline_policy {
    name   = "s"
    policy = "{\\"Version\\": \\"2012-10-17\\", \\"Statement\\": []}"
  }
}

data "aws_iam_policy_document" "d" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::b/&{aws:username}/*"]
    principals {
      type        = "AWS"
      identifiers = [aws_iam_role.r.arn]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:x"
      values   = ["\${aws:username}"]
    }
  }
  dynamic "statement" {
    for_each = var.s
    content { actions = statement.value }
  }
}

resource "aws_iam_policy" "p" { policy = data.aws_iam_policy_document.d.json }
`;

/** A module that composes its policies: merged documents, dynamic blocks, values that may be null, built lists. */
/** Composition as terraform-aws-modules/terraform-aws-kms writes it (Apache-2.0; see test/fixtures/corpus/NOTICE). */
const COMPOSED = `data "aws_iam_policy_document" "base" {
  statement {
    sid       = "Root"
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
  }
}

data "aws_iam_policy_document" "this" {
  count                     = var.create ? 1 : 0
  source_policy_documents   = concat([data.aws_iam_policy_document.base.json], var.source_policy_documents)
  override_policy_documents = [data.aws_iam_policy_document.this[0].json, data.aws_iam_policy_document.base.json]

  dynamic "statement" {
    for_each = var.key_statements
    content {
      sid         = try(statement.value.sid, null)
      actions     = try(statement.value.actions, null)
      not_actions = try(statement.value.not_actions, null)
      effect      = try(statement.value.effect, null)
      resources   = ["*"]
      dynamic "principals" {
        for_each = try(statement.value.principals, [])
        content {
          type        = principals.value.type
          identifiers = principals.value.identifiers
        }
      }
      dynamic "condition" {
        for_each = try(statement.value.conditions, [])
        content {
          test     = condition.value.test
          variable = condition.value.variable
          values   = condition.value.values
        }
      }
    }
  }
}

resource "aws_kms_key" "k" {
  policy = coalesce(var.policy, data.aws_iam_policy_document.this[0].json)
}

resource "aws_kms_key" "j" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat([
      { Sid = "Root", Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" }, Action = "kms:*", Resource = "*" },
    ], var.on ? [{ Effect = "Allow", Principal = { AWS = var.r }, Action = flatten([["kms:Decrypt"], var.a]), Resource = "*" }] : [],
    [for s in var.s : merge({ Effect = "Allow", Resource = "*" }, { Action = s.actions, Principal = { AWS = s.arn } })], try(var.x, []))
  })
}
`;

/** Throws when the host misbehaves on `text`. */
function checkText(text: string): void {
  const inside = (o: number, l: number, what: string) => {
    if (!(Number.isInteger(o) && Number.isInteger(l) && o >= 0 && l >= 0 && o + l <= text.length)) throw new Error(`${what}: range N+N outside the text`);
  };
  const doc = extractTerraform(text, { fileName: 'main.tf' });
  const walk = (v: HostValue | { type: 'absent'; range: { offset: number; length: number } }) => {
    inside(v.range.offset, v.range.length, `${v.type} node`);
    if (v.type === 'object') for (const e of v.entries) { inside(e.keyRange.offset, e.keyRange.length, 'key'); walk(e.value); }
    if (v.type === 'array') v.items.forEach(walk);
    if (v.type === 'choice') v.branches.forEach(walk);
  };
  for (const s of doc.sites) walk(s.value);
  const { analysis, findings } = analyzeTf(text);
  for (const f of findings) {
    if (f.ruleId === 'internal-error') throw new Error(f.message.replace(/\d+/g, 'N'));
    inside(f.offset, f.length, f.ruleId);
    for (const fix of f.data?.fixes ?? []) for (const e of fix.edits) inside(e.offset, e.length, `${f.ruleId} fix`);
    // A fix to a policy changes the lines that policy is written on, nothing else of the file.
    const site = analysis.sites.find((x) => f.offset >= x.site.range.offset && f.offset < x.site.range.offset + x.site.range.length);
    if (!site) continue;
    const from = text.lastIndexOf('\n', site.site.range.offset - 1) + 1;
    const next = text.indexOf('\n', site.site.range.offset + site.site.range.length);
    const to = next < 0 ? text.length : next;
    for (const fix of f.data?.fixes ?? []) {
      for (const e of fix.edits) if (e.offset < from || e.offset + e.length > to) throw new Error(`${f.ruleId} fix reaches outside ${site.site.name}`);
    }
  }
}

const failureOf = (text: string): string | undefined => {
  try {
    checkText(text);
    return undefined;
  } catch (e) {
    return String((e as Error).message).replace(/\d+/g, 'N');
  }
};

function run<T>(arb: fc.Arbitrary<T>, toText: (v: T) => string, numRuns: number): void {
  const result = fc.check(fc.property(arb, (v) => checkText(toText(v))), fuzzParams(numRuns));
  if (!result.failed) return;
  const text = toText(result.counterexample![0]);
  mkdirSync(corpusDir, { recursive: true });
  const file = `${createHash('sha1').update(text).digest('hex').slice(0, 12)}.tf.txt`;
  writeFileSync(join(corpusDir, file), text);
  assert.fail(`${failureOf(text) ?? String(result.errorInstance)} (input saved as ${file}; seed ${result.seed})`);
}

test('replays every input that ever failed', () => {
  let files: string[] = [];
  try { files = readdirSync(corpusDir).filter((f) => f.endsWith('.txt')); } catch { /* none yet */ }
  for (const f of files) assert.equal(failureOf(readFileSync(join(corpusDir, f), 'utf8')), undefined, f);
});

test('the module cut at any offset', () => {
  run(fc.nat({ max: MODULE.length }), (n) => MODULE.slice(0, n), 150);
});

const PUNCTUATION = ['{', '}', '[', ']', '(', ')', '"', '\\', '$', '${', '%{', '$${', '&{', '<<EOT\n', '<<-EOT\n', 'EOT\n', '\n', '\t', ',', ':', '=', '?', '#', '/*', '*/', 'null', 'var.x', 'é', '\u{1F600}'];

test('the module with HCL and JSON punctuation inserted and spans deleted', () => {
  const edit = fc.record({ at: fc.nat({ max: MODULE.length }), cut: fc.nat({ max: 40 }), insert: fc.array(fc.constantFrom(...PUNCTUATION), { maxLength: 4 }) });
  run(fc.array(edit, { minLength: 1, maxLength: 6 }), (edits) => edits.reduce((t, e) => t.slice(0, Math.min(e.at, t.length)) + e.insert.join('') + t.slice(Math.min(e.at, t.length) + e.cut), MODULE), 200);
});

test('the composed module cut at any offset, and with punctuation inserted and spans deleted', () => {
  run(fc.nat({ max: COMPOSED.length }), (n) => COMPOSED.slice(0, n), 150);
  const edit = fc.record({ at: fc.nat({ max: COMPOSED.length }), cut: fc.nat({ max: 40 }), insert: fc.array(fc.constantFrom(...PUNCTUATION, 'concat(', 'for x in y :', 'dynamic "statement" {', '...'), { maxLength: 4 }) });
  run(fc.array(edit, { minLength: 1, maxLength: 6 }), (edits) => edits.reduce((t, e) => t.slice(0, Math.min(e.at, t.length)) + e.insert.join('') + t.slice(Math.min(e.at, t.length) + e.cut), COMPOSED), 200);
});

test('huge and deeply nested list builders: silence or a clear finding, in bounded time', () => {
  const statement = '{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }';
  const policy = (statements: string) => `resource "aws_iam_policy" "p" {\n  policy = jsonencode({ Version = "2012-10-17", Statement = ${statements} })\n}\n`;
  const texts = [
    policy(`${'concat([], '.repeat(2000)}[${statement}]${')'.repeat(2000)}`),
    policy(`${'flatten(['.repeat(1500)}${statement}${'])'.repeat(1500)}`),
    policy(`[${Array.from({ length: 3000 }, (_, i) => `for s${i} in var.x${i} : `).join('')}${statement}]`),
    policy(`concat(${Array.from({ length: 2000 }, (_, i) => `var.c${i} ? [${statement}] : []`).join(', ')})`),
    policy(`[for s in var.x : ${'merge('.repeat(1000)}${statement}${')'.repeat(1000)}]`),
    policy(`concat([${statement}], var.x...)`),
    `data "aws_iam_policy_document" "d" {\n  source_policy_documents = [${Array.from({ length: 3000 }, (_, i) => `data.aws_iam_policy_document.d${i}.json`).join(', ')}]\n}\n`,
    Array.from({ length: 300 }, (_, i) => `data "aws_iam_policy_document" "d${i}" {\n  source_policy_documents = [data.aws_iam_policy_document.d${i + 1}.json, data.aws_iam_policy_document.d${Math.max(0, i - 1)}.json]\n  statement {\n    actions = ["s3:GetObject"]\n  }\n}\n`).join('\n'),
  ];
  for (const text of texts) {
    const started = Date.now();
    assert.equal(failureOf(text), undefined, text.slice(0, 200));
    assert.ok(Date.now() - started < 20_000, `took ${Date.now() - started} ms: ${text.slice(0, 120)}`);
  }
});

test('unterminated heredocs and strings: silence or a clear finding', () => {
  for (const text of [
    'resource "aws_iam_policy" "p" {\n  policy = <<EOT\n{"Version": "2012-10-17"\n',
    'resource "aws_iam_policy" "p" {\n  policy = <<-EOT\n\t{"Version": "2012-10-17", "Statement": []}\n}\n',
    'resource "aws_iam_policy" "p" {\n  policy = "{\\"Version\\": \n}\n',
    'resource "aws_iam_policy" "p" {\n  policy = jsonencode({ Version = "2012-10-17", Statement = [\n',
    'data "aws_iam_policy_document" "d" {\n  statement {\n    actions = ["s3:GetObject"\n',
  ]) {
    assert.equal(failureOf(text), undefined, text);
  }
  const doc = extractTerraform('resource "aws_iam_policy" "p" {\n  policy = <<EOT\n{"Version": "2012-10-17", "Statement": [\nEOT\n}\n');
  assert.deepEqual(doc.findings.map((f) => f.ruleId), ['json-syntax']);
});

test('huge and deeply nested files', () => {
  const deepHcl = `resource "aws_iam_policy" "p" {\n  policy = jsonencode(${'{ a = '.repeat(3000)}1${' }'.repeat(3000)})\n}\n`;
  const deepJson = `resource "aws_iam_policy" "p" {\n  policy = <<EOT\n${'['.repeat(20000)}${']'.repeat(20000)}\nEOT\n}\n`;
  const deepDoc = `data "aws_iam_policy_document" "d" {\n${'  dynamic "statement" {\n    content {\n'.repeat(500)}${'    }\n  }\n'.repeat(500)}}\n`;
  const huge = Array.from({ length: 150 }, (_, i) => MODULE.replace(/"k"|"r"|"d"|"p"/g, (m) => `"${m.slice(1, -1)}${i}"`)).join('\n');
  for (const text of [deepHcl, deepJson, deepDoc, huge]) assert.equal(failureOf(text), undefined, text.slice(0, 200));
  const nested = extractTerraform(deepJson);
  assert.equal(nested.sites.length, 0);
  assert.match(nested.findings[0]?.message ?? '', /nested too deeply/);
});

interface Change { at: number; cut: number; insert: string[] }

/**
 * Applies the changes one by one as LSP edits; after each, the kept tree, its extraction and its findings equal a
 * fresh read's. Tree equality is the property, not only equal extractions: hover, completion and the writers read
 * the kept tree too. It holds by construction: an incremental reparse is kept only when it has no syntax error (an
 * error-free tree is the text's one parse), and a text with an error is parsed from scratch, because tree-sitter's
 * error recovery from an old tree can differ from a fresh parse's (the first replayed sequence with a comment
 * opened and closed around broken blocks read the comment as an ERROR).
 */
function checkEdits(edits: readonly Change[], base = MODULE): void {
  // The engine's own trees, as the server keeps them: an open document's analysis reuses what an edit left.
  const trees = terraformTrees;
  const openBefore = trees.size;
  try {
    trees.open('file:///m/main.tf', base);
    let text = base;
    for (const e of edits) {
      const at = Math.min(e.at, text.length);
      const end = Math.min(at + e.cut, text.length);
      const pos = (o: number) => { const before = text.slice(0, o).split('\n'); return { line: before.length - 1, character: before.at(-1)!.length }; };
      const change = { range: { start: pos(at), end: pos(end) }, text: e.insert.join('') };
      text = text.slice(0, at) + change.text + text.slice(end);
      assert.equal(trees.update('file:///m/main.tf', [change]), text);
      const open = trees.get('file:///m/main.tf')!;
      assert.equal(open.tree.rootNode.toString(), extractTreeString(text));
      // Blocks reused from before the edit (moved) read exactly as a fresh read of the new text, and lint the same.
      const reusedFindings = editor.analyze({ uri: 'file:///m/main.tf', text })!.findings;
      const reused = serialize(extractTerraform(text, { tree: open.tree, document: 'file:///m/main.tf' }));
      clearBlockCache(UNNAMED_READS);
      assert.equal(reused, serialize(extractTerraform(text)));
      clearBlockCache(UNNAMED_READS);
      assert.deepEqual(reusedFindings, service({ healthLake: true }).analyze({ uri: 'file:///fresh/main.tf', text })!.findings);
    }
  } finally {
    trees.close('file:///m/main.tf');
  }
  assert.equal(trees.size, openBefore);
}

test('replays every edit sequence that ever failed', () => {
  let files: string[] = [];
  try { files = readdirSync(corpusDir).filter((f) => f.endsWith('.edits.json')); } catch { /* none yet */ }
  for (const f of files) checkEdits(JSON.parse(readFileSync(join(corpusDir, f), 'utf8')) as Change[]);
});

test('incremental edits of random changes give the trees and sites a fresh parse gives', () => {
  const edit = fc.record({ at: fc.nat({ max: MODULE.length }), cut: fc.nat({ max: 20 }), insert: fc.array(fc.constantFrom(...PUNCTUATION), { maxLength: 3 }) });
  const result = fc.check(fc.property(fc.array(edit, { minLength: 1, maxLength: 8 }), (edits) => checkEdits(edits)), fuzzParams(60));
  if (!result.failed) return;
  const edits = JSON.stringify(result.counterexample![0]);
  mkdirSync(corpusDir, { recursive: true });
  const file = `${createHash('sha1').update(edits).digest('hex').slice(0, 12)}.edits.json`;
  writeFileSync(join(corpusDir, file), edits);
  assert.fail(`${String(result.errorInstance)} (edits saved as ${file}; seed ${result.seed})`);
});

test('incremental edits of the composed module: merged documents follow the blocks they merge', () => {
  const edit = fc.record({ at: fc.nat({ max: COMPOSED.length }), cut: fc.nat({ max: 20 }), insert: fc.array(fc.constantFrom(...PUNCTUATION), { maxLength: 3 }) });
  const result = fc.check(fc.property(fc.array(edit, { minLength: 1, maxLength: 6 }), (edits) => checkEdits(edits, COMPOSED)), fuzzParams(30));
  assert.ok(!result.failed, `${String(result.errorInstance)} (edits ${JSON.stringify(result.counterexample?.[0])}; seed ${result.seed})`);
});

/** An extraction as text: every site, node, range and syntax mark. */
function serialize(doc: ReturnType<typeof extractTerraform>): string {
  return JSON.stringify(doc, (k, v: unknown) => {
    if (k === 'writer' || k === 'reuse') return undefined; // `reuse` names a read: a fresh read is another
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const s = syntaxOf(v as HostValue);
      return s ? { ...v, syntax: s } : v;
    }
    return v;
  });
}

/** The S-expression of a fresh parse of the text. */
function extractTreeString(text: string): string {
  const fresh = new TerraformTrees();
  fresh.open('x', text);
  const s = fresh.get('x')!.tree.rootNode.toString();
  fresh.dispose();
  return s;
}
