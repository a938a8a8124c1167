/** The language server gives memory back once idle: the garbage its last requests left is collected, unasked. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getHeapStatistics } from 'node:v8';
import { IDLE_MS, startIdleCollection, workDone } from '../../server/src/lsp/idleCollect';
import { waitFor } from '../support/poll';

const used = () => getHeapStatistics().used_heap_size;

test('garbage left by the last request is collected once no request came for a while', async () => {
  startIdleCollection();
  // About 40 MB that outlives young-generation collections, as an analysis kept until the next edit does.
  let kept: { i: number; s: string }[] | undefined = Array.from({ length: 500_000 }, (_, i) => ({ i, s: `statement ${i}` }));
  assert.equal(kept.length, 500_000);
  kept = undefined;
  const before = used();
  workDone();
  await waitFor(() => used() < before - (16 << 20), `the heap (${(before / 2 ** 20).toFixed(0)} MB) collected after ${IDLE_MS} ms idle`, IDLE_MS + 3000, 50);
});
