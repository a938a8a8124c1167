/**
 * Memory given back once the server is idle. Each edit leaves its analysis (about 1 MB for a 36 KB key policy)
 * in V8's old generation, which grows to well over the live set before V8 collects it, and the pages stay
 * resident: after 60 edits of a 36 KB policy, a template and a `.tf` file the server held about 150 MB with
 * 20 MB live. One compacting collection after IDLE_MS without a request (typing paused) brings it back to the live set;
 * it runs only when the heap has grown by SLACK since the last one, never while requests are being answered.
 */
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export const IDLE_MS = 1000;
const SLACK = 16 << 20;

let enabled = false;
let timer: ReturnType<typeof setTimeout> | undefined;
/** Found on the first idle period, not at start (a new V8 context is not free): null until then. */
let collect: (() => void) | undefined | null = null;
let usedAfterLast = 0;

/**
 * A compacting collection as a function (V8 lets a running process expose its collector); undefined where it cannot.
 * Compacting moves what is live out of the pages the edits left mostly empty, so they go back to the system too: a
 * plain full collection left the old generation at twice its live size (about 35 MB holding 18 MB after the bench's
 * edits of a JSON policy, a template and a `.tf` file). Only this collection compacts so: one while typing would pause longer.
 */
function exposeGc(): (() => void) | undefined {
  try {
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('gc');
    if (typeof gc !== 'function') return undefined;
    return () => {
      setFlagsFromString('--compact-on-every-full-gc');
      try {
        gc();
      } finally {
        setFlagsFromString('--no-compact-on-every-full-gc');
      }
    };
  } catch {
    return undefined;
  }
}

function onIdle(): void {
  timer = undefined;
  if (getHeapStatistics().used_heap_size < usedAfterLast + SLACK) return;
  if (collect === null) collect = exposeGc();
  collect?.();
  usedAfterLast = getHeapStatistics().used_heap_size;
}

/** The language server turns this on; elsewhere (tests, the CLI) `workDone` does nothing. */
export function startIdleCollection(): void {
  enabled = true;
}

/** A request or notification was handled: the idle period starts again. */
export function workDone(): void {
  if (!enabled) return;
  if (timer) timer.refresh();
  else timer = setTimeout(onIdle, IDLE_MS).unref();
}
