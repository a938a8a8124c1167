/** Open documents and their models: parsed once per version, findings computed once per version. */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { buildModel, type PolicyModel } from '../service/model';
import type { LanguageService } from '../service/languageService';
import { fileDecision, type HlkmsSettings } from '../service/settings';
import type { Finding } from '../service/types';

interface Entry {
  version: number;
  model: PolicyModel;
  findings?: Finding[];
}

export class ModelCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly service: LanguageService, private readonly settings: () => HlkmsSettings) {}

  model(document: TextDocument): PolicyModel {
    return this.entry(document).model;
  }

  findings(document: TextDocument): Finding[] {
    const entry = this.entry(document);
    entry.findings ??= this.service.validate(entry.model);
    return entry.findings;
  }

  forget(uri: string): void {
    this.entries.delete(uri);
  }

  /** Settings changed: every model may change (files included or excluded, rule severities). */
  clear(): void {
    this.entries.clear();
  }

  private entry(document: TextDocument): Entry {
    const cached = this.entries.get(document.uri);
    if (cached?.version === document.version) return cached;
    const entry = { version: document.version, model: this.parse(document) };
    this.entries.set(document.uri, entry);
    return entry;
  }

  private parse(document: TextDocument): PolicyModel {
    const decision = fileDecision(this.settings(), document.uri);
    const text = document.getText();
    if (decision === 'exclude') return buildModel('', 'auto');
    const model = this.service.parse(text);
    if (decision !== 'include' || model.kind !== 'not-a-policy') return model;
    // Included by the user's globs: analyse it even though it does not look like a policy.
    return buildModel(text, /"(Not)?Principal"/.test(text) ? 'key-policy' : 'identity-policy');
  }
}
