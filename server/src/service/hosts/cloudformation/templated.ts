/**
 * A CloudFormation template that a templating tool renders (Sceptre, Ansible, a home-grown Jinja renderer): it is a
 * template with holes, not "not valid YAML". Before parsing, each Jinja / Mustache marker is replaced by text of the
 * same length, so every offset stays the host's: `{{ x }}` by `${ x }` (a placeholder that placeholders.ts reads as a
 * hole, also inside `!Sub`), and `{% ... %}` / `{# ... #}` blocks by spaces. What a block wraps may be absent.
 * A JSON template is made parseable the way templated JSON policies are (templateText.ts).
 */
import { pairBlocks, scanMarkers, wholeHole, type Block, type Marker } from '../placeholders';
import { sanitizeJson } from '../templateText';
import type { Raw } from './raw';

export interface Templated {
  text: string;
  blocks: Block[];
  /** Placeholders written as whole values outside strings (JSON): the strings standing for them are holes. */
  values?: Marker[];
}

/** The YAML text with its template markers neutralised, or the text itself when it has none. */
export function untemplateYaml(text: string): Templated {
  if (!/\{[{%#]/.test(text)) return { text, blocks: [] };
  const markers = scanMarkers(text).filter((m) => /^\{[{%#]/.test(text.slice(m.offset, m.offset + 2)));
  let out = '';
  let last = 0;
  for (const m of markers) {
    const source = text.slice(m.offset, m.offset + m.length);
    const replacement = m.kind === 'value'
      // Nothing in it may end the plain scalar: no braces, no `: `, no ` #`.
      ? `\${${m.display.replace(/[{}\n\r]/g, ' ').replace(/:(?=\s|$)/g, ';').replace(/\s#/g, '  ')}`.padEnd(m.length - 1, ' ') + '}'
      : source.replace(/[^\n\r]/g, ' ');
    out += text.slice(last, m.offset) + (replacement.length === m.length ? replacement : source);
    last = m.offset + m.length;
  }
  return { text: out + text.slice(last), blocks: pairBlocks(markers) };
}

/** The JSON text with its template markers neutralised. */
export function untemplateJson(text: string): Templated {
  if (!/\{[{%#]/.test(text)) return { text, blocks: [] };
  const s = sanitizeJson(text);
  return { text: s.text, blocks: s.blocks, values: s.values };
}

/** The scalars that stand for whole-value placeholders, as holes (in place: the tree is this parse's own). */
export function holeScalars(raw: Raw | undefined, values: readonly Marker[] | undefined, depth = 0): void {
  if (!raw || !values?.length || depth > 200) return;
  if (raw.kind === 'map') for (const e of raw.entries) holeScalars(e.value, values, depth + 1);
  else if (raw.kind === 'seq') for (const i of raw.items) holeScalars(i, values, depth + 1);
  else if (raw.kind === 'scalar') {
    const m = values.find((v) => v.offset === raw.range.offset);
    if (m) raw.value = wholeHole(m.display);
  }
}
