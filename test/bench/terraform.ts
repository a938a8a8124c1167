/**
 * The Terraform host's numbers: parse + extract (and the whole engine) on a 50 KB `.tf` file, and memory over
 * 1,000 incremental edits of it with one tree kept per document (target: at most 20 MB of growth).
 */
import { prepare, wasmMemoryBytes, withTree } from '../../server/src/service/hosts/terraform/parser';
import { extractTerraform } from '../../server/src/service/hosts/terraform/extract';
import { registerHost, prepareHosts } from '../../server/src/service/hosts/api';
import { terraformHost, terraformTrees as terraformTreesForBench } from '../../server/src/service/hosts/terraform/host';
import { clearBlockCache } from '../../server/src/service/hosts/terraform/blocks';
import { createLanguageService, type LanguageService } from '../../server/src/service/languageService';
import { fileCatalog } from '../../server/src/node/catalogFiles';

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]!;
const ms = (n: number) => `${n.toFixed(2)} ms`;
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

/** A module file of at least `size` characters: keys with jsonencode policies, roles with heredocs, policy documents. */
export function terraformModuleOfSize(size: number): string {
  const parts = ['data "aws_caller_identity" "current" {}', 'data "aws_region" "current" {}', ''];
  for (let i = 0; parts.join('\n').length < size; i++) {
    parts.push(`resource "aws_kms_key" "store${i}" {
  description         = "HealthLake data store ${i}"
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "EnableIAMPolicies"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::\${data.aws_caller_identity.current.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "HealthLake${i}"
        Effect    = "Allow"
        Principal = { AWS = var.creator_role_arn }
        Action    = ["kms:CreateGrant", "kms:DescribeKey", "kms:GenerateDataKey", "kms:Decrypt"]
        Resource  = "*"
        Condition = {
          StringEquals = {
            "kms:ViaService"    = "healthlake.\${data.aws_region.current.name}.amazonaws.com"
            "kms:CallerAccount" = data.aws_caller_identity.current.account_id
          }
        }
      }
    ]
  })
}

resource "aws_iam_role" "import${i}" {
  name               = "healthlake-import-${i}"
  assume_role_policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [{"Effect": "Allow", "Principal": {"Service": "healthlake.amazonaws.com"}, "Action": "sts:AssumeRole"}]
    }
  EOT
}

data "aws_iam_policy_document" "reader${i}" {
  statement {
    sid       = "Read${i}"
    actions   = ["s3:GetObject", "s3:ListBucket"]
    resources = ["arn:aws:s3:::fhir-import-${i}", "arn:aws:s3:::fhir-import-${i}/&{aws:username}/*"]
  }
}

resource "aws_iam_role_policy" "reader${i}" {
  role   = aws_iam_role.import${i}.id
  policy = data.aws_iam_policy_document.reader${i}.json
}
`);
  }
  return parts.join('\n');
}

function positionOf(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

export async function runTerraformBench(service: LanguageService): Promise<void> {
  await prepare();
  registerHost(terraformHost);
  await prepareHosts();
  const text = terraformModuleOfSize(50 * 1024);
  // Memory first, while the process holds little else.
  // 1,000 edits as an editor sends them: type a character into a Sid, then delete it, at changing places.
  const trees = terraformTreesForBench;
  const uri = 'file:///bench/edited.tf';
  trees.open(uri, text);
  service.analyze({ uri, text });
  const sids = [...text.matchAll(/Sid {7}= "HealthLake/g)].map((m) => m.index + m[0].length);
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const before = { ...process.memoryUsage(), wasm: wasmMemoryBytes() };
  let warm = before;
  const diagnostics: number[] = [];
  let current = text;
  const edits: number[] = [];
  for (let i = 0; i < 1000; i++) {
    if (i === 50) {
      gc?.();
      warm = { ...process.memoryUsage(), wasm: wasmMemoryBytes() };
    }
    const at = sids[Math.floor(i / 2) % sids.length]!;
    const change = i % 2 === 0
      ? { range: { start: positionOf(current, at), end: positionOf(current, at) }, text: 'x' }
      : { range: { start: positionOf(current, at), end: positionOf(current, at + 1) }, text: '' };
    const t = performance.now();
    current = trees.update(uri, [change])!;
    const open = trees.get(uri)!;
    extractTerraform(current, { tree: open.tree, document: uri });
    edits.push(performance.now() - t);
    if (i % 10 === 0) {
      // What the server does for each version: the engine's analysis (extraction with the kept tree, every rule).
      const u = performance.now();
      service.analyze({ uri, text: current });
      diagnostics.push(performance.now() - u);
    }
  }
  gc?.();
  const after = { ...process.memoryUsage(), wasm: wasmMemoryBytes() };
  trees.close(uri);
  console.log(`Terraform, 1,000 incremental edits of that file (edit, reparse from the old tree, extract):`
    + ` p50 ${ms(percentile(edits, 50))}, p95 ${ms(percentile(edits, 95))};`
    + ` edit to the engine's findings (every 10th version) p50 ${ms(percentile(diagnostics, 50))}, p95 ${ms(percentile(diagnostics, 95))};`
    + ` memory growth over the 1,000 edits: parser WebAssembly memory ${mb(after.wasm - before.wasm)} (${mb(after.wasm)} in all), JS heap ${mb(after.heapUsed - before.heapUsed)},`
    + ` RSS ${mb(after.rss - before.rss)} (${mb(after.rss - warm.rss)} after the first 50 edits)`
    + `${gc ? '' : ' (run with --expose-gc for steadier numbers)'}`);

  const RUNS = 200;
  for (let i = 0; i < 20; i++) extractTerraform(text);
  const parse: number[] = [];
  const extract: number[] = [];
  const analyze: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    let t = performance.now();
    withTree(text, () => undefined);
    parse.push(performance.now() - t);
    // A file never read before: no block is remembered from an earlier read.
    clearBlockCache();
    t = performance.now();
    const doc = extractTerraform(text);
    extract.push(performance.now() - t);
    clearBlockCache();
    t = performance.now();
    // A new text each run, so the engine's per-version cache does not answer.
    service.analyze({ uri: 'file:///bench/main.tf', text: `${text}\n# ${i}\n` });
    analyze.push(performance.now() - t);
    if (!doc.sites.length) throw new Error('no sites');
  }
  const sites = extractTerraform(text).sites.length;
  console.log(`Terraform, a ${(text.length / 1024).toFixed(1)} KB .tf file (${sites} policies), ${RUNS} runs:`
    + ` parse p50 ${ms(percentile(parse, 50))}; parse + extract p50 ${ms(percentile(extract, 50))}, p95 ${ms(percentile(extract, 95))};`
    + ` parse + extract + every rule p50 ${ms(percentile(analyze, 50))}, p95 ${ms(percentile(analyze, 95))}`);

}

// A process of its own (scripts/bench.mjs runs it before the others): it measures memory growth.
if (/\bterraform\.[cm]?[jt]s$/.test(process.argv[1] ?? '')) {
  runTerraformBench(createLanguageService({ catalog: fileCatalog() })).catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
