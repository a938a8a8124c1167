/** Completion, hover and symbols at every offset of real and broken policies: answers, never exceptions. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { analyzeJson, service } from '../support/service';
import { assertProperty } from '../support/fuzz';

const s = service({ defaultRegion: 'us-east-1' });
const samplesDir = join(__dirname, '..', '..', 'samples');
const samples = ['good', 'bad'].flatMap((d) => {
  try {
    return readdirSync(join(samplesDir, d)).filter((f) => f.endsWith('.json')).map((f) => readFileSync(join(samplesDir, d, f), 'utf8'));
  } catch {
    return [];
  }
});
const builtIn = '{\n  "Version": "2012-10-17",\n  "Statement": [{"Sid": "x", "Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::111122223333:root", "*"], "Service": "healthlake.amazonaws.com"},\n  "Action": ["kms:Create*", "kms:Decrypt"], "Resource": "*", "Condition": {"ForAllValues:StringEquals": {"kms:GrantOperations": ["Decrypt"]}, "Bool": {"kms:GrantIsForAWSResource": true}, "Null": {"kms:EncryptionContext:x": "true"}}}]\n}';

function everyOffset(text: string): void {
  const analysis = analyzeJson(s, text);
  s.documentSymbols(analysis);
  s.codeActions(analysis, []);
  for (let offset = 0; offset <= text.length; offset++) {
    const items = s.complete(analysis, offset);
    for (const i of items) assert.ok(i.offset >= 0 && i.offset + i.length <= text.length, `range inside the text at ${offset}`);
    const h = s.hover(analysis, offset);
    if (h) assert.ok(h.markdown.length > 0);
  }
}

test('every offset of a full policy, and of every prefix of it (typing it from scratch)', () => {
  everyOffset(builtIn);
  for (let end = 0; end <= builtIn.length; end += 7) everyOffset(builtIn.slice(0, end));
});

test('every offset of the sample policies', () => {
  for (const text of samples) everyOffset(text);
});

test('random edits of a policy never make completion or hover throw', () => {
  assertProperty('completion-random-edits', fc.property(fc.nat(builtIn.length), fc.nat(20), fc.string({ maxLength: 8 }), (at, del, insert) => {
    everyOffset(builtIn.slice(0, at) + insert + builtIn.slice(at + del));
  }), 60);
});
