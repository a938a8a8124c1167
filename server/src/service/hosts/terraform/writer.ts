/**
 * The Terraform host's writer: a fix's structural changes as minimal text edits in the syntax each value is
 * written in (HCL object syntax in `jsonencode`, JSON in a heredoc or string, blocks and attributes of an
 * `aws_iam_policy_document`). Never re-serialises the file; a value from a reference or an expression gets no edit.
 */
import type { Edit } from '../../types';
import type { HostChange, HostEntry, HostValue, HostWriter, Range } from '../types';
import { type Dialect, eolOf, hclDialect, indentStep, jsonDialect, lineIndent, renderValue } from './render';
import { syntaxOf } from './syntax';
import { removalRange } from './removal';
import { writeDocChange } from './writerDocument';

/** The dialect a node is written in, or undefined for a policy document's own structure. */
function dialectOf(node: HostValue | HostEntry): Dialect | undefined {
  const s = syntaxOf(node);
  if (s?.kind === 'hcl') return hclDialect(s.amp);
  if (s?.kind === 'json') return jsonDialect(s.layer);
  return undefined;
}

const end = (r: Range) => r.offset + r.length;

/** Whether the container's items start on their own lines. */
const multiLine = (text: string, container: Range, first: Range | undefined) => first !== undefined && text.slice(container.offset, first.offset).includes('\n');

function writeStructural(text: string, change: HostChange, d: Dialect): Edit[] | undefined {
  const step = indentStep(text);
  const eol = eolOf(text);
  switch (change.op) {
    case 'replace': {
      if (change.at.type === 'choice' || change.at.writable === false) return undefined;
      const list = syntaxOf(change.at);
      const value = list?.kind === 'hcl' && list.list && !Array.isArray(change.value) ? [change.value] : change.value;
      return [{ ...change.at.range, content: renderValue(value, d, lineIndent(text, change.at.range.offset), step, eol) }];
    }
    case 'rename-key': {
      const quoted = text[change.at.keyRange.offset] === '"';
      return [{ ...change.at.keyRange, content: d.key(change.key, quoted) }];
    }
    case 'remove-entry':
    case 'remove-item': {
      const ranges = change.op === 'remove-entry' ? change.parent.entries.map((e) => e.range) : change.parent.items.map((i) => i.range);
      const i = change.op === 'remove-entry' ? change.parent.entries.indexOf(change.entry) : change.index;
      const r = ranges[i];
      if (!r || change.parent.writable === false) return undefined;
      if (ranges.length === 1) {
        const open = change.parent.range.offset + 1;
        return [{ offset: open, length: end(change.parent.range) - 1 - open, content: '' }];
      }
      return [{ ...removalRange(text, r, ranges[i - 1], ranges[i + 1]), content: '' }];
    }
    case 'add-entry':
    case 'insert-item': {
      if (change.parent.writable === false) return undefined;
      const isEntry = change.op === 'add-entry';
      const ranges = isEntry ? change.parent.entries.map((e) => e.range) : change.parent.items.map((i) => i.range);
      const parentIndent = lineIndent(text, change.parent.range.offset);
      if (!ranges.length) {
        const inner = parentIndent + step;
        const body = isEntry ? d.pair(d.key(change.key), renderValue(change.value, d, inner, step, eol)) : renderValue(change.value, d, parentIndent, step, eol);
        const content = isEntry ? `{${eol}${inner}${body}${eol}${parentIndent}}` : `[${body}]`;
        return [{ ...change.parent.range, content }];
      }
      const multi = multiLine(text, change.parent.range, ranges[0]);
      const at = !isEntry && change.index < ranges.length ? Math.max(0, change.index) : ranges.length;
      const ref = ranges[Math.min(at, ranges.length - 1)]!;
      const indent = multi ? lineIndent(text, ref.offset) : '';
      const rendered = isEntry
        ? d.pair(d.key(change.key), renderValue(change.value, d, indent, step, eol))
        : renderValue(change.value, d, indent, step, eol);
      const comma = !isEntry || d.entryCommas || !multi ? ',' : '';
      if (at < ranges.length) return [{ offset: ref.offset, length: 0, content: `${rendered}${comma}${multi ? eol + indent : ' '}` }];
      return [{ offset: end(ref), length: 0, content: `${comma}${multi ? eol + indent : ' '}${rendered}` }];
    }
  }
}

/** The edits for one change, or undefined when it cannot be written. */
function writeOne(text: string, change: HostChange): Edit[] | undefined {
  const node = change.op === 'replace' || change.op === 'rename-key' ? change.at : change.parent;
  if (syntaxOf(node)?.kind === 'doc') return writeDocChange(text, change);
  const d = dialectOf(node);
  return d ? writeStructural(text, change, d) : undefined;
}

export const terraformWriter: HostWriter = {
  write(text, changes) {
    const edits: Edit[] = [];
    for (const change of changes) {
      const e = writeOne(text, change);
      if (!e) return undefined;
      for (const x of e) {
        // Two insertions at one place (two entries added to one object) keep their order.
        const same = edits.find((y) => y.offset === x.offset && y.length === 0 && x.length === 0);
        if (same) same.content += x.content;
        else edits.push(x);
      }
    }
    return edits;
  },
};
