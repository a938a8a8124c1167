/**
 * The language server as a plain LSP client drives it: pull diagnostics, the whole text sent with each edit
 * (`TextDocumentSyncKind.Full` clients), 50 edits after 10 to warm up, on a 36 KB JSON key policy and on a
 * CloudFormation YAML template and a Terraform file with 36 key policies each (about 55 and 50 KB: the
 * smallest realistic policies the bench builds); cold start to first diagnostics; the server's RSS after the
 * edits, and once it has been idle (it gives memory back then). Prints each number next to its target.
 * Also the server's CPU time per edit (every thread: the main one and V8's helpers), a steadier number than wall
 * time on a busy machine. Runnable alone: `node --import tsx test/bench/lspFullText.ts [json|yaml|terraform|cold|rss]...`
 * (after `npm run build`; the parts named, all by default); `npm run bench` includes it.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { TestClient } from '../lsp/client';
import { keyPolicyOfSize } from './policies';
import { cloudFormationTemplate, terraformFile } from './hostFiles';
import { IDLE_MS } from '../../server/src/lsp/idleCollect';
import { waitFor } from '../support/poll';

const TARGETS = { coldStartMs: 250, rssMb: 120 };
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]!;
const now = () => Number(process.hrtime.bigint()) / 1e6;
const verdict = (ok: boolean) => (ok ? 'within target' : 'OVER TARGET');
const rssMb = (pid: number) => (existsSync(`/proc/${pid}/status`)
  ? Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024 : undefined);

/** CPU time of every thread of a process so far, in ms (Linux; undefined elsewhere). */
function cpuMs(pid: number): number | undefined {
  const tasks = `/proc/${pid}/task`;
  if (!existsSync(tasks)) return undefined;
  let ns = 0;
  for (const t of readdirSync(tasks)) {
    try {
      ns += Number(readFileSync(`${tasks}/${t}/schedstat`, 'utf8').split(' ')[0]);
    } catch { /* the thread ended */ }
  }
  return ns / 1e6;
}

interface Doc { part: string; name: string; uri: string; languageId: string; text: string; marker: string; targetP95: number }

const documents = (): Doc[] => [
  { part: 'json', name: 'JSON key policy', uri: 'file:///bench/full/key-policy.json', languageId: 'json', text: keyPolicyOfSize(36 * 1024), marker: '"Sid": "', targetP95: 15 },
  { part: 'yaml', name: 'CloudFormation YAML, 36 key policies', uri: 'file:///bench/full/template.yaml', languageId: 'yaml', text: cloudFormationTemplate(45_000, 36), marker: 'Sid: Enable IAM User Permissions', targetP95: 20 },
  { part: 'terraform', name: 'Terraform, 36 key policies', uri: 'file:///bench/full/main.tf', languageId: 'terraform', text: terraformFile(44_000, 36), marker: 'Sid = "Enable IAM User Permissions', targetP95: 15 },
];

/** One character typed at the marker per edit, the whole new text sent; waits for the pulled diagnostics. */
async function editLoop(client: TestClient, doc: Doc, edits: number, from: number): Promise<number[]> {
  const at = doc.text.indexOf(doc.marker) + doc.marker.length;
  const times: number[] = [];
  for (let i = 0; i < edits; i++) {
    const text = `${doc.text.slice(0, at)}${'x'.repeat(from + i + 1)}${doc.text.slice(at)}`;
    const t0 = now();
    await client.change(doc.uri, text);
    const report = await client.pull(doc.uri);
    times.push(now() - t0);
    if (report.kind !== 'full') throw new Error('expected a full report after a change');
  }
  return times;
}

async function coldStart(): Promise<number> {
  const t0 = now();
  const client = await TestClient.start({ pull: true });
  try {
    await client.open('file:///bench/cold.json', keyPolicyOfSize(2048));
    await client.pull('file:///bench/cold.json');
    return now() - t0;
  } finally {
    await client.stop();
  }
}

/** `parts`: which of `cold`, `json`, `yaml`, `terraform` and `rss` to run (all when empty). */
export async function runLspFullTextBench(parts: readonly string[] = []): Promise<void> {
  const runs = (part: string) => parts.length === 0 || parts.includes(part);
  console.log('Language server, plain LSP client (pull diagnostics, full text per edit; built dist/server/server.js):');
  if (runs('cold')) {
    const cold: number[] = [];
    for (let i = 0; i < 7; i++) cold.push(await coldStart());
    const coldMedian = percentile(cold, 50);
    console.log(`  cold start to first diagnostics (spawn, initialize, open, pull), 7 runs: median ${coldMedian.toFixed(1)} ms`
      + ` (target <= ${TARGETS.coldStartMs} ms: ${verdict(coldMedian <= TARGETS.coldStartMs)})`);
  }
  const client = await TestClient.start({ pull: true });
  try {
    for (const doc of documents().filter((d) => runs(d.part))) {
      await client.open(doc.uri, doc.text, doc.languageId);
      const first = await client.pull(doc.uri);
      await editLoop(client, doc, 10, 0);
      const cpu0 = cpuMs(client.process.pid!);
      const times = await editLoop(client, doc, 50, 10);
      const cpu1 = cpuMs(client.process.pid!);
      const cpu = cpu0 === undefined || cpu1 === undefined ? '' : `; server CPU ${((cpu1 - cpu0) / 50).toFixed(2)} ms per edit`;
      const p95 = percentile(times, 95);
      const count = first.kind === 'full' ? first.items.length : 0;
      console.log(`  edit to diagnostics, ${(Buffer.byteLength(doc.text) / 1024).toFixed(1)} KB ${doc.name} (${count} diagnostics), 50 edits:`
        + ` p50 ${percentile(times, 50).toFixed(2)} ms, p95 ${p95.toFixed(2)} ms (target p95 <= ${doc.targetP95} ms: ${verdict(p95 <= doc.targetP95)})${cpu}`);
    }
    const busy = runs('rss') ? rssMb(client.process.pid!) : undefined;
    if (busy !== undefined) {
      // Idle: no request for IDLE_MS, then the collection, then the freed pages going back to the system (done in
      // the background, so slower on a busy machine): polled until RSS reaches the target, the lowest seen within
      // 5 s of the idle period otherwise.
      let idle = busy;
      const reached = () => {
        idle = Math.min(idle, rssMb(client.process.pid!) ?? idle);
        return idle <= TARGETS.rssMb;
      };
      await waitFor(reached, 'the idle server to give memory back', IDLE_MS + 5000, 250).catch(() => undefined);
      console.log(`  server RSS after the edits: ${busy.toFixed(1)} MB, once idle ${idle.toFixed(1)} MB (target <= ${TARGETS.rssMb} MB: ${verdict(idle <= TARGETS.rssMb)})`);
    }
  } finally {
    await client.stop();
  }
}

// Run alone (not when bundled into run.ts, where `require.main` is the bundle).
if (/\blspFullText\.[cm]?[jt]s$/.test(process.argv[1] ?? '')) {
  runLspFullTextBench(process.argv.slice(2)).catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
