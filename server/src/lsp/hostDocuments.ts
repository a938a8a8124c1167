/**
 * What host parsers need from the open documents: the edits of each change (Terraform edits its tree in
 * place), and the unsaved text of open documents by path (a module's other `.tf` files).
 */
import type { TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { localPath } from '../node/folderReader';
import type { ContentEdit } from './textDocuments';

/** Passes a document's content changes on to the hosts that keep incremental state. */
export function hostDocumentEdits(_uri: string, _edits: readonly ContentEdit[], _before: string): void {
  // Wired to the Terraform extractor's incremental parse once it is registered.
}

/** The text of an open document by its absolute local path, so siblings are read as the editor has them. */
export function openDocumentText(documents: TextDocuments<TextDocument>): (absolutePath: string) => string | undefined {
  return (absolutePath) => {
    for (const doc of documents.all()) if (localPath(doc.uri) === absolutePath) return doc.getText();
    return undefined;
  };
}
