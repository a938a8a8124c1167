/**
 * Diagnostics: pulled by the client (`textDocument/diagnostic`) when it supports that, pushed after each
 * change otherwise. Settings changes refresh them either way. None is computed before the client's
 * settings are known (`settingsReady`), so the first answer already respects them.
 */
import { DocumentDiagnosticReportKind, type Connection, type DocumentDiagnosticReport, type TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { withCdkNote } from './cdkNote';
import { toDiagnostic } from './convert';
import type { ModelCache } from './documents';
import { runSafe, runSafeVoid, type Logger } from './runSafe';

export interface DiagnosticsOptions {
  pull: boolean;
  /** The client can be asked to pull again (`workspace/diagnostic/refresh`). */
  refreshSupport: boolean;
}

/** A document's diagnostics: its findings, the first with the note of a synthesized template (cdkNote.ts). */
function documentDiagnostics(doc: TextDocument, cache: ModelCache) {
  const analysis = cache.analysis(doc);
  return withCdkNote(doc, analysis, (analysis?.findings ?? []).map((f) => toDiagnostic(doc, f)));
}

export class Diagnostics {
  private generation = 0;
  private readonly pending = new Set<string>();
  private flushScheduled = false;
  /** A pull has been answered: only then is a refresh worth asking for. */
  private answered = false;

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly cache: ModelCache,
    private readonly log: Logger,
    private readonly options: DiagnosticsOptions,
    private readonly settingsReady: Promise<void>,
  ) {}

  register(): void {
    if (this.options.pull) {
      this.connection.languages.diagnostics.on((params, token) => runSafe(this.log, 'diagnostics', { kind: DocumentDiagnosticReportKind.Full, items: [] }, token, async () => {
        await this.settingsReady;
        const opened = this.documents.get(params.textDocument.uri);
        if (opened) await this.cache.ready(opened);
        const doc = this.documents.get(params.textDocument.uri);
        if (!doc) return { kind: DocumentDiagnosticReportKind.Full, items: [] } satisfies DocumentDiagnosticReport;
        const resultId = `${this.generation}:${doc.version}`;
        if (params.previousResultId === resultId) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId } satisfies DocumentDiagnosticReport;
        this.answered = true;
        return { kind: DocumentDiagnosticReportKind.Full, resultId, items: documentDiagnostics(doc, this.cache) } satisfies DocumentDiagnosticReport;
      }));
    } else {
      this.documents.onDidChangeContent(({ document }) => this.schedule(document.uri));
    }
    this.documents.onDidClose(({ document }) => runSafeVoid(this.log, 'close', () => {
      this.pending.delete(document.uri);
      this.cache.forget(document.uri);
      if (!this.options.pull) void this.connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
    }));
  }

  /** Settings changed: every document's diagnostics may change. */
  refreshAll(): void {
    this.generation++;
    if (this.options.pull) {
      if (this.options.refreshSupport && this.answered) void this.connection.languages.diagnostics.refresh().catch((e: unknown) => this.log.error(`diagnostic refresh failed: ${String(e)}`));
      return;
    }
    for (const doc of this.documents.all()) this.schedule(doc.uri);
  }

  /** Push mode: validate once per burst of changes, on the latest version. */
  private schedule(uri: string): void {
    this.pending.add(uri);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    void this.settingsReady.then(() => setImmediate(() => runSafeVoid(this.log, 'diagnostics', () => this.flush())));
  }

  private async flush(): Promise<void> {
    this.flushScheduled = false;
    for (const uri of [...this.pending]) {
      this.pending.delete(uri);
      const opened = this.documents.get(uri);
      if (!opened) continue;
      await this.cache.ready(opened);
      const doc = this.documents.get(uri);
      if (!doc) continue;
      const diagnostics = documentDiagnostics(doc, this.cache);
      void this.connection.sendDiagnostics({ uri, version: doc.version, diagnostics });
    }
  }
}
