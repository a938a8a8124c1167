/** The organization audit's offline parts: credentials renewed before they expire, the checkpoint file, the progress line. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdaptiveRate, RateLimits } from '../../server/src/inspect/adaptiveRate';
import { assumedRole, pacer, trustPolicy } from '../../server/src/inspect/orgAccess';
import { CheckpointError, openCheckpoint, type CheckpointRun, type PairResult } from '../../server/src/inspect/orgCheckpoint';
import { formatProgress, progressLine } from '../../server/src/cli/progressLine';
import type { OrgAuditProgress } from '../../server/src/inspect/orgTypes';

/** An STS whose credentials last `lifetimeMs`; counts its AssumeRole calls and can fail the next ones. */
function fakeSts(lifetimeMs: number) {
  const sts = {
    calls: 0, fail: 0,
    send: async (command: { input: { RoleArn: string; RoleSessionName: string; ExternalId?: string } }) => {
      sts.calls++;
      sts.inputs.push(command.input);
      if (sts.fail > 0) {
        sts.fail--;
        throw Object.assign(new Error('User is not authorized to perform: sts:AssumeRole'), { name: 'AccessDenied' });
      }
      return { Credentials: { AccessKeyId: `AK${sts.calls}`, SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(Date.now() + lifetimeMs) } };
    },
    inputs: [] as { RoleArn: string; RoleSessionName: string; ExternalId?: string }[],
  };
  return sts;
}

describe('assumed role credentials', () => {
  test('assumed once while they last, shared by concurrent callers, with session name hlkms-audit and the ExternalId', async () => {
    const sts = fakeSts(3600_000);
    const provider = assumedRole(sts as never, { roleArn: 'arn:aws:iam::111122223333:role/HlkmsAudit', externalId: 'x-1' }, undefined);
    const all = await Promise.all([provider(), provider(), provider()]);
    await provider();
    assert.equal(sts.calls, 1);
    assert.deepEqual(new Set(all.map((c) => c.accessKeyId)), new Set(['AK1']));
    assert.deepEqual(sts.inputs[0], { RoleArn: 'arn:aws:iam::111122223333:role/HlkmsAudit', RoleSessionName: 'hlkms-audit', ExternalId: 'x-1' });
  });

  test('renewed before they expire (a long run outlives a session)', async () => {
    const sts = fakeSts(5 * 60_000);
    const provider = assumedRole(sts as never, { roleArn: 'arn:aws:iam::111122223333:role/R' }, undefined);
    assert.equal((await provider()).accessKeyId, 'AK1');
    assert.equal((await provider()).accessKeyId, 'AK2', 'five minutes left is too little: assumed again');
    assert.equal(sts.inputs[0]!.ExternalId, undefined);
  });

  test('a failure is not kept: the next use tries again', async () => {
    const sts = fakeSts(3600_000);
    sts.fail = 1;
    const provider = assumedRole(sts as never, { roleArn: 'arn:aws:iam::111122223333:role/R' }, undefined);
    await assert.rejects(provider(), /not authorized/);
    assert.equal((await provider()).accessKeyId, 'AK2');
  });

  test('the trust policy the role needs names the caller\'s account, and the ExternalId when one is used', () => {
    const caller = { account: '999988887777', partition: 'aws-us-gov', arn: 'arn:aws-us-gov:iam::999988887777:user/a' };
    assert.deepEqual(JSON.parse(trustPolicy(caller, 'abc')), {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws-us-gov:iam::999988887777:root' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'abc' } } }],
    });
    assert.equal(JSON.parse(trustPolicy(caller)).Statement[0].Condition, undefined);
  });

  test('the pacer spaces calls by its interval, in order', async () => {
    const pace = pacer(40);
    const start = Date.now();
    await Promise.all([pace(undefined), pace(undefined), pace(undefined)]);
    assert.ok(Date.now() - start >= 75, `three calls took ${Date.now() - start} ms`);
  });
});

describe('adaptive rate limits', () => {
  test('unlimited until throttled; then below the rate that was throttled, rising again with successes', async () => {
    const rate = new AdaptiveRate();
    for (let i = 0; i < 10; i++) await rate.acquire();
    assert.equal(rate.limit, Infinity);
    rate.throttled();
    assert.ok(rate.limit <= 7 && rate.limit >= 0.5, `limit ${rate.limit} after 10 calls in a second`);
    const after = rate.limit;
    rate.throttled();
    assert.ok(rate.limit < after, 'throttled again: lower still');
    const low = rate.limit;
    for (let i = 0; i < 20; i++) rate.succeeded();
    assert.ok(rate.limit > low);
  });

  test('once limited, calls are spaced by the limit; one limiter per quota name', async () => {
    const limits = new RateLimits();
    const rate = limits.for('healthlake:us-east-1:111122223333');
    assert.equal(limits.for('healthlake:us-east-1:111122223333'), rate);
    assert.notEqual(limits.for('healthlake:us-west-2:111122223333'), rate);
    for (let i = 0; i < 30; i++) await rate.acquire();
    rate.throttled();
    const perSecond = rate.limit;
    const start = Date.now();
    await Promise.all([rate.acquire(), rate.acquire(), rate.acquire()]);
    assert.ok(Date.now() - start >= (2 * 1000) / perSecond - 5, `three calls at ${perSecond.toFixed(1)}/s took ${Date.now() - start} ms`);
  });

  test('a wait ends at once when the run is cancelled', async () => {
    const controller = new AbortController();
    const rate = new AdaptiveRate(controller.signal);
    rate.throttled();
    rate.throttled();
    await rate.acquire();
    const waiting = rate.acquire();
    controller.abort();
    await assert.rejects(waiting, { name: 'AbortError' });
  });
});

const run: CheckpointRun = { roleName: 'R', ou: null, regions: ['us-east-1'], accounts: null, excludeAccounts: [], cloudTrail: false };
const pair = (account: string): PairResult => ({ account, region: 'us-east-1', datastores: [], keys: [], errors: [], deletedSkipped: 0 });

describe('the checkpoint file', () => {
  test('records pairs, replaces the file atomically, and a second open resumes them with the first run\'s start', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hlkms-cp-'));
    try {
      const file = join(dir, 'cp.json');
      const first = openCheckpoint(file, run, { startedAt: '2026-01-01T00:00:00.000Z', since: null }, 0);
      first.record(pair('111122223333'));
      first.record(pair('444455556666'));
      first.flush();
      assert.deepEqual(readdirSync(dir), ['cp.json'], 'no temporary file left behind');
      const second = openCheckpoint(file, run, { startedAt: '2026-02-02T00:00:00.000Z', since: null });
      assert.deepEqual([...second.done.keys()], ['111122223333/us-east-1', '444455556666/us-east-1']);
      assert.equal(second.startedAt, '2026-01-01T00:00:00.000Z');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('refuses another audit\'s checkpoint, and a file that is not one, without touching them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hlkms-cp-'));
    try {
      const file = join(dir, 'cp.json');
      openCheckpoint(file, run, { startedAt: 'a', since: null }).flush();
      assert.throws(() => openCheckpoint(file, { ...run, regions: ['eu-west-1'] }, { startedAt: 'b', since: null }), (e) => e instanceof CheckpointError && /--regions us-east-1/.test(e.message));
      const notes = join(dir, 'notes.txt');
      writeFileSync(notes, 'my notes');
      assert.throws(() => openCheckpoint(notes, run, { startedAt: 'b', since: null }), /not an audit checkpoint/);
      assert.equal(readFileSync(notes, 'utf8'), 'my notes');
      assert.ok(existsSync(file));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

const progress: OrgAuditProgress = { accountsDone: 12, accountsTotal: 500, pairsDone: 40, pairsTotal: 1500, datastores: 31, errors: 2, elapsedMs: 65_000, remainingMs: 3_600_000, message: '' };

describe('the progress line', () => {
  test('says accounts, Regions, data stores, errors, elapsed and remaining time', () => {
    assert.equal(formatProgress(progress), 'Accounts 12/500 · Regions 40/1500 · 31 data stores · 2 errors · 1m05s elapsed · ~1h00m left');
    assert.equal(formatProgress({ ...progress, remainingMs: null, errors: 1, datastores: 1 }), 'Accounts 12/500 · Regions 40/1500 · 1 data store · 1 error · 1m05s elapsed');
  });

  test('rewritten in place on a terminal and cleared at the end; silent off a terminal or with --quiet', () => {
    const written: string[] = [];
    const tty = { isTTY: true, columns: 200, write: (s: string) => written.push(s) };
    const line = progressLine(tty, false, 0);
    line.update(progress);
    line.update({ ...progress, accountsDone: 13 });
    line.done();
    assert.deepEqual(written.map((w) => w.slice(0, 6)), ['\r\x1b[2KA', '\r\x1b[2KA', '\r\x1b[2K']);
    assert.match(written[1]!, /Accounts 13\/500/);
    assert.ok(!written.join('').includes('\n'), 'one line, never a new one');

    for (const [stream, quiet] of [[{ isTTY: false, write: (s: string) => written.push(s) }, false], [tty, true]] as const) {
      written.length = 0;
      const silent = progressLine(stream, quiet, 0);
      silent.update(progress);
      silent.done();
      assert.deepEqual(written, []);
    }
  });
});
