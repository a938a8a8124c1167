/**
 * The writer for a policy given as a JSON string inside the host (a YAML block scalar, a quoted scalar, a string in
 * CloudFormation JSON, a `!Sub` body): the change is made to the decoded JSON with the JSON writer, and the edit is
 * mapped back through the offset map and escaped the way the host string needs.
 */
import type { HostWriter, Range } from '../types';
import type { Embedded } from '../cloudformation/embedded';
import { applyJsonChanges, minimalEdit } from './json';

function escapeFor(embedded: Embedded, content: string, sub: boolean, eol: string): string | undefined {
  const { style, indent } = embedded.decoded;
  const s = sub ? content.replace(/\$\{/g, '${!') : content;
  switch (style) {
    case 'json':
    case 'double': return JSON.stringify(s).slice(1, -1);
    case 'single': return s.replace(/\n[ \t]*/g, ' ').replace(/'/g, "''");
    case 'literal': return s.replace(/\n/g, `${eol}${indent ?? ''}`);
    default: return undefined;
  }
}

/** The first decoded index whose host offset is at or after `offset` (the map only grows). */
function innerIndex(map: readonly number[], offset: number): number {
  let lo = 0;
  let hi = map.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (map[mid]! < offset) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/** A host range as a range of the decoded text. */
function innerRange(embedded: Embedded, r: Range): Range | undefined {
  const { map } = embedded.decoded;
  const start = innerIndex(map, r.offset);
  const end = innerIndex(map, r.offset + r.length);
  return map[start] === r.offset ? { offset: start, length: end - start } : undefined;
}

/** `sub`: the string is a `Fn::Sub` template, so a literal `${` is written `${!`. */
export function embeddedWriter(embedded: Embedded, sub: boolean): HostWriter {
  return {
    write(text, changes) {
      const inner = embedded.decoded.text;
      const next = applyJsonChanges(inner, changes, (n) => embedded.paths.get(n), (r) => innerRange(embedded, r));
      if (next === undefined) return undefined;
      const edit = minimalEdit(inner, next);
      if (!edit) return [];
      const { map } = embedded.decoded;
      const start = map[edit.offset];
      const stop = map[edit.offset + edit.length];
      const content = escapeFor(embedded, edit.content, sub, text.includes('\r\n') ? '\r\n' : '\n');
      if (start === undefined || stop === undefined || content === undefined) return undefined;
      return [{ offset: start, length: stop - start, content }];
    },
  };
}
