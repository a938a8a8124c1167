/** Protects against key policies over 32,768 bytes: PutKeyPolicy and CreateKey fail with LimitExceededException. */
import type { Rule } from './rule';
import { fix } from './ruleHelpers';
import { minify, type TokenFacts } from '../tokens';
import { fixesLater } from '../findingData';

export { minify };

export const KEY_POLICY_MAX_BYTES = 32768;

/** UTF-8 length of a string (or of `text.slice(from, to)`), without allocating. */
export function utf8Length(text: string, from = 0, to = text.length): number {
  if (from === 0 && to === text.length && !/[^\x00-\x7f]/.test(text)) return text.length; // ASCII: one byte per character
  let bytes = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < to) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** UTF-8 length of `minify(text)` (`bytes` long), from what the model's scan found between tokens: whitespace, comments. */
export const minifiedLength = (text: string, bytes: number, tokens: TokenFacts): number =>
  bytes - tokens.whitespace - tokens.comments.reduce((n, c) => n + utf8Length(text, c.offset, c.offset + c.length), 0);

export const keyPolicySize: Rule = {
  id: 'key-policy-size',
  description: 'Key policies larger than 32,768 bytes (whitespace counts).',
  category: 'key-policy',
  defaultSeverity: 'error',
  kinds: ['key-policy'],
  check(model) {
    // Too large or deep to analyse: the document-limits finding says so; short text cannot exceed the limit.
    if (model.tooLarge || model.tooDeep || model.text.length <= KEY_POLICY_MAX_BYTES / 4) return [];
    const text = model.text;
    const bytes = utf8Length(text);
    if (bytes <= KEY_POLICY_MAX_BYTES) return [];
    const minBytes = model.parseErrors.length === 0 && model.tokens ? minifiedLength(text, bytes, model.tokens) : undefined;
    const fits = minBytes !== undefined && minBytes <= KEY_POLICY_MAX_BYTES;
    const root = model.root ?? { offset: 0 };
    return [{
      offset: root.offset, length: 1,
      message: `This key policy is ${bytes.toLocaleString('en-US')} bytes; KMS accepts at most 32,768 (whitespace counts), so PutKeyPolicy fails with LimitExceededException. `
        + (fits ? `Without whitespace it is ${minBytes!.toLocaleString('en-US')} bytes and fits: minify it when you send it.` : 'Even without whitespace it is too large: merge statements or move permissions to IAM policies or grants.'),
      data: fits ? fixesLater(() => [fix('Remove whitespace (minify)', [{ offset: 0, length: text.length, content: minify(text) }], { preferred: true })]) : undefined,
    }];
  },
};
