/**
 * CLI start: whole-process wall time of `hlkms lint` on one small file, and of `hlkms diff` on two (small, and
 * a 32 KB key policy against its reordered copy), against
 * `node -e 0` on the same machine (target: lint at most 2x). Runs are interleaved so a busy machine slows
 * every command alike; medians are printed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keyPolicyOfSize } from './policies';

const RUNS = 25;

export function startBench(cli: string): void {
  const dir = mkdtempSync(join(tmpdir(), 'hlkms-start-'));
  try {
    const policy = (extra: object[] = []) => JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' }, ...extra],
    }, null, 2);
    writeFileSync(join(dir, 'old.json'), policy());
    writeFileSync(join(dir, 'new.json'), policy([{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*' }]));
    const big = JSON.parse(keyPolicyOfSize(32768)) as { Statement: unknown[] };
    writeFileSync(join(dir, 'big-old.json'), JSON.stringify(big));
    writeFileSync(join(dir, 'big-new.json'), JSON.stringify({ ...big, Statement: [...big.Statement].reverse() }));
    const commands: [string, string[]][] = [
      ['node -e 0', ['-e', '0']],
      ['hlkms lint (one file)', [cli, 'lint', join(dir, 'old.json')]],
      ['hlkms diff (two files)', [cli, 'diff', join(dir, 'old.json'), join(dir, 'new.json')]],
      [`hlkms diff (32 KB, ${big.Statement.length} statements reordered)`, [cli, 'diff', join(dir, 'big-old.json'), join(dir, 'big-new.json')]],
    ];
    const times = commands.map(() => [] as number[]);
    for (let i = 0; i < RUNS + 3; i++) {
      commands.forEach(([, args], j) => {
        const t = process.hrtime.bigint();
        const r = spawnSync(process.execPath, args, { stdio: 'ignore' });
        if (r.status === null || r.status > 1) throw new Error(`${args.join(' ')} exited with ${r.status}`);
        if (i >= 3) times[j]!.push(Number(process.hrtime.bigint() - t) / 1e6);
      });
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
    const base = median(times[0]!);
    console.log(`CLI start, whole process, median of ${RUNS} interleaved runs:`);
    commands.forEach(([name], j) => {
      const m = median(times[j]!);
      console.log(`  ${name.padEnd(44)} ${m.toFixed(1)} ms${j === 0 ? '' : `, ${(m / base).toFixed(2)}x node -e 0${j === 1 ? ' (target at most 2x)' : ''}`}`);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
