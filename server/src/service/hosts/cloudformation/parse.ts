/**
 * YAML parsing for templates: each resource block parsed on its own and cached by its text (an edit re-parses the
 * block it touched), with the whole file as the fallback. JSON templates are one jsonc-parser tree.
 */
import { parseDocument, type Document } from 'yaml';
import { parseTree, type ParseError } from 'jsonc-parser';
import { fromJson, fromYaml, type Raw } from './raw';

export interface Parsed {
  raw: Raw | undefined;
  /** The first syntax error, host offsets. */
  error?: { offset: number; length: number; message: string; tooLarge?: boolean };
}

const MAX_CACHED = 512;
const yamlCache = new Map<string, Document.Parsed>();

function yamlDocument(text: string): Document.Parsed {
  const hit = yamlCache.get(text);
  if (hit) {
    yamlCache.delete(text);
    yamlCache.set(text, hit);
    return hit;
  }
  const doc = parseDocument(text, { uniqueKeys: false, prettyErrors: false, strict: false });
  if (yamlCache.size >= MAX_CACHED) yamlCache.delete(yamlCache.keys().next().value!);
  yamlCache.set(text, doc);
  return doc;
}

/**
 * Longer YAML than this is not parsed: the parser's cost grows faster than the text, a CloudFormation template is at
 * most 1 MB, and a policy at most a few KB. The part gets one finding instead.
 */
export const MAX_YAML = 400_000;

/** YAML text whose offset 0 is host offset `base`. */
export function parseYaml(text: string, base: number): Parsed {
  if (text.length > MAX_YAML) {
    return { raw: undefined, error: { offset: base, length: 0, tooLarge: true,
      message: `This part of the template is ${text.length.toLocaleString('en-US')} characters long, more than the ${MAX_YAML.toLocaleString('en-US')} hlkms reads, so its policies are not checked.` } };
  }
  const doc = yamlDocument(text);
  const err = doc.errors[0];
  const raw = doc.contents ? fromYaml(doc.contents, text, base) : undefined;
  if (!err) return { raw };
  const [start, stop] = err.pos;
  const message = /call stack/i.test(err.message) ? 'it nests too deeply to read' : err.message.split('\n')[0]!;
  return { raw, error: { offset: base + start, length: Math.max(0, stop - start), message } };
}

export function parseJson(text: string): Parsed {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true });
  const raw = root ? fromJson(root) : undefined;
  const e = errors[0];
  return e ? { raw, error: { offset: e.offset, length: e.length, message: 'The JSON does not parse here' } } : { raw };
}
