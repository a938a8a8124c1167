/**
 * A cheap look at a YAML template before any parsing: whether it is a CloudFormation template at all, its
 * parameter names, and each resource's logical id, type and block of lines. Only the resources that hold policies
 * (or link a data store to its key) are then parsed, each block on its own and cached by its text, so an edit
 * re-parses one resource, not the whole template. Templates this scan cannot follow are parsed whole.
 */

/** CloudFormation YAML: a format version, or a top-level `Resources` with a `Type: AWS::...` (SAM included). */
export function looksLikeYamlTemplate(text: string): boolean {
  if (/^["']?AWSTemplateFormatVersion["']?\s*:/m.test(text)) return true;
  return /^["']?Resources["']?\s*:/m.test(text) && /\bType["']?\s*:\s*["']?AWS::/.test(text);
}

/** CloudFormation JSON: the same, in JSON. */
export function looksLikeJsonTemplate(text: string): boolean {
  if (/"AWSTemplateFormatVersion"\s*:/.test(text)) return true;
  return /"Resources"\s*:/.test(text) && /"Type"\s*:\s*"AWS::/.test(text);
}

export interface ResourceBlock {
  logicalId: string;
  type: string;
  /** Host offset of the block's first line and its text (whole lines). */
  offset: number;
  text: string;
}

export interface Outline {
  parameters: Set<string>;
  resources: ResourceBlock[];
  /** Where `Resources` and the other top-level sections are (to look for YAML aliases outside the parsed blocks). */
  otherText: { offset: number; text: string }[];
}

interface Line { start: number; end: number; indent: number; content: string }

function lines(text: string): Line[] {
  const out: Line[] = [];
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const raw = text.slice(start, end);
    const indent = raw.length - raw.trimStart().length;
    const content = raw.trim();
    out.push({ start, end, indent, content: content.startsWith('#') ? '' : content });
    if (end === text.length) break;
    start = end + 1;
  }
  return out;
}

const KEY = /^(?:"([^"]+)"|'([^']+)'|([^\s:#][^:#]*?))\s*:(?:\s|$)/;
const keyOf = (content: string): string | undefined => { const m = KEY.exec(content); return m ? (m[1] ?? m[2] ?? m[3]) : undefined; };

/** The outline, or undefined when the template is not written in the plain block style this scan follows. */
export function outline(text: string): Outline | undefined {
  if (text.includes('\t')) return undefined;
  const all = lines(text);
  const sections = new Map<string, { from: number; to: number }>();
  let current: string | undefined;
  for (let i = 0; i < all.length; i++) {
    const l = all[i]!;
    if (!l.content || l.indent > 0) continue;
    if (l.content.startsWith('---') || l.content.startsWith('...')) return undefined;
    const key = keyOf(l.content);
    if (!key) return undefined;
    if (current) sections.get(current)!.to = i;
    current = key;
    sections.set(key, { from: i, to: all.length });
    if (l.content.slice(l.content.indexOf(':') + 1).replace(/#.*/, '').trim() && ['Resources', 'Parameters'].includes(key)) return undefined;
  }
  const children = (name: string): { key: string; from: number; to: number }[] => {
    const s = sections.get(name);
    if (!s) return [];
    const out: { key: string; from: number; to: number }[] = [];
    let indent = -1;
    for (let i = s.from + 1; i < s.to; i++) {
      const l = all[i]!;
      if (!l.content) continue;
      if (indent < 0) indent = l.indent;
      if (l.indent < indent) return [];
      if (l.indent > indent) continue;
      const key = keyOf(l.content);
      if (key === undefined) return [];
      if (out.length) out[out.length - 1]!.to = i;
      out.push({ key, from: i, to: s.to });
    }
    return out;
  };
  const resourcesSection = sections.get('Resources');
  if (!resourcesSection) return undefined;
  const parameters = new Set(children('Parameters').map((c) => c.key));
  const resources: ResourceBlock[] = [];
  for (const c of children('Resources')) {
    const offset = all[c.from]!.start;
    const stop = c.to < all.length ? all[c.to]!.start : text.length;
    const block = text.slice(offset, stop);
    const type = /^[ ]+["']?Type["']?\s*:\s*["']?([A-Za-z0-9:-]+)/m.exec(block)?.[1] ?? /[{,]\s*Type\s*:\s*["']?([A-Za-z0-9:-]+)/.exec(block)?.[1] ?? '';
    resources.push({ logicalId: c.key, type, offset, text: block });
  }
  const otherText = [...sections].filter(([k]) => k !== 'Resources').map(([, s]) => {
    const offset = all[s.from]!.start;
    const stop = s.to < all.length ? all[s.to]!.start : text.length;
    return { offset, text: text.slice(offset, stop) };
  });
  return { parameters, resources, otherText };
}

/** A YAML anchor or alias may be here (cheap; a parse confirms it). */
export const mayHaveAnchors = (text: string): boolean => /(?:^|[\s[{,])[&*][A-Za-z0-9_-]/m.test(text);
