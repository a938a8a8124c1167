/**
 * The open documents and what they hold, computed once per version: the analysis of a JSON policy, a CloudFormation
 * template, a Terraform file or templated JSON, offsets in the document's text throughout. Terraform keeps one
 * tree-sitter tree per open `.tf` document, edited from the editor's incremental changes (passed on before they are
 * applied) and freed when the document closes; a module's other files are read as the editor has them.
 */
import { TextDocuments, type TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { LanguageService } from '../service/languageService';
import type { HoverResult } from '../service/hover';
import type { CompletionEntry } from '../service/completion';
import type { DocumentSymbolEntry } from '../service/symbols';
import { enabledHosts, fileDecision, type HlkmsSettings } from '../service/settings';
import type { Finding } from '../service/types';
import { awaitsSetUp, prepareHosts, type Analysis, type HostInput } from '../service/hosts/api';
import { isPrepared as terraformReady, terraformTrees } from '../service/hosts/terraform';
import { folderReader, localPath } from '../node/folderReader';
import type { Logger } from './runSafe';

const isTerraform = (uri: string): boolean => /\.tf(?:[?#]|$)/i.test(uri);

/** A `didChange`'s changes, before they are applied: the document's tree is edited and reparsed incrementally. */
export function hostDocumentChanges(uri: string, changes: readonly TextDocumentContentChangeEvent[]): void {
  if (isTerraform(uri) && terraformTrees.get(uri)) terraformTrees.update(uri, changes);
}

/**
 * Before a document is analysed: its tree matches its text (opened, or set again when a change was missed, e.g.
 * while the parser was still loading). A no-op for other documents and until Terraform is set up.
 */
export function syncHostDocument(document: TextDocument): void {
  if (!isTerraform(document.uri) || !terraformReady()) return;
  const text = document.getText();
  if (terraformTrees.get(document.uri)?.text !== text) terraformTrees.set(document.uri, text);
}

/** A closed document frees its tree. */
export function closeHostDocument(uri: string): void {
  terraformTrees.close(uri);
}

/** The open documents; each `didChange`'s changes (in order) reach the host parsers before they are applied. */
export function createTextDocuments(): TextDocuments<TextDocument> {
  return new TextDocuments<TextDocument>({
    create: TextDocument.create,
    update(document, changes, version) {
      hostDocumentChanges(document.uri, changes);
      return TextDocument.update(document, changes, version);
    },
  });
}

/** The text of an open document by its absolute local path, so siblings are read as the editor has them. */
export function openDocumentText(documents: TextDocuments<TextDocument>): (absolutePath: string) => string | undefined {
  return (absolutePath) => {
    for (const doc of documents.all()) if (localPath(doc.uri) === absolutePath) return doc.getText();
    return undefined;
  };
}

interface Entry {
  version: number;
  /** Undefined for a document hlkms does not read (or excludes, or whose host is still setting up). */
  analysis?: Analysis;
}

export class ModelCache {
  private readonly entries = new Map<string, Entry>();
  private preparing: Promise<void> | undefined;

  constructor(
    private readonly service: LanguageService,
    private readonly settings: () => HlkmsSettings,
    private readonly log: Logger,
    /** Text of another open document by its local path (sibling files of a Terraform module). */
    private readonly openText: (absolutePath: string) => string | undefined = () => undefined,
  ) {}

  analysis(document: TextDocument): Analysis | undefined {
    return this.entry(document).analysis;
  }

  findings(document: TextDocument): Finding[] {
    return this.entry(document).analysis?.findings ?? [];
  }

  hover(document: TextDocument, offset: number): HoverResult | undefined {
    const analysis = this.analysis(document);
    return analysis && this.service.hover(analysis, offset);
  }

  complete(document: TextDocument, offset: number): CompletionEntry[] {
    const analysis = this.analysis(document);
    return analysis ? this.service.complete(analysis, offset) : [];
  }

  symbols(document: TextDocument): DocumentSymbolEntry[] {
    const analysis = this.analysis(document);
    return analysis ? this.service.documentSymbols(analysis) : [];
  }

  /**
   * Resolves once every host that would read this document is set up (Terraform loads its WASM parser on
   * first use), so the first diagnostics of a `.tf` file are right rather than empty.
   */
  async ready(document: TextDocument): Promise<void> {
    if (!awaitsSetUp(this.input(document))) return;
    this.preparing ??= prepareHosts().catch((e: unknown) => {
      this.log.error(`A policy host could not be set up, so its files are not checked: ${(e as Error).message ?? String(e)}`);
    });
    await this.preparing;
  }

  /** A closed document: its analysis and its host parser's tree are dropped. */
  forget(uri: string): void {
    this.entries.delete(uri);
    closeHostDocument(uri);
  }

  /** Settings changed: every model may change (files included or excluded, rule severities, hosts). */
  clear(): void {
    this.entries.clear();
  }

  private input(document: TextDocument): HostInput {
    const path = localPath(document.uri);
    return {
      uri: document.uri,
      text: document.getText(),
      folder: path ? folderReader(path, this.openText) : undefined,
      hosts: enabledHosts(this.settings().hosts),
      languageId: document.languageId,
    };
  }

  private entry(document: TextDocument): Entry {
    const cached = this.entries.get(document.uri);
    if (cached?.version === document.version) return cached;
    // Only the current version is ever asked for: the last one's analysis is dropped before the next is built.
    this.entries.delete(document.uri);
    const input = this.input(document);
    // A host still setting up (Terraform's parser loading): nothing yet, and nothing remembered, so the first
    // request after the set-up reads the document properly. `ready()` starts the set-up.
    if (awaitsSetUp(input)) {
      void this.ready(document);
      return { version: document.version };
    }
    const entry: Entry = { version: document.version };
    const decision = fileDecision(this.settings(), document.uri);
    if (decision !== 'exclude') {
      syncHostDocument(document);
      entry.analysis = this.service.analyze({ ...input, include: decision === 'include' });
    }
    this.entries.set(document.uri, entry);
    return entry;
  }
}
