/**
 * One progress line on a terminal's stderr, rewritten in place (at most ten times a second), and cleared when
 * the work ends; nothing at all when stderr is not a terminal or the user asked for quiet.
 */
import type { OrgAuditProgress } from '../inspect/orgTypes';

export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

const duration = (ms: number): string => {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : s < 3600 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
};

export function formatProgress(p: OrgAuditProgress): string {
  return `Accounts ${p.accountsDone}/${p.accountsTotal} · Regions ${p.pairsDone}/${p.pairsTotal} · ${p.datastores} data store${p.datastores === 1 ? '' : 's'}`
    + ` · ${p.errors} error${p.errors === 1 ? '' : 's'} · ${duration(p.elapsedMs)} elapsed${p.remainingMs === null ? '' : ` · ~${duration(p.remainingMs)} left`}`;
}

export function progressLine(stream: ProgressStream, quiet: boolean, intervalMs = 100): { update(p: OrgAuditProgress): void; done(): void } {
  if (quiet || !stream.isTTY) return { update: () => undefined, done: () => undefined };
  let last = 0;
  let shown = false;
  return {
    update: (p) => {
      const now = Date.now();
      if (now - last < intervalMs) return;
      last = now;
      const width = Math.max(20, (stream.columns ?? 100) - 1);
      stream.write(`\r\x1b[2K${formatProgress(p).slice(0, width)}`);
      shown = true;
    },
    done: () => {
      if (shown) stream.write('\r\x1b[2K');
      shown = false;
    },
  };
}
