/**
 * Over LSP stdio with the built server (dist/server/server.js): cold start to first diagnostics, edit to
 * diagnostics on a 32 KB key policy, and the server's memory. Prints numbers; asserts nothing.
 * Runnable alone: `node --import tsx test/bench/lsp.ts` (after `npm run build`); `npm run bench` includes it.
 */
import { readFileSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { TestClient } from '../lsp/client';
import { keyPolicyOfSize } from './policies';
import { createLanguageService } from '../../server/src/service/languageService';
import { fileCatalog } from '../../server/src/node/catalogFiles';

const TARGETS = { coldStartMs: 250, editP95Ms: 15, rssMb: 120 };
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]!;
const now = () => Number(process.hrtime.bigint()) / 1e6;
const verdict = (ok: boolean) => (ok ? 'within target' : 'OVER TARGET');

/** Resident and peak memory of a process, in MB (Linux /proc, else `ps`). */
function memoryMb(pid: number): { rss: number; peak?: number } {
  const status = `/proc/${pid}/status`;
  if (existsSync(status)) {
    const text = readFileSync(status, 'utf8');
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0);
    return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
  }
  return { rss: Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).trim()) / 1024 };
}

async function coldStart(text: string): Promise<number> {
  const t0 = now();
  const client = await TestClient.start({ pull: true });
  try {
    const uri = 'file:///bench/cold.json';
    await client.open(uri, text);
    const report = await client.pull(uri);
    if (report.kind !== 'full') throw new Error('expected a full diagnostic report');
    return now() - t0;
  } finally {
    await client.stop();
  }
}

async function editLoop(client: TestClient, text: string, edits: number, mode: 'pull' | 'push'): Promise<number[]> {
  const uri = `file:///bench/edit-${mode}.json`;
  await client.open(uri, text);
  if (mode === 'pull') await client.pull(uri);
  else await client.pushedWhen(uri, () => true);
  const times: number[] = [];
  // Typing in the first Sid: one character inserted per edit, sent as an incremental change like an editor does.
  const start = text.indexOf('"Sid": "') + '"Sid": "'.length;
  const line = text.slice(0, start).split('\n').length - 1;
  const character = start - (text.lastIndexOf('\n', start - 1) + 1);
  for (let i = 0; i < edits; i++) {
    const t0 = now();
    const version = await client.edit(uri, { start: { line, character }, end: { line, character } }, 'x');
    if (mode === 'pull') await client.pull(uri);
    else await client.pushedWhen(uri, (p) => p.version === version);
    times.push(now() - t0);
  }
  return times;
}

export async function runLspBench(): Promise<void> {
  console.log('Language server over LSP stdio (built dist/server/server.js):');
  const small = keyPolicyOfSize(2048);
  const big = keyPolicyOfSize(32768);
  const cold: number[] = [];
  for (let i = 0; i < 5; i++) cold.push(await coldStart(small));
  const coldMedian = percentile(cold, 50);
  console.log(`  cold start to first diagnostics (spawn, initialize, open, pull), 5 runs: median ${coldMedian.toFixed(1)} ms, best ${Math.min(...cold).toFixed(1)} ms`
    + ` (target <= ${TARGETS.coldStartMs} ms: ${verdict(coldMedian <= TARGETS.coldStartMs)})`);

  // The same work in-process, so the share of LSP transport and conversion is visible.
  const service = createLanguageService({ catalog: fileCatalog() });
  const inProcess: number[] = [];
  for (let i = 0; i < 1200; i++) {
    const t0 = now();
    service.analyze({ uri: 'file:///bench/policy.json', text: big.replace('Sid": "', `Sid": "edit${i} `) });
    if (i >= 200) inProcess.push(now() - t0);
  }
  console.log(`  (in-process parse + lint of the same policy: p50 ${percentile(inProcess, 50).toFixed(2)} ms, p95 ${percentile(inProcess, 95).toFixed(2)} ms)`);

  for (const mode of ['pull', 'push'] as const) {
    const client = await TestClient.start({ pull: mode === 'pull' });
    try {
      await editLoop(client, big, 10, mode); // warm up
      const times = await editLoop(client, big, 50, mode);
      const p95 = percentile(times, 95);
      console.log(`  edit to diagnostics on a ${(Buffer.byteLength(big) / 1024).toFixed(1)} KB key policy, 50 edits (${mode}): p50 ${percentile(times, 50).toFixed(2)} ms, p95 ${p95.toFixed(2)} ms`
        + ` (target p95 <= ${TARGETS.editP95Ms} ms: ${verdict(p95 <= TARGETS.editP95Ms)})`);
      if (mode === 'pull') {
        const mem = memoryMb(client.process.pid!);
        console.log(`  server memory after the edits: RSS ${mem.rss.toFixed(1)} MB${mem.peak ? `, peak ${mem.peak.toFixed(1)} MB` : ''}`
          + ` (target <= ${TARGETS.rssMb} MB: ${verdict((mem.peak ?? mem.rss) <= TARGETS.rssMb)})`);
      }
    } finally {
      await client.stop();
    }
  }
}

// Run alone (not when bundled into run.ts, where `require.main` is the bundle).
if (/\blsp\.[cm]?[jt]s$/.test(process.argv[1] ?? '')) {
  runLspBench().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
