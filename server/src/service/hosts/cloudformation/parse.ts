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
  error?: { offset: number; length: number; message: string };
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

/** YAML text whose offset 0 is host offset `base`. */
export function parseYaml(text: string, base: number): Parsed {
  const doc = yamlDocument(text);
  const err = doc.errors[0];
  const raw = doc.contents ? fromYaml(doc.contents, text, base) : undefined;
  if (!err) return { raw };
  const [start, stop] = err.pos;
  return { raw, error: { offset: base + start, length: Math.max(0, stop - start), message: err.message.split('\n')[0]! } };
}

export function parseJson(text: string): Parsed {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true });
  const raw = root ? fromJson(root) : undefined;
  const e = errors[0];
  return e ? { raw, error: { offset: e.offset, length: e.length, message: 'The JSON does not parse here' } } : { raw };
}
