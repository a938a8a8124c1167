/** Hover, completion and document symbols of an open document's analysis (none for a file hlkms does not read). */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { LanguageService } from '../service/languageService';
import type { HoverResult } from '../service/hover';
import type { CompletionEntry } from '../service/completion';
import type { DocumentSymbolEntry } from '../service/symbols';
import type { ModelCache } from './documents';

export function hoverAt(service: LanguageService, cache: ModelCache, doc: TextDocument, offset: number): HoverResult | undefined {
  const analysis = cache.analysis(doc);
  return analysis && service.hover(analysis, offset);
}

export function completeAt(service: LanguageService, cache: ModelCache, doc: TextDocument, offset: number): CompletionEntry[] {
  const analysis = cache.analysis(doc);
  return analysis ? service.complete(analysis, offset) : [];
}

export function symbolsOf(service: LanguageService, cache: ModelCache, doc: TextDocument): DocumentSymbolEntry[] {
  const analysis = cache.analysis(doc);
  return analysis ? service.documentSymbols(analysis) : [];
}
