import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, lint } from '../../support/service';
import { minifiedLength, utf8Length } from '../../../server/src/service/rules/keyPolicySize';
import { scanTokens } from '../../../server/src/service/model';
import { keyStatement, policy } from './policyText';
import fc from 'fast-check';
import { createScanner, parseTree, SyntaxKind, type ParseError } from 'jsonc-parser';
import { minify } from '../../../server/src/service/tokens';
import { assertProperty } from '../../support/fuzz';

const ID = 'key-policy-size';
const principals = (n: number) => Array.from({ length: n }, (_, i) => `arn:aws:iam::111122223333:role/r${i}`);

test('UTF-8 length counts bytes, not characters', () => {
  assert.equal(utf8Length('aé€😀'), 1 + 2 + 3 + 4);
});

test('a policy under 32,768 bytes is fine', () => {
  assert.deepEqual(lint(policy(keyStatement({ Principal: { AWS: principals(100) } })), ID), []);
});

test('a policy over the limit only because of whitespace gets a minify fix', () => {
  const compact = JSON.stringify({ Version: '2012-10-17', Statement: [keyStatement({ Principal: { AWS: principals(700) } })] });
  assert.ok(utf8Length(compact) <= 32768);
  const text = JSON.stringify(JSON.parse(compact), null, 8);
  assert.ok(utf8Length(text) > 32768);
  const [f] = lint(text, ID);
  assert.ok(f);
  assert.equal(f.offset, 0);
  assert.match(f.message, /LimitExceededException.*fits/);
  const fixed = applyFix(text, f);
  assert.deepEqual(JSON.parse(fixed), JSON.parse(text));
  assert.deepEqual(lint(fixed, ID), []);
});

test('a policy too large even minified has no fix', () => {
  const text = JSON.stringify({ Version: '2012-10-17', Statement: [keyStatement({ Principal: { AWS: principals(1000) } })] });
  const [f] = lint(text, ID);
  assert.ok(f);
  assert.match(f.message, /Even without whitespace/);
  assert.equal(f.data, undefined);
});

/** The tokens jsonc-parser's scanner reads, concatenated without whitespace and comments. */
function scannedTokens(text: string): string {
  const scanner = createScanner(text, true);
  let out = '';
  for (let t = scanner.scan(); t !== SyntaxKind.EOF; t = scanner.scan()) {
    if (t !== SyntaxKind.LineCommentTrivia && t !== SyntaxKind.BlockCommentTrivia) out += text.slice(scanner.getTokenOffset(), scanner.getTokenOffset() + scanner.getTokenLength());
  }
  return out;
}

test('minify drops exactly the whitespace and comments jsonc-parser\'s scanner reads between tokens; the size rule counts its bytes without it', () => {
  const trivia = fc.constantFrom(' ', '\t', '\n', '\r\n', '  // note\n', '/* a */', '/* "x" // */', '\u00a0', '/* é € 😀 */', '"é"');
  const text = fc.tuple(fc.json(), fc.array(fc.tuple(fc.nat(), trivia), { maxLength: 12 }))
    .map(([json, inserts]) => inserts.reduce((t, [at, s]) => t.slice(0, at % (t.length + 1)) + s + t.slice(at % (t.length + 1)), json))
    .filter((t) => { const errors: ParseError[] = []; parseTree(t, errors, { allowTrailingComma: true }); return errors.length === 0; });
  assertProperty('minify', fc.property(text, (t) => minify(t) === scannedTokens(t)
    && minifiedLength(t, utf8Length(t), scanTokens(t)) === utf8Length(minify(t))), 300);
  assert.equal(minify('{ "a" : [ 1 , "b c" ] } // end'), '{"a":[1,"b c"]}');
});
