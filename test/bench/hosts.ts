/**
 * Policies in infrastructure code, in-process and through the CLI: host analysis of a 50 KB CloudFormation
 * template and a 50 KB Terraform file (p50/p95), and `hlkms lint` wall time on 1,000 mixed host files
 * (CloudFormation YAML and JSON, Terraform, templated JSON, plain JSON policies). Prints numbers; asserts nothing.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLanguageService } from '../../server/src/service/languageService';
import { fileCatalog } from '../../server/src/node/catalogFiles';
import { buildModel } from '../../server/src/service/model';
import { runRules } from '../../server/src/service/rules/run';
import { rules } from '../../server/src/service/rules/index';
import { prepareHosts, registerHost } from '../../server/src/service/hosts/api';
import { terraformHost } from '../../server/src/service/hosts/terraform';
import { cloudFormationTemplate, terraformFile } from './hostFiles';
import { keyPolicyOfSize } from './policies';

const TARGETS = { cliMs: 5000 };
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]!;
const ms = (n: number) => `${n.toFixed(3)} ms`;

function inProcess(): void {
  const service = createLanguageService({ catalog: fileCatalog() });
  console.log('In-process host analysis (extract + lint every policy), 200 runs after 50 to warm up, a fresh text each run:');
  for (const [name, uri, text] of [
    ['CloudFormation YAML template, 10 key policies', 'file:///bench/template.yaml', cloudFormationTemplate(50_000, 10)],
    ['Terraform file, 10 jsonencode key policies', 'file:///bench/main.tf', terraformFile(50_000, 10)],
  ] as const) {
    const times: number[] = [];
    let sites = 0;
    let findings = 0;
    for (let i = 0; i < 250; i++) {
      // A different text each run, as after an edit (the analysis is cached per text).
      const edited = text.replace('Enable IAM User Permissions', `Enable IAM User Permissions ${i}`);
      const t = process.hrtime.bigint();
      const a = service.analyze({ uri, text: edited });
      if (i >= 50) times.push(Number(process.hrtime.bigint() - t) / 1e6);
      sites = a?.sites.length ?? 0;
      findings = a?.findings.length ?? 0;
    }
    console.log(`  ${(Buffer.byteLength(text) / 1024).toFixed(1)} KB ${name} (${sites} sites read, ${findings} findings): p50 ${ms(percentile(times, 50))}, p95 ${ms(percentile(times, 95))}`);
  }
}

/**
 * What the hosts add to a plain JSON policy's path: asking the engine whether a `.json` document is a host file
 * (a cheap look at its text) before the JSON path parses it. Measured against that parse + lint.
 */
function jsonOverhead(): void {
  const service = createLanguageService({ catalog: fileCatalog() });
  const text = keyPolicyOfSize(32768);
  const detect: number[] = [];
  const lint: number[] = [];
  for (let i = 0; i < 1200; i++) {
    const edited = text.replace('Sid": "', `Sid": "edit${i} `);
    let t = process.hrtime.bigint();
    const analysis = service.analyze({ uri: `file:///bench/policy-${i % 7}.json`, text: edited });
    const d = Number(process.hrtime.bigint() - t) / 1e6;
    t = process.hrtime.bigint();
    runRules(rules, buildModel(edited), service);
    const l = Number(process.hrtime.bigint() - t) / 1e6;
    if (analysis?.host !== 'json') throw new Error('a plain JSON policy was not read as one');
    if (i >= 200) { detect.push(d); lint.push(l); }
  }
  console.log(`JSON host: analysis of a 31.6 KB JSON key policy p50 ${ms(percentile(detect, 50))}, p95 ${ms(percentile(detect, 95))}`
    + ` (the JSON parse + lint itself: p50 ${ms(percentile(lint, 50))}, p95 ${ms(percentile(lint, 95))})`);
}

/** 1,000 files, a quarter of each host, in folders of 10 (so Terraform files have module siblings). */
function writeMixed(dir: string): void {
  for (let i = 0; i < 1000; i++) {
    const folder = join(dir, `stack-${String(Math.floor(i / 10)).padStart(3, '0')}`);
    mkdirSync(folder, { recursive: true });
    const size = 2048 + (i % 8) * 1024;
    const n = String(i).padStart(4, '0');
    switch (i % 4) {
      case 0: writeFileSync(join(folder, `template-${n}.yaml`), cloudFormationTemplate(size, 1 + (i % 3))); break;
      case 1: writeFileSync(join(folder, `keys-${n}.tf`), terraformFile(size, 1 + (i % 3))); break;
      case 2: writeFileSync(join(folder, `policy-${n}.json`), keyPolicyOfSize(size)); break;
      default: writeFileSync(join(folder, `template-${n}.json`), JSON.stringify({
        AWSTemplateFormatVersion: '2010-09-09',
        Resources: { Key: { Type: 'AWS::KMS::Key', Properties: { KeyPolicy: JSON.parse(keyPolicyOfSize(size)) } } },
      }, null, 2));
    }
  }
}

function cli(): void {
  const bin = join(__dirname, '..', '..', 'dist', 'server', 'cli.js');
  const path = existsSync(bin) ? bin : join(process.cwd(), 'dist', 'server', 'cli.js');
  if (!existsSync(path)) throw new Error('dist/server/cli.js is missing: run `npm run build`.');
  const dir = mkdtempSync(join(tmpdir(), 'hlkms-bench-hosts-'));
  try {
    writeMixed(dir);
    const preload = join(dir, 'maxrss.cjs');
    writeFileSync(preload, "process.on('exit', () => process.stderr.write('maxrss=' + process.resourceUsage().maxRSS + '\\n'));");
    execFileSync(process.execPath, [path, 'lint', '--format', 'json', dir], { stdio: 'ignore', maxBuffer: 1 << 28 }); // warm the file cache
    const runs: number[] = [];
    let peakKb = 0;
    let files = 0;
    let policies = 0;
    for (let i = 0; i < 3; i++) {
      const t = process.hrtime.bigint();
      const r = spawnSync(process.execPath, ['--require', preload, path, 'lint', '--format', 'json', dir], { encoding: 'utf8', maxBuffer: 1 << 28 });
      runs.push(Number(process.hrtime.bigint() - t) / 1e6);
      peakKb = Math.max(peakKb, Number(/maxrss=(\d+)/.exec(r.stderr)?.[1] ?? 0));
      const report = JSON.parse(r.stdout) as { files: { policies: unknown[] }[] };
      files = report.files.length;
      policies = report.files.reduce((n, f) => n + f.policies.length, 0);
    }
    const best = Math.min(...runs);
    console.log(`hlkms lint on 1,000 mixed host files (CloudFormation YAML and JSON, Terraform, JSON policies; ${files} files read, ${policies} policies):`
      + ` wall time best ${ms(best)}, median ${ms(percentile(runs, 50))} (target <= ${TARGETS.cliMs} ms: ${best <= TARGETS.cliMs ? 'within target' : 'OVER TARGET'});`
      + ` peak memory (max RSS) ${(peakKb / 1024).toFixed(1)} MB`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runHostsBench(): Promise<void> {
  registerHost(terraformHost);
  await prepareHosts();
  jsonOverhead();
  inProcess();
  cli();
}
