/**
 * Hover, completion and document symbols of a document, whichever path holds it: a host file's analysis
 * (offsets in the host text) or a JSON policy's model.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { LanguageService } from '../service/languageService';
import type { HoverResult } from '../service/hover';
import type { CompletionEntry } from '../service/completion';
import type { DocumentSymbolEntry } from '../service/symbols';
import { hostComplete, hostDocumentSymbols, hostHover } from '../service/hosts/api';
import type { ModelCache } from './documents';

export function hoverAt(service: LanguageService, cache: ModelCache, doc: TextDocument, offset: number): HoverResult | undefined {
  const host = cache.host(doc);
  return host ? hostHover(service, host, offset) : service.hover(cache.model(doc), offset);
}

export function completeAt(service: LanguageService, cache: ModelCache, doc: TextDocument, offset: number): CompletionEntry[] {
  const host = cache.host(doc);
  return host ? hostComplete(service, host, offset) : service.complete(cache.model(doc), offset);
}

export function symbolsOf(service: LanguageService, cache: ModelCache, doc: TextDocument): DocumentSymbolEntry[] {
  const host = cache.host(doc);
  return host ? hostDocumentSymbols(host) : service.documentSymbols(cache.model(doc));
}
