/**
 * The HCL parser (web-tree-sitter with the Terraform grammar) and the trees of open documents.
 *
 * Trees live in WebAssembly memory, which never shrinks: every document keeps one tree, an edit is applied to it
 * (`tree.edit`) and the document reparsed incrementally from it (from scratch when the text has a syntax error),
 * and the old tree is deleted. A one-off parse (a file of the folder, the CLI) deletes its tree when done.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Edit, Language, Parser, type Point, type Tree } from 'web-tree-sitter';

let parser: Parser | undefined;
let loading: Promise<void> | undefined;
/**
 * The parser's WebAssembly memory, as web-tree-sitter makes it (its module needs 32 MB to start), growing as trees
 * need it and never shrinking. Every document keeps one tree and frees the old one, so it stays at what the open
 * documents need; passing it in lets benchmarks read its size.
 */
type Memory = { readonly buffer: ArrayBuffer };
const { WebAssembly: wasm } = globalThis as unknown as { WebAssembly: { Memory: new (d: { initial: number; maximum: number }) => Memory } };
const memory = new wasm.Memory({ initial: 512, maximum: 32768 });

/** The size of the parser's WebAssembly memory in bytes (for benchmarks: it only ever grows). */
export const wasmMemoryBytes = (): number => memory.buffer.byteLength;

/**
 * Where a .wasm file is: next to the bundle (dist/server, and so in the .vsix; esbuild.mjs copies them), or in
 * its package when run from source. `module` is a file the package exports (its own .wasm, or its main).
 */
function locate(file: string, module: string): string {
  const here = typeof __dirname === 'string' ? __dirname : process.cwd();
  for (const dir of [here, join(here, '..', 'server')]) if (existsSync(join(dir, file))) return join(dir, file);
  return join(dirname(require.resolve(module)), file);
}

/** Loads the parser and the grammar once; every other function here needs it done. */
export function prepare(): Promise<void> {
  loading ??= (async () => {
    const runtime = locate('web-tree-sitter.wasm', 'web-tree-sitter/web-tree-sitter.wasm');
    await Parser.init({ locateFile: () => runtime, wasmMemory: memory } as Parameters<typeof Parser.init>[0]);
    const language = await Language.load(readFileSync(locate('tree-sitter-terraform.wasm', '@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm')));
    const p = new Parser();
    p.setLanguage(language);
    parser = p;
  })();
  return loading;
}

/** Whether `prepare()` has finished. */
export const isPrepared = (): boolean => parser !== undefined;

function theParser(): Parser {
  if (!parser) throw new Error('The Terraform parser is not loaded yet: await prepare() first.');
  return parser;
}

/**
 * An IAM policy variable written `${aws:username}` where Terraform would read an interpolation: Terraform
 * rejects it (extract.ts reports it), and tree-sitter's recovery would lose the rest of the file. The parser
 * reads it as `&{aws:username}` (same length, same offsets), so the file still parses as the author meant.
 */
export const IAM_VARIABLE = /(?<![$&])\$\{((?:aws|kms|s3|ec2|iam|sts|saml|ssm|sns|sqs|ram|organizations|cognito-identity\.amazonaws\.com|www\.amazon\.com|graph\.facebook\.com|accounts\.google\.com)[\w.-]*:[^{}\s"]+|\*|\?|\$)\}/g;

export const parseable = (text: string): string => (text.includes('${') ? text.replace(IAM_VARIABLE, (m) => `&${m.slice(1)}`) : text);

/** Parses `text`, calls `fn` with the tree and deletes the tree afterwards. */
export function withTree<T>(text: string, fn: (tree: Tree) => T): T {
  const tree = theParser().parse(parseable(text));
  if (!tree) throw new Error('The Terraform parser returned no tree.');
  try {
    return fn(tree);
  } finally {
    tree.delete();
  }
}

/** An LSP `TextDocumentContentChangeEvent`: a range replaced by text, or (no range) the whole new text. */
export interface TextChange {
  range?: { start: { line: number; character: number }; end: { line: number; character: number } };
  text: string;
}

interface OpenDocument {
  text: string;
  /** What the parser read (`parseable(text)`). */
  parsed: string;
  tree: Tree;
}

/** Offset of an LSP position (line, UTF-16 character) in `text`, clamped to the line. */
function offsetAt(text: string, line: number, character: number): number {
  let offset = 0;
  for (let l = 0; l < line; l++) {
    const nl = text.indexOf('\n', offset);
    if (nl < 0) return text.length;
    offset = nl + 1;
  }
  const end = text.indexOf('\n', offset);
  return Math.min(offset + character, end < 0 ? text.length : end);
}

/** The tree-sitter point (row, column in UTF-16 units) of an offset. */
function pointAt(text: string, offset: number): Point {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: offset - lineStart };
}

/** Applies LSP content changes to a text. */
export function applyChanges(text: string, changes: readonly TextChange[]): string {
  let out = text;
  for (const c of changes) {
    if (!c.range) {
      out = c.text;
      continue;
    }
    const start = offsetAt(out, c.range.start.line, c.range.start.character);
    const end = Math.max(start, offsetAt(out, c.range.end.line, c.range.end.character));
    out = out.slice(0, start) + c.text + out.slice(end);
  }
  return out;
}

/**
 * The one edit between two texts (common prefix and suffix kept), as tree-sitter needs it. Computed from the
 * texts the parser reads, so it also covers an IAM variable whose reading changed outside the typed range.
 */
function diffEdit(before: string, after: string): Edit | undefined {
  if (before === after) return undefined;
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let tail = 0;
  while (tail < max - start && before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)) tail++;
  const oldEnd = before.length - tail;
  const newEnd = after.length - tail;
  const startPosition = pointAt(before, start);
  const oldEndPosition = pointAt(before, oldEnd);
  const inserted = after.slice(start, newEnd);
  const lines = inserted.split('\n');
  const newEndPosition = lines.length === 1 ? { row: startPosition.row, column: startPosition.column + inserted.length } : { row: startPosition.row + lines.length - 1, column: lines.at(-1)!.length };
  return new Edit({ startIndex: start, oldEndIndex: oldEnd, newEndIndex: newEnd, startPosition, oldEndPosition, newEndPosition });
}

/** The open Terraform documents, each with its one tree. */
export class TerraformTrees {
  private readonly docs = new Map<string, OpenDocument>();

  /** `onClose`: told when a document is closed (what else is remembered of it can go too). */
  constructor(private readonly onClose?: (uri: string) => void) {}

  /** Parses a newly opened document (replacing any tree it had). */
  open(uri: string, text: string): void {
    this.close(uri);
    const parsed = parseable(text);
    const tree = theParser().parse(parsed);
    if (tree) this.docs.set(uri, { text, parsed, tree });
  }

  /**
   * Applies LSP content changes (incremental or whole-text) in order: the tree is edited and the document
   * reparsed incrementally from it; the old tree is freed. Returns the new text (undefined: not open).
   */
  update(uri: string, changes: readonly TextChange[]): string | undefined {
    const doc = this.docs.get(uri);
    if (!doc) return undefined;
    return this.replace(uri, doc, applyChanges(doc.text, changes));
  }

  /** Sets a document's whole new text (the server's synced copy), reparsing incrementally from the old tree. */
  set(uri: string, text: string): void {
    const doc = this.docs.get(uri);
    if (!doc) this.open(uri, text);
    else this.replace(uri, doc, text);
  }

  private replace(uri: string, doc: OpenDocument, text: string): string {
    const parsed = parseable(text);
    const edit = diffEdit(doc.parsed, parsed);
    if (!edit) {
      doc.text = text;
      return text;
    }
    doc.tree.edit(edit);
    let tree = theParser().parse(parsed, doc.tree);
    doc.tree.delete();
    // Error recovery is not the same when a parse starts from an old tree: an incremental reparse of broken text
    // can recover differently from a fresh one (an ERROR where a fresh parse reads a comment, a block). A tree
    // without errors is the text's one parse; a tree with errors is parsed again from scratch, so every reading
    // of an open document is the reading of its text alone.
    if (tree?.rootNode.hasError) {
      tree.delete();
      tree = theParser().parse(parsed);
    }
    if (tree) this.docs.set(uri, { text, parsed, tree });
    else this.docs.delete(uri);
    return text;
  }

  /** The document's current tree and text (owned here: never delete the tree). */
  get(uri: string): { text: string; tree: Tree } | undefined {
    return this.docs.get(uri);
  }

  /** Forgets a closed document and frees its tree. */
  close(uri: string): void {
    const doc = this.docs.get(uri);
    if (!doc) return;
    doc.tree.delete();
    this.docs.delete(uri);
    this.onClose?.(uri);
  }

  /** Frees every tree. */
  dispose(): void {
    for (const uri of [...this.docs.keys()]) this.close(uri);
  }

  get size(): number {
    return this.docs.size;
  }
}
