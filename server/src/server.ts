#!/usr/bin/env node
/** The language server: LSP in, language service call, LSP out. (Minimal; handlers grow in their own files.) */
import { createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind, DiagnosticSeverity } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLanguageService } from './service/languageService';
import { fileCatalog } from './node/catalogFiles';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const service = createLanguageService({ catalog: fileCatalog() });
const severity = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information, hint: DiagnosticSeverity.Hint };

connection.onInitialize(() => ({ capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental } }));
documents.onDidChangeContent(({ document }) => {
  const findings = service.validate(service.parse(document.getText()));
  void connection.sendDiagnostics({
    uri: document.uri,
    diagnostics: findings.map((f) => ({
      range: { start: document.positionAt(f.offset), end: document.positionAt(f.offset + f.length) },
      severity: severity[f.severity], source: 'hlkms', code: f.ruleId, message: f.message, data: f.data,
    })),
  });
});
documents.listen(connection);
connection.listen();
