/** Completion: service entries as LSP items (text edits over the replaced range, snippets when supported). */
import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { CompletionEntry, CompletionKind } from '../service/completion';
import { rangeOf } from './convert';

export const TRIGGER_CHARACTERS = ['"', ':'];

const KINDS: Record<CompletionKind, CompletionItemKind> = {
  property: CompletionItemKind.Property, value: CompletionItemKind.Value, enum: CompletionItemKind.EnumMember,
  action: CompletionItemKind.Function, service: CompletionItemKind.Module, operator: CompletionItemKind.Operator,
  conditionKey: CompletionItemKind.Field, constant: CompletionItemKind.Constant, snippet: CompletionItemKind.Snippet,
};

export interface CompletionClient {
  snippets: boolean;
  /** The client understands `editor.action.triggerSuggest` (VS Code and its relatives). */
  retriggerCommand: boolean;
  /** The editor has the extension's snippets (VS Code): the server's policy templates would duplicate them. */
  hasSnippetFile: boolean;
}

/** Snippet syntax to plain text: placeholders become their defaults. */
export function plainText(snippet: string): string {
  return snippet
    .replace(/\$\{\d+\|([^,|}]*)[^}]*\}/g, '$1')
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\{\d+\}|\$\d+/g, '')
    .replace(/\\([$}\\])/g, '$1');
}

export function toCompletionItems(doc: TextDocument, entries: CompletionEntry[], client: CompletionClient): CompletionItem[] {
  return entries.filter((e) => !(client.hasSnippetFile && e.kind === 'snippet')).map((e) => {
    const snippet = e.snippet === true && client.snippets;
    const item: CompletionItem = {
      label: e.label,
      kind: KINDS[e.kind],
      textEdit: { range: rangeOf(doc, e.offset, e.length), newText: snippet || !e.snippet ? e.insertText : plainText(e.insertText) },
      insertTextFormat: snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    };
    if (e.detail) item.detail = e.detail;
    if (e.documentation) item.documentation = { kind: MarkupKind.Markdown, value: e.documentation };
    if (e.sortText) item.sortText = e.sortText;
    if (e.filterText) item.filterText = e.filterText;
    if (e.retrigger && client.retriggerCommand) item.command = { title: 'Suggest', command: 'editor.action.triggerSuggest' };
    return item;
  });
}
