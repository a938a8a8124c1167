/**
 * The organization audit at scale: `hlkms audit --org` (the built CLI, in its own process) over 500 active
 * accounts (and 2 suspended), 3 Regions each, 1,000 data stores and 700 customer managed keys (200 of them shared
 * by two data stores), behind a fast in-process stand-in speaking the services' wire protocols (test/bench/
 * orgStandIn.ts: moto with 500 accounts is too slow for a benchmark) that throttles Organizations, STS, HealthLake
 * and KMS with token buckets. 5 accounts' roles cannot be assumed and a service control policy denies one Region
 * in 3 accounts: 8 errors to report.
 * Prints the wall time, the calls per service, the throttled answers (each one a retry), the keys read, the
 * errors reported and the CLI's peak RSS against 300 MB. Throws (exit code 1) when a key is read more or less
 * than once or an error is not reported; asserts nothing else.
 * Runnable alone: `node --import tsx test/bench/orgAudit.ts` (after `npm run build`); `npm run bench` includes it.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startOrgStandIn, type OrgWorld } from './orgStandIn';

const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];
const ACCOUNTS = 500;
const ROLE = 'HlkmsAudit';
const RSS_TARGET_MB = 300;

/**
 * Each account has two data stores. Accounts 0-199: both in one Region, sharing a key (200 keys); 200-449: in two
 * Regions, a key each (500 keys); 450-499: AWS owned keys. Roles of 495-499 cannot be assumed; an SCP denies the
 * first Region of 450-452.
 */
function world(): { world: OrgWorld; keys: number; expectedErrors: number } {
  const id = (i: number) => String(100000000000 + i);
  const datastores: OrgWorld['datastores'] = new Map();
  let keys = 0;
  let n = 0;
  const add = (account: string, region: string, keyArn?: string) => {
    const regions = datastores.get(account) ?? new Map<string, { id: string; name: string; keyArn?: string }[]>();
    datastores.set(account, regions);
    const list = regions.get(region) ?? [];
    regions.set(region, list);
    const sid = (++n).toString(16).padStart(32, '0');
    list.push({ id: sid, name: `store-${n}`, ...(keyArn ? { keyArn } : {}) });
  };
  const key = (account: string, region: string) => `arn:aws:kms:${region}:${account}:key/${(++keys).toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`;
  for (let i = 0; i < ACCOUNTS; i++) {
    const a = id(i);
    const r1 = REGIONS[i % 3]!;
    const r2 = REGIONS[(i + 1) % 3]!;
    if (i < 200) {
      const k = key(a, r1);
      add(a, r1, k);
      add(a, r1, k);
    } else if (i < 450) {
      add(a, r1, key(a, r1));
      add(a, r2, key(a, r2));
    } else {
      add(a, r1);
      add(a, r2);
    }
  }
  const accounts = [...Array.from({ length: ACCOUNTS }, (_, i) => ({ id: id(i), name: i === 0 ? 'management' : `member-${i}`, status: 'ACTIVE' })),
    { id: id(900), name: 'closed-1', status: 'SUSPENDED' }, { id: id(901), name: 'closed-2', status: 'SUSPENDED' }];
  const deniedRoles = new Set([495, 496, 497, 498, 499].map((i) => `arn:aws:iam::${id(i)}:role/${ROLE}`));
  const scpDenied = new Set([450, 451, 452].map((i) => `${id(i)}/${REGIONS[i % 3]}`));
  return {
    world: {
      management: id(0), accounts, datastores, deniedRoles, scpDenied,
      rates: { organizations: [2, 2], sts: [20, 5], healthlake: [15, 5], kms: [10, 5] },
    },
    keys, expectedErrors: deniedRoles.size + scpDenied.size,
  };
}

export async function runOrgAuditBench(): Promise<void> {
  const { world: w, keys, expectedErrors } = world();
  const standIn = await startOrgStandIn(w);
  const dir = mkdtempSync(join(tmpdir(), 'hlkms-bench-org-'));
  try {
    // The CLI's own peak RSS, written as it exits.
    const rss = join(dir, 'rss.js');
    writeFileSync(rss, "process.on('exit', () => require('fs').writeSync(2, `\\nHLKMS_MAXRSS_KB ${process.resourceUsage().maxRSS}\\n`));\n");
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_')));
    Object.assign(env, {
      AWS_ENDPOINT_URL: standIn.endpoint, AWS_ACCESS_KEY_ID: 'AKIDBENCHMANAGEMENT', AWS_SECRET_ACCESS_KEY: 'secret', AWS_REGION: 'us-east-1',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    });
    const cli = join(__dirname, '..', '..', 'dist', 'server', 'cli.js');
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, ['-r', rss, cli, 'audit', '--org', '--role-name', ROLE, '--regions', REGIONS.join(','), '--format', 'json', '--quiet'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => { err += c.toString(); });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
    const json = JSON.parse(Buffer.concat(out).toString('utf8')) as {
      datastores: unknown[]; errors: { kind: string }[]; summary: { accounts: Record<string, number>; keys: number; byVerdict: Record<string, number> };
    };
    const maxRssMb = Number(/HLKMS_MAXRSS_KB (\d+)/.exec(err)?.[1] ?? 0) / 1024;
    const { calls, throttled, policyReads } = standIn.counters;
    const total = [...calls.values()].reduce((a, b) => a + b, 0);
    const retries = [...throttled.values()].reduce((a, b) => a + b, 0);
    const readOnce = policyReads.size === keys && [...policyReads.values()].every((r) => r === 1);

    console.log(`hlkms audit --org, ${ACCOUNTS} active accounts (+2 suspended) x ${REGIONS.length} Regions, 1000 data stores, ${keys} keys, stand-ins throttling `
      + `Organizations ${w.rates.organizations[0]}/s, STS ${w.rates.sts[0]}/s, HealthLake ${w.rates.healthlake[0]}/s per Region, KMS ${w.rates.kms[0]}/s per account and Region:`);
    console.log(`  wall time ${(wallMs / 1000).toFixed(2)} s, exit code ${code}; calls ${total} (${[...calls].map(([s, n]) => `${s} ${n}`).join(', ')});`
      + ` throttled and retried ${retries} (${[...throttled].map(([s, n]) => `${s} ${n}`).join(', ') || 'none'})`);
    console.log(`  keys read ${policyReads.size} of ${keys} distinct, ${readOnce ? 'each once' : 'NOT EACH ONCE'}; data stores reported ${json.datastores.length};`
      + ` errors reported ${json.errors.length} of ${expectedErrors} (${json.errors.map((e) => e.kind).join(', ')}); accounts ${JSON.stringify(json.summary.accounts)}`);
    console.log(`  peak RSS of the CLI ${maxRssMb.toFixed(0)} MB (target < ${RSS_TARGET_MB} MB)${maxRssMb < RSS_TARGET_MB ? '' : ' OVER TARGET'}`);
    if (!readOnce) throw new Error(`each key must be read once: ${policyReads.size} keys read of ${keys}, ${[...policyReads.values()].filter((r) => r !== 1).length} more than once`);
    if (json.errors.length !== expectedErrors) throw new Error(`expected ${expectedErrors} errors reported, got ${json.errors.length}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await standIn.stop();
  }
}

if (require.main === module) {
  runOrgAuditBench().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
