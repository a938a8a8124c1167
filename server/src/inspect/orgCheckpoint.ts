/**
 * `--checkpoint FILE`: what an organization audit has read so far, one entry per (account, Region) pair with
 * everything its part of the report needs (data stores, key inspections, errors), so that a run started again
 * with the same file skips those pairs and reports exactly what one uninterrupted run would. The file is
 * replaced atomically (written beside it, then renamed), at most once a second while the audit runs and once
 * at the end.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { AuditedDatastore, RegionError } from './auditTypes';
import type { KeyInspection } from './types';

/** One (account, Region) pair's results. */
export interface PairResult {
  account: string;
  region: string;
  datastores: AuditedDatastore[];
  /** The inspections of the keys its data stores use. */
  keys: KeyInspection[];
  errors: RegionError[];
  deletedSkipped: number;
}

/** What must match for a checkpoint to be resumed: the same audit, asked the same way. */
export interface CheckpointRun {
  roleName: string;
  ou: string | null;
  regions: string[];
  accounts: string[] | null;
  excludeAccounts: string[];
  cloudTrail: boolean;
}

interface CheckpointFile {
  hlkmsOrgAuditCheckpoint: 1;
  run: CheckpointRun;
  startedAt: string;
  since: string | null;
  pairs: PairResult[];
}

export const pairKey = (account: string, region: string): string => `${account}/${region}`;

export interface Checkpoint {
  /** The first run's start and CloudTrail window, kept so that the resumed report is the same. */
  startedAt: string;
  since: string | null;
  done: Map<string, PairResult>;
  record(pair: PairResult): void;
  /** Writes what is pending now. */
  flush(): void;
}

export class CheckpointError extends Error {}

/** Opens (or starts) the checkpoint at `file`; throws CheckpointError when it belongs to another audit or is not one. */
export function openCheckpoint(file: string, run: CheckpointRun, fresh: { startedAt: string; since: string | null }, intervalMs = 1000): Checkpoint {
  let saved: CheckpointFile | undefined;
  let text: string | undefined;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new CheckpointError(`cannot read the checkpoint ${file}: ${(e as Error).message}`);
  }
  if (text !== undefined && text.trim()) {
    try {
      saved = JSON.parse(text) as CheckpointFile;
    } catch {
      throw new CheckpointError(`${file} is not an audit checkpoint (it is not JSON); name another file, or delete it to start over`);
    }
    if (saved?.hlkmsOrgAuditCheckpoint !== 1 || !Array.isArray(saved.pairs)) {
      throw new CheckpointError(`${file} is not an organization audit checkpoint; name another file, or delete it to start over`);
    }
    if (JSON.stringify(saved.run) !== JSON.stringify(run)) {
      throw new CheckpointError(`${file} was written by a different audit (${describe(saved.run)}); run that audit again to resume it, or name another file`);
    }
  }
  const state: CheckpointFile = saved ?? { hlkmsOrgAuditCheckpoint: 1, run, startedAt: fresh.startedAt, since: fresh.since, pairs: [] };
  const done = new Map(state.pairs.map((p) => [pairKey(p.account, p.region), p]));
  let last = 0;
  let dirty = false;
  const flush = () => {
    if (!dirty && saved) return;
    state.pairs = [...done.values()];
    const temp = `${file}.${process.pid}.tmp`;
    // Readable by its owner only: it holds the organization's accounts and key policies.
    writeFileSync(temp, JSON.stringify(state), { mode: 0o600 });
    renameSync(temp, file);
    dirty = false;
    saved = state;
    last = Date.now();
  };
  flush();
  return {
    startedAt: state.startedAt, since: state.since, done,
    record: (pair) => {
      done.set(pairKey(pair.account, pair.region), pair);
      dirty = true;
      if (Date.now() - last >= intervalMs) flush();
    },
    flush,
  };
}

function describe(run: CheckpointRun): string {
  return [`--role-name ${run.roleName}`, run.ou && `--ou ${run.ou}`, `--regions ${run.regions.join(',')}`,
    run.accounts && `--accounts ${run.accounts.join(',')}`, run.excludeAccounts.length && `--exclude-accounts ${run.excludeAccounts.join(',')}`,
    run.cloudTrail && '--since'].filter(Boolean).join(' ');
}
