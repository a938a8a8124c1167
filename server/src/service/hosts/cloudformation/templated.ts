/**
 * A CloudFormation template that a templating tool renders (Sceptre, Ansible, a home-grown Jinja renderer): it is a
 * template with holes, not "not valid YAML". Before parsing, each Jinja / Mustache marker is replaced by text of the
 * same length, so every offset stays the host's: `{{ x }}` by `${ x }` (a placeholder that placeholders.ts reads as a
 * hole, also inside `!Sub`), and `{% ... %}` / `{# ... #}` blocks by spaces. What a block wraps may be absent.
 */
import { pairBlocks, scanMarkers, type Block } from '../placeholders';

export interface Templated {
  text: string;
  blocks: Block[];
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
      ? `\${${m.display.replace(/[{}\n\r]/g, ' ')}`.padEnd(m.length - 1, ' ') + '}'
      : source.replace(/[^\n\r]/g, ' ');
    out += text.slice(last, m.offset) + (replacement.length === m.length ? replacement : source);
    last = m.offset + m.length;
  }
  return { text: out + text.slice(last), blocks: pairBlocks(markers) };
}
