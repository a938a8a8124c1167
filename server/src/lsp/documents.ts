/**
 * Open documents and what they hold, computed once per version: a JSON policy's model, or a host file's
 * analysis (a CloudFormation template, a Terraform file, templated JSON) with host offsets throughout.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { buildModel, type PolicyModel } from '../service/model';
import type { LanguageService } from '../service/languageService';
import { enabledHosts, fileDecision, type HlkmsSettings } from '../service/settings';
import type { Finding } from '../service/types';
import { analyzeDocument, claimingExtractors, isPrepared, prepareHosts, type HostAnalysis, type HostInput } from '../service/hosts/api';
import { folderReader, localPath } from '../node/folderReader';
import type { Logger } from './runSafe';
import { closeHostDocument, syncHostDocument } from './hostDocuments';

interface Entry {
  version: number;
  /** The JSON path's model; an empty model for a host file (see `host`) or a document that is neither. */
  model: PolicyModel;
  host?: HostAnalysis;
  findings?: Finding[];
}

const JSON_LANGUAGES = new Set(['json', 'jsonc']);
const empty = buildModel('', 'auto');

/** A document the JSON path may read: JSON by language, or a `.json` file whatever the editor calls it. */
const isJson = (document: TextDocument): boolean => JSON_LANGUAGES.has(document.languageId) || /\.json$/i.test(document.uri);

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

  model(document: TextDocument): PolicyModel {
    return this.entry(document).model;
  }

  /** The host analysis, when the document is a host file with policies hlkms reads. */
  host(document: TextDocument): HostAnalysis | undefined {
    return this.entry(document).host;
  }

  findings(document: TextDocument): Finding[] {
    const entry = this.entry(document);
    entry.findings ??= entry.host ? entry.host.findings : this.service.validate(entry.model);
    return entry.findings;
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
      return { version: document.version, model: empty };
    }
    const entry = this.analyse(document, input);
    this.entries.set(document.uri, entry);
    return entry;
  }

  private analyse(document: TextDocument, input: HostInput): Entry {
    const version = document.version;
    const decision = fileDecision(this.settings(), document.uri);
    if (decision === 'exclude') return { version, model: empty };
    syncHostDocument(document);
    const host = analyzeDocument(this.service, input);
    if (host) return { version, model: empty, host };
    if (!isJson(document)) return { version, model: empty };
    const text = document.getText();
    const model = this.service.parse(text);
    if (decision !== 'include' || model.kind !== 'not-a-policy') return { version, model };
    // Included by the user's globs: analyse it even though it does not look like a policy.
    return { version, model: buildModel(text, /"(Not)?Principal"/.test(text) ? 'key-policy' : 'identity-policy') };
  }
}
