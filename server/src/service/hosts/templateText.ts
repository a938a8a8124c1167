/**
 * Templated JSON text made parseable without moving an offset: every marker outside strings (placeholders.ts) is
 * replaced by text of the same length. Shared by templated JSON policies and JSON CloudFormation templates.
 */
import { pairBlocks, scanMarkers, type Block, type Marker } from './placeholders';

export interface Sanitized {
  text: string;
  markers: Marker[];
  /** Placeholders written outside strings, now same-length strings. */
  values: Marker[];
  /** Markers outside strings replaced by spaces (blocks, comments, placeholders of members). */
  blanked: Marker[];
  /** Block markers outside strings, paired: what lies between `open` and `close` may be absent. */
  blocks: Block[];
  /** Every marker whose text the sanitized text does not hold as written (a fix must never rewrite one). */
  rewritten: Marker[];
}

/**
 * Markers outside strings replaced by same-length text, so the text parses and offsets stay the host's: a value by a
 * string, a block or comment by spaces. A placeholder where an object's members go (`{"Effect": "Allow", ${more}}`)
 * stands for members: it is blanked with its comma.
 */
export function sanitizeJson(text: string): Sanitized {
  const markers = scanMarkers(text);
  const values: Marker[] = [];
  const blanked: Marker[] = [];
  const rewritten: Marker[] = [];
  if (!markers.length) return { text, markers, values, blanked, blocks: [], rewritten };
  const out = text.split('');
  const put = (offset: number, s: string) => { for (let i = 0; i < s.length; i++) out[offset + i] = s[i]!; };
  const skip = (from: number, step: 1 | -1): number => { let i = from; while (i >= 0 && i < out.length && /\s/.test(out[i]!)) i += step; return i; };
  const containers: string[] = [];
  let inString = false;
  let at = 0;
  for (const m of markers) {
    for (; at < m.offset; at++) {
      const c = text[at];
      if (inString) { if (c === '\\') at++; else if (c === '"') inString = false; }
      else if (c === '"') inString = true;
      else if (c === '{' || c === '[') containers.push(c);
      else if (c === '}' || c === ']') containers.pop();
    }
    if (at > m.offset) continue;
    const end = m.offset + m.length;
    const source = text.slice(m.offset, end);
    // Only a value looks back (over blanked markers too: looking back from each of them would be quadratic).
    const before = m.kind === 'value' && !inString ? skip(m.offset - 1, -1) : -1;
    const after = skip(end, 1);
    const member = m.kind === 'value' && containers.at(-1) === '{' && (out[before] === '{' || out[before] === ',') && text[after] !== ':';
    if (inString) {
      const safe = source.replace(/["\\\n\r]/g, "'");
      put(m.offset, safe);
      if (safe !== source) rewritten.push(m);
    }
    else if (m.kind === 'value' && !member) { put(m.offset, JSON.stringify('_'.repeat(Math.max(0, m.length - 2)))); values.push(m); rewritten.push(m); }
    else {
      rewritten.push(m);
      put(m.offset, source.replace(/[^\n\r]/g, ' '));
      blanked.push(m);
      if (member && text[after] === ',') put(after, ' ');
      else if (member && out[before] === ',') put(before, ' ');
    }
    at = end;
  }
  return { text: out.join(''), markers, values, blanked, blocks: pairBlocks(blanked), rewritten };
}

