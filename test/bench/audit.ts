/**
 * The audit at scale: 200 data stores over 10 Regions (keys in moto, one per Region apart; some shared by
 * two data stores; some AWS owned) behind stand-ins that throttle every service per Region with a token
 * bucket. Prints the wall time, the AWS calls by service, the throttled answers and the retries they cost;
 * checks every key was inspected once. Asserts nothing else: numbers only.
 * Runnable alone: `node --import tsx test/bench/audit.ts` (after `npm run build`); `npm run bench` includes it.
 */
import { runAudit } from '../../server/src/inspect/audit';
import { startEmulators } from '../aws/emulators';
import { addDatastore, ALL_NINE, kmsClient, seedKey } from '../aws/seed';

const REGIONS = ['us-east-1', 'us-east-2', 'us-west-2', 'ca-central-1', 'eu-west-1', 'eu-west-2', 'ap-south-1', 'ap-southeast-2', 'eu-central-1', 'ap-northeast-1'];
const PER_REGION = 20;
/** Per Region: 2 data stores on AWS owned keys, 18 on 14 customer managed keys (4 of them shared by two). */
const OWNED = 2;
const SHARED = 4;
/** Requests per second (and burst) each service answers per Region before ThrottlingException. */
const RATE = { perSecond: 25, burst: 10 };

export async function runAuditBench(): Promise<void> {
  const emu = await startEmulators();
  emu.applyEnv();
  try {
    let keys = 0;
    await Promise.all(REGIONS.map(async (region) => {
      const kms = kmsClient(emu.kmsEndpoint, region);
      try {
        const cmk = PER_REGION - OWNED;
        const distinct = cmk - SHARED;
        const arns: string[] = [];
        for (let k = 0; k < distinct; k++) {
          arns.push((await seedKey(kms, { region, rotation: k % 3 !== 0, grantOperations: ALL_NINE, state: k === 5 ? 'Disabled' : undefined })).arn);
        }
        keys += distinct;
        for (let i = 0; i < cmk; i++) addDatastore(emu.state, `store-${region}-${i}`, arns[i % distinct], 'ACTIVE', region);
        for (let i = 0; i < OWNED; i++) addDatastore(emu.state, `owned-${region}-${i}`, undefined, 'ACTIVE', region);
      } finally {
        kms.destroy();
      }
    }));
    emu.state.pageSize = 10;
    emu.state.rate = RATE;
    const from = emu.state.requests.length;

    const t0 = process.hrtime.bigint();
    const result = await runAudit({ regions: REGIONS });
    const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;

    const calls = emu.state.requests.slice(from);
    const byService = new Map<string, number>();
    for (const c of calls) {
      const service = c.target.startsWith('TrentService.') ? 'kms' : c.target.startsWith('HealthLake.') ? 'healthlake' : 'cloudtrail';
      byService.set(service, (byService.get(service) ?? 0) + 1);
    }
    const throttled = calls.filter((c) => c.throttled).length;
    const policyReads = calls.filter((c) => c.target === 'TrentService.GetKeyPolicy' && !c.throttled).length;
    const notes = [...result.keys.values()].reduce((n, i) => n + i.report.notes.filter((x) => x.startsWith('Could not check')).length, 0);
    console.log(`hlkms audit, ${result.datastores.length} data stores over ${REGIONS.length} Regions (${keys} customer managed keys, ${SHARED * REGIONS.length} data stores sharing a key), `
      + `stand-ins throttling at ${RATE.perSecond} requests/s (burst ${RATE.burst}) per service and Region:`);
    console.log(`  wall time ${(wallMs / 1000).toFixed(2)} s; AWS calls ${calls.length} (${[...byService].map(([s, n]) => `${s} ${n}`).join(', ')}), of which ${throttled} throttled and retried;`
      + ` ${(calls.length - throttled) / result.datastores.length} answered calls per data store`);
    console.log(`  keys inspected ${result.keys.size} of ${keys} (key policy read ${policyReads} times: ${policyReads === keys ? 'each key once' : 'NOT ONCE PER KEY'});`
      + ` Region errors ${result.errors.length}; parts not checked ${notes}; verdicts ${JSON.stringify(result.summary.byVerdict)}`);
  } finally {
    await emu.stop();
  }
}

if (require.main === module) {
  runAuditBench().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
