/**
 * Open documents and what they hold, computed once per version: the analysis of a JSON policy, a CloudFormation
 * template, a Terraform file or templated JSON, offsets in the document's text throughout.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { LanguageService } from '../service/languageService';
import { enabledHosts, fileDecision, type HlkmsSettings } from '../service/settings';
import type { Finding } from '../service/types';
import { claimingExtractors, isPrepared, prepareHosts, type Analysis, type HostInput } from '../service/hosts/api';
import { folderReader, localPath } from '../node/folderReader';
import type { Logger } from './runSafe';
import { closeHostDocument, syncHostDocument } from './hostDocuments';

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

  /**
   * Resolves once every host that would read this document is set up (Terraform loads its WASM parser on
   * first use), so the first diagnostics of a `.tf` file are right rather than empty.
   */
  async ready(document: TextDocument): Promise<void> {
    const input = this.input(document);
    if (!claimingExtractors(input).some((e) => !isPrepared(e.host))) return;
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
    const input = this.input(document);
    // A host still setting up (Terraform's parser loading): nothing yet, and nothing remembered, so the first
    // request after the set-up reads the document properly. `ready()` starts the set-up.
    if (claimingExtractors(input).some((e) => !isPrepared(e.host))) {
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
