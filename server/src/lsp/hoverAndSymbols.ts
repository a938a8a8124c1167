/** Hover and document symbols as LSP shapes. */
import { MarkupKind, SymbolKind, type DocumentSymbol, type Hover } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { HoverResult } from '../service/hover';
import type { DocumentSymbolEntry } from '../service/symbols';
import { rangeOf } from './convert';

const KINDS = { policy: SymbolKind.Namespace, statement: SymbolKind.Object, element: SymbolKind.Property };

export function toDocumentSymbols(doc: TextDocument, entries: DocumentSymbolEntry[]): DocumentSymbol[] {
  return entries.map((e) => ({
    name: e.name,
    detail: e.detail,
    kind: KINDS[e.kind],
    range: rangeOf(doc, e.offset, e.length),
    selectionRange: rangeOf(doc, e.selectionOffset, e.selectionLength),
    children: toDocumentSymbols(doc, e.children),
  }));
}

export function toHover(doc: TextDocument, h: HoverResult | undefined): Hover | null {
  return h ? { contents: { kind: MarkupKind.Markdown, value: h.markdown }, range: rangeOf(doc, h.offset, h.length) } : null;
}
