/**
 * The open documents, with each `didChange`'s content changes passed on before they are applied, so a host
 * parser can edit its tree instead of parsing again (Terraform's tree-sitter trees).
 */
import { TextDocuments, type TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';

/** The changes of one `didChange`, in order (each range is in the text the previous change left). */
export type ChangeListener = (uri: string, changes: readonly TextDocumentContentChangeEvent[]) => void;

export function createTextDocuments(onChanges: ChangeListener): TextDocuments<TextDocument> {
  return new TextDocuments<TextDocument>({
    create: TextDocument.create,
    update(document, changes, version) {
      onChanges(document.uri, changes);
      return TextDocument.update(document, changes, version);
    },
  });
}
