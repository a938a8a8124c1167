/**
 * Policies in infrastructure code over LSP stdio with the built server: edit to diagnostics on a 50 KB
 * CloudFormation YAML template with 10 key policies and on a 50 KB Terraform file (pull and push), and the
 * server's memory over 1,000 edits of a `.tf` file (tree-sitter trees are edited in place and old ones
 * deleted, so it must stay flat). Prints numbers; asserts nothing.
 * Runnable alone: `node --import tsx test/bench/lspHosts.ts` (after `npm run build`); `npm run bench` includes it.
 */
import { readFileSync, existsSync } from 'node:fs';
import { TestClient } from '../lsp/client';
import { cloudFormationTemplate, terraformFile } from './hostFiles';

const TARGETS = { editP95Ms: 50, tfGrowthMb: 20 };
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]!;
const now = () => Number(process.hrtime.bigint()) / 1e6;
const verdict = (ok: boolean) => (ok ? 'within target' : 'OVER TARGET');

/** Resident memory of a process in MB (Linux /proc; undefined elsewhere). */
function rssMb(pid: number): number | undefined {
  const status = `/proc/${pid}/status`;
  if (!existsSync(status)) return undefined;
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(status, 'utf8'))?.[1] ?? 0) / 1024;
}

interface Doc { uri: string; languageId: string; text: string; /** Where typing happens: just after this marker. */ marker: string }

/** Types one character per edit at the marker (an incremental change, as editors send), waiting each time for the diagnostics. */
async function editLoop(client: TestClient, doc: Doc, edits: number, mode: 'pull' | 'push'): Promise<number[]> {
  const start = doc.text.indexOf(doc.marker) + doc.marker.length;
  const line = doc.text.slice(0, start).split('\n').length - 1;
  const character = start - (doc.text.lastIndexOf('\n', start - 1) + 1);
  const times: number[] = [];
  for (let i = 0; i < edits; i++) {
    const t0 = now();
    const version = await client.edit(doc.uri, { start: { line, character }, end: { line, character } }, 'x');
    if (mode === 'pull') await client.pull(doc.uri);
    else await client.pushedWhen(doc.uri, (p) => p.version === version);
    times.push(now() - t0);
  }
  return times;
}

async function openAndWait(client: TestClient, doc: Doc, mode: 'pull' | 'push'): Promise<void> {
  await client.open(doc.uri, doc.text, doc.languageId);
  if (mode === 'pull') await client.pull(doc.uri);
  else await client.pushedWhen(doc.uri, () => true);
}

export async function runLspHostsBench(): Promise<void> {
  console.log('Policies in infrastructure code over LSP stdio (built dist/server/server.js):');
  const docs: Doc[] = [
    { uri: 'file:///bench/template.yaml', languageId: 'yaml', text: cloudFormationTemplate(50_000, 10), marker: 'Sid: Enable IAM User Permissions' },
    { uri: 'file:///bench/main.tf', languageId: 'terraform', text: terraformFile(50_000, 10), marker: 'Sid = "Enable IAM User Permissions' },
  ];
  for (const doc of docs) {
    for (const mode of ['pull', 'push'] as const) {
      const client = await TestClient.start({ pull: mode === 'pull' });
      try {
        const d = { ...doc, uri: doc.uri.replace('/bench/', `/bench/${mode}/`) };
        await openAndWait(client, d, mode);
        const findings = mode === 'pull' ? await client.pull(d.uri) : undefined;
        await editLoop(client, d, 10, mode); // warm up
        const times = await editLoop(client, d, 200, mode);
        const p95 = percentile(times, 95);
        const count = findings?.kind === 'full' ? `, ${findings.items.length} diagnostics` : '';
        console.log(`  edit to diagnostics on a ${(Buffer.byteLength(d.text) / 1024).toFixed(1)} KB ${doc.languageId === 'yaml' ? 'CloudFormation YAML template, 10 key policies' : 'Terraform file, 10 jsonencode key policies'}${count}, 200 edits (${mode}):`
          + ` p50 ${percentile(times, 50).toFixed(2)} ms, p95 ${p95.toFixed(2)} ms (target p95 <= ${TARGETS.editP95Ms} ms: ${verdict(p95 <= TARGETS.editP95Ms)})`);
      } finally {
        await client.stop();
      }
    }
  }

  // Memory over 1,000 edits of a .tf file: the tree is reused and edited, never leaked. As the extension starts the
  // server (its Node.js flags), and started bare (`node server.js --stdio`, as other editors may).
  for (const [how, nodeArgs] of [['as the extension starts it', undefined], ['started bare, V8 defaults', []]] as const) {
    const client = await TestClient.start({ pull: true, ...(nodeArgs ? { nodeArgs } : {}) });
    try {
      const doc = { ...docs[1]!, uri: 'file:///bench/memory/main.tf' };
      await openAndWait(client, doc, 'pull');
      await editLoop(client, doc, 100, 'pull'); // warm up: JIT, the WASM heap's first growth
      const before = rssMb(client.process.pid!);
      await editLoop(client, doc, 1000, 'pull');
      const after = rssMb(client.process.pid!);
      if (before === undefined || after === undefined) console.log('  (server memory over 1,000 .tf edits: not measurable on this system)');
      else {
        const target = nodeArgs ? '' : ` (target <= ${TARGETS.tfGrowthMb} MB: ${verdict(after - before <= TARGETS.tfGrowthMb)})`;
        console.log(`  server memory over 1,000 edits of a ${(Buffer.byteLength(doc.text) / 1024).toFixed(1)} KB .tf file, ${how}: RSS ${before.toFixed(1)} MB -> ${after.toFixed(1)} MB,`
          + ` growth ${(after - before).toFixed(1)} MB${target}`);
      }
    } finally {
      await client.stop();
    }
  }
}

// Run alone (not when bundled into run.ts, where `require.main` is the bundle).
if (/\blspHosts\.[cm]?[jt]s$/.test(process.argv[1] ?? '')) {
  runLspHostsBench().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
