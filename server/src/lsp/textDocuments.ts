/**
 * The open documents, with each incremental content change passed on as an edit (offset, removed length,
 * inserted text) before it is applied, so a host parser can edit its tree instead of parsing again
 * (Terraform's tree-sitter trees).
 */
import { TextDocuments, type TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';

/** One change, in offsets of the text as it was just before this change. */
export interface ContentEdit {
  offset: number;
  /** Length of the replaced text. */
  length: number;
  text: string;
}

/** `onEdits(uri, edits, before)`: the edits of one `didChange`, in order, and the text they apply to. */
export type EditListener = (uri: string, edits: readonly ContentEdit[], before: string) => void;

export function createTextDocuments(onEdits: EditListener): TextDocuments<TextDocument> {
  return new TextDocuments<TextDocument>({
    create: TextDocument.create,
    update(document, changes: TextDocumentContentChangeEvent[], version) {
      const before = document.getText();
      const edits: ContentEdit[] = [];
      // Each change's range is in the text left by the previous one: apply them one at a time.
      for (const change of changes) {
        if ('range' in change) {
          const offset = document.offsetAt(change.range.start);
          edits.push({ offset, length: document.offsetAt(change.range.end) - offset, text: change.text });
        } else {
          edits.push({ offset: 0, length: document.getText().length, text: change.text });
        }
        TextDocument.update(document, [change], version);
      }
      onEdits(document.uri, edits, before);
      return document;
    },
  });
}
