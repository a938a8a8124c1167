/**
 * What host parsers need from the open documents: Terraform keeps one tree-sitter tree per open `.tf` document,
 * edited from the editor's incremental changes and freed when the document closes; a module's other files are
 * read as the editor has them (unsaved text of open documents first).
 */
import type { TextDocumentContentChangeEvent, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { isPrepared, terraformTrees } from '../service/hosts/terraform';
import { localPath } from '../node/folderReader';

const isTerraform = (uri: string): boolean => /\.tf(?:[?#]|$)/i.test(uri);

/** A `didChange`'s changes, before they are applied: the document's tree is edited and reparsed incrementally. */
export function hostDocumentChanges(uri: string, changes: readonly TextDocumentContentChangeEvent[]): void {
  if (isTerraform(uri) && terraformTrees.get(uri)) terraformTrees.update(uri, changes);
}

/**
 * Before a host document is analysed: its tree matches its text (opened, or set again when a change was missed,
 * e.g. while the parser was still loading). A no-op for other documents and until Terraform is set up.
 */
export function syncHostDocument(document: TextDocument): void {
  if (!isTerraform(document.uri) || !isPrepared()) return;
  const text = document.getText();
  if (terraformTrees.get(document.uri)?.text !== text) terraformTrees.set(document.uri, text);
}

/** A closed document frees its tree. */
export function closeHostDocument(uri: string): void {
  terraformTrees.close(uri);
}

/** The text of an open document by its absolute local path, so siblings are read as the editor has them. */
export function openDocumentText(documents: TextDocuments<TextDocument>): (absolutePath: string) => string | undefined {
  return (absolutePath) => {
    for (const doc of documents.all()) if (localPath(doc.uri) === absolutePath) return doc.getText();
    return undefined;
  };
}
