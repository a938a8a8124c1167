import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BoundedCache } from '../../server/src/service/boundedCache';

test('a text-keyed cache keeps at most its weight, dropping the least recently used first', () => {
  const cache = new BoundedCache<string, number>(10, (k) => k.length);
  cache.set('aaaa', 1);
  cache.set('bbbb', 2);
  assert.equal(cache.get('aaaa'), 1); // now the most recently used
  cache.set('cccc', 3); // 12 > 10: 'bbbb' goes, not 'aaaa'
  assert.equal(cache.get('bbbb'), undefined);
  assert.equal(cache.get('aaaa'), 1);
  assert.equal(cache.get('cccc'), 3);
  cache.set('cccc', 4); // replacing an entry does not count it twice
  assert.equal(cache.size, 2);
  cache.set('x'.repeat(11), 5); // heavier than the whole cache: not kept, nothing else dropped
  assert.equal(cache.size, 2);
});

test('typing into a large document does not grow the cache without bound', () => {
  const cache = new BoundedCache<string, string>(100_000, (k) => k.length);
  let text = 'x'.repeat(5_000);
  for (let i = 0; i < 1_000; i++) cache.set((text += 'y'), text);
  assert.ok(cache.size <= 20, `${cache.size} entries kept`);
});
