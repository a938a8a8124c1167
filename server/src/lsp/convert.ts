/** Offsets to LSP ranges and service results to LSP shapes, in one place. */
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic, type Range, type TextEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { ruleDocsUrl } from '../service/docs';
import type { Edit, Finding } from '../service/types';

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information, hint: DiagnosticSeverity.Hint };
const TAGS = { unnecessary: DiagnosticTag.Unnecessary, deprecated: DiagnosticTag.Deprecated };

export const rangeOf = (doc: TextDocument, offset: number, length: number): Range =>
  ({ start: doc.positionAt(offset), end: doc.positionAt(offset + length) });

export const textEdits = (doc: TextDocument, edits: readonly Edit[]): TextEdit[] =>
  edits.map((e) => ({ range: rangeOf(doc, e.offset, e.length), newText: e.content }));

export function toDiagnostic(doc: TextDocument, f: Finding): Diagnostic {
  const d: Diagnostic = {
    range: rangeOf(doc, f.offset, f.length),
    severity: SEVERITY[f.severity],
    source: 'hlkms',
    code: f.ruleId,
    codeDescription: { href: ruleDocsUrl(f.ruleId) },
    message: f.message,
  };
  if (f.tags?.length) d.tags = f.tags.map((t) => TAGS[t]);
  if (f.related?.length) {
    d.relatedInformation = f.related.map((r) => ({ location: { uri: doc.uri, range: rangeOf(doc, r.offset, r.length) }, message: r.message }));
  }
  return d;
}
