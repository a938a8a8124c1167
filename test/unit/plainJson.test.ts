import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseTree, type Node, type ParseError } from 'jsonc-parser';
import { plainJsonTree } from '../../server/src/service/plainJson';
import { assertProperty } from '../support/fuzz';

const jsonc = (text: string): { root: Node | undefined; errors: ParseError[] } => {
  const errors: ParseError[] = [];
  return { root: parseTree(text, errors, { allowTrailingComma: true, disallowComments: false }), errors };
};

/** Node for node: type, place, value, colon, children, and each child's parent the node itself (the root none). */
function sameTree(a: Node, b: Node, parentA?: Node, parentB?: Node): boolean {
  return a.type === b.type && a.offset === b.offset && a.length === b.length && Object.is(a.value, b.value) && a.colonOffset === b.colonOffset
    && a.parent === parentA && b.parent === parentB && ('parent' in a) === ('parent' in b)
    && (a.children?.length ?? -1) === (b.children?.length ?? -1)
    && (a.children ?? []).every((c, i) => sameTree(c, b.children![i]!, a, b));
}

/** jsonc-parser's tree for plain JSON; nothing (jsonc-parser's to read) for JSON with comments, trailing commas or errors. */
function agrees(text: string): boolean {
  const { root, errors } = jsonc(text);
  const plain = plainJsonTree(text);
  if (plain === undefined) return errors.length > 0 || /\/[/*]|,\s*[\]}]/.test(text);
  return errors.length === 0 && root !== undefined && sameTree(plain, root);
}

test('plain JSON parses to jsonc-parser\'s tree, node for node', () => {
  for (const text of ['{}', '[]', ' { "a" : [ 1 , -0 , 1.5E-3 , 2e+21 , true , false , null ] } ', '{"a":{"b":{}},"a":[[]]}', '"\\u00e9\\"\\\\\\/\\b\\f\\n\\r\\t"', '-12.5e3', '{\r\n\t"Statement": [\n  {"Sid": "x"}\n]\n}']) {
    assert.ok(plainJsonTree(text), text);
    assert.ok(agrees(text), text);
  }
  const trivia = fc.constantFrom(' ', '\t', '\n', '\r\n');
  const text = fc.tuple(fc.json(), fc.array(fc.tuple(fc.nat(), trivia), { maxLength: 12 }))
    .map(([json, inserts]) => inserts.reduce((t, [at, s]) => t.slice(0, at % (t.length + 1)) + s + t.slice(at % (t.length + 1)), json));
  assertProperty('plain-json-tree', fc.property(text, agrees), 500);
});

test('anything but plain JSON is left to jsonc-parser', () => {
  for (const text of ['', '  ', '{"a":1,}', '[1,]', '{"a":1} // c', '/* c */ {}', '{"a":01}', '{"a":1.}', '{"a":1e}', '{"a":tru}', '{"a":truex}', '{"a":"b\nc"}',
    '{"a":"\\x"}', '{"a":"\\u12"}', '\ufeff{}', '{"a":1} {}', '{"a" 1}', '{a:1}', '[1 2]', '{"a":+1}', '{"a":.5}', '{"a":"\u0001"}', '{"a":NaN}', '{"a":[1,2}']) {
    assert.equal(plainJsonTree(text), undefined, JSON.stringify(text));
  }
  const noisy = fc.string({ unit: fc.constantFrom('{', '}', '[', ']', '"', ':', ',', '1', '-', '.', 'e', 't', 'r', 'u', ' ', '\n', '/', '*', '\\', 'a') });
  assertProperty('plain-json-tree-noise', fc.property(noisy, agrees), 500);
});
