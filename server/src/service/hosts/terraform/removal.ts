/** Where an entry or item is cut out of HCL or JSON text so that what remains stays well formed. */
import type { Range } from '../types';

const end = (r: Range) => r.offset + r.length;

/**
 * The range that removes `r` cleanly: its whole lines when it sits alone on them (with a comma after it), else
 * itself with the separator that follows (or, for the last of several, the one that precedes it).
 */
export function removalRange(text: string, r: Range, prev: Range | undefined, next: Range | undefined): Range {
  const lineStart = text.lastIndexOf('\n', r.offset - 1) + 1;
  const before = text.slice(lineStart, r.offset);
  const after = /^[ \t]*,?[ \t]*(?:(?:#|\/\/)[^\n]*)?(\r?\n|$)/.exec(text.slice(end(r)));
  if (!/\S/.test(before) && after && (next || prev)) {
    let from = lineStart;
    // The last entry of a JSON object or list leaves a comma behind the one before it: take that comma too.
    if (!next && prev) {
      const between = text.slice(end(prev), lineStart);
      const comma = between.indexOf(',');
      if (comma >= 0 && !/\S/.test(between.slice(comma + 1))) return { offset: end(prev) + comma, length: end(r) + after[0].length - (end(prev) + comma) - after[1]!.length };
      from = lineStart;
    }
    return { offset: from, length: end(r) + after[0].length - from };
  }
  if (next) return { offset: r.offset, length: next.offset - r.offset };
  if (prev) return { offset: end(prev), length: end(r) - end(prev) };
  return r;
}
