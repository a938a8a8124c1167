import { test } from 'node:test';
import assert from 'node:assert/strict';
import { editDistance, suggest } from '../../../server/src/service/suggest';

test('edit distance counts a transposition once and stops at the limit', () => {
  assert.equal(editDistance('decrypt', 'decrpyt'), 1);
  assert.equal(editDistance('kitten', 'sitting'), 3);
  assert.equal(editDistance('a', 'abcdefgh', 2), 3);
});

test('suggest prefers a case-only match and refuses distant words', () => {
  assert.equal(suggest('action', ['Actions', 'Action']), 'Action');
  assert.equal(suggest('Resouce', ['Resource', 'NotResource']), 'Resource');
  assert.equal(suggest('Permit', ['Allow', 'Deny']), undefined);
});
