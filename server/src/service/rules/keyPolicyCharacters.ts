/** Protects against characters KMS does not accept in a key policy (only printable ASCII/Latin-1, tab, LF, CR). */
import type { Rule } from './rule';
import { HOLE_END, HOLE_START } from '../symbolic';

const DISALLOWED = /[^\t\n\r\x20-\x7e\xa0-\xff]/;
const allowed = (c: number): boolean => c === 9 || c === 10 || c === 13 || (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xff);

export const keyPolicyCharacters: Rule = {
  id: 'key-policy-characters',
  description: 'Characters outside printable ASCII and Latin-1 (plus tab, LF, CR), which KMS rejects in a key policy.',
  category: 'key-policy',
  defaultSeverity: 'error',
  kinds: ['key-policy'],
  check(model) {
    if (model.tooLarge || model.tooDeep) return []; // not analysed: the document-limits finding says why
    const text = model.text;
    if (!DISALLOWED.test(text)) return []; // the usual case, one regular-expression scan
    let first = -1;
    let count = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (allowed(c)) continue;
      if (text[i] === HOLE_START) { // a hole is not text of the policy: what it stands for is unknown here
        const end = text.indexOf(HOLE_END, i);
        if (end > 0) { i = end; continue; }
      }
      if (first < 0) first = i;
      count++;
      if (c >= 0xd800 && c <= 0xdbff) i++;
    }
    if (first < 0) return [];
    const cp = text.codePointAt(first)!;
    const length = cp > 0xffff ? 2 : 1;
    const name = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
    return [{
      offset: first, length,
      message: `KMS rejects key policies with characters outside printable ASCII and Latin-1 (plus tab, line feed, carriage return). This is ${name}${count > 1 ? `, the first of ${count} such characters` : ''}. Replace it with plain text (typographic quotes and dashes are common culprits).`,
    }];
  },
};
