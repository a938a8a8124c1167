#!/usr/bin/env node
/**
 * `hlkms-language-server`: the language service over LSP (stdio for any editor, node-ipc for VS Code).
 * It only adapts: LSP request in, service call, LSP result out; every handler runs through runSafe.
 */
import { createConnection, ProposedFeatures, TextDocumentSyncKind, type InitializeParams, type InitializeResult } from 'vscode-languageserver/node';
import { createLanguageService } from './service/languageService';
import { policyText } from './service/hosts/json';
import { fileCatalog } from './node/catalogFiles';
import { toServiceSettings } from './service/settings';
import { rules } from './service/rules/index';
import { LintTextRequest, ServerInfoRequest } from './protocol';
import { createTextDocuments, ModelCache, openDocumentText } from './lsp/documents';
import { Diagnostics } from './lsp/diagnostics';
import { SettingsStore } from './lsp/settings';
import { CODE_ACTION_KINDS, codeActions } from './lsp/codeActions';
import { TRIGGER_CHARACTERS, toCompletionItems, type CompletionClient } from './lsp/completion';
import { toDocumentSymbols, toHover } from './lsp/hoverAndSymbols';
import { registerHost } from './service/hosts/api';
import { terraformHost } from './service/hosts/terraform';
import { runSafe, runSafeVoid } from './lsp/runSafe';
import { startIdleCollection } from './lsp/idleCollect';
import { serverArguments } from './lsp/arguments';

declare const __VERSION__: string | undefined;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : 'dev';

if (serverArguments(process.argv, VERSION)) {
  const connection = createConnection(ProposedFeatures.all);
  const log = { error: (message: string) => connection.console.error(message), info: (message: string) => connection.console.info(message) };
  process.on('uncaughtException', (e) => log.error(`Uncaught error: ${e.stack ?? e.message}`));
  process.on('unhandledRejection', (e) => log.error(`Unhandled rejection: ${e instanceof Error ? e.stack ?? e.message : String(e)}`));

  registerHost(terraformHost);
  startIdleCollection();
  const documents = createTextDocuments();
  const service = createLanguageService({ catalog: fileCatalog() });
  let settings: SettingsStore;
  const cache = new ModelCache(service, () => settings.current, log, openDocumentText(documents));
  let diagnostics: Diagnostics;
  let completionClient: CompletionClient = { snippets: false, retriggerCommand: false, hasSnippetFile: false };
  /**
   * An open document, once the client's settings are known and every host that reads it is set up (Terraform loads
   * its parser on first use), as diagnostics wait: a code action, hover or completion asked at once is answered from
   * the analysis the diagnostics will show, not from an empty one.
   */
  const get = async (uri: string) => {
    await settings.ready;
    const opened = documents.get(uri);
    if (opened) await cache.ready(opened);
    return documents.get(uri);
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    const vscode = /visual studio code|vscode|code - oss|code-server|vscodium/i.test(params.clientInfo?.name ?? '');
    completionClient = {
      snippets: caps.textDocument?.completion?.completionItem?.snippetSupport === true,
      retriggerCommand: vscode,
      hasSnippetFile: vscode,
    };
    const pull = caps.textDocument?.diagnostic !== undefined;
    settings = new SettingsStore(connection, log, {
      pull: caps.workspace?.configuration === true,
      dynamicRegistration: caps.workspace?.didChangeConfiguration?.dynamicRegistration === true,
    }, (s) => {
      service.settings = toServiceSettings(s);
      cache.clear();
      diagnostics.refreshAll();
    });
    diagnostics = new Diagnostics(connection, documents, cache, log, { pull, refreshSupport: caps.workspace?.diagnostics?.refreshSupport === true }, settings.ready);
    settings.setInitial((params.initializationOptions as { settings?: unknown } | undefined)?.settings);
    diagnostics.register();
    settings.register();
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        diagnosticProvider: pull ? { identifier: 'hlkms', interFileDependencies: false, workspaceDiagnostics: false } : undefined,
        codeActionProvider: { codeActionKinds: CODE_ACTION_KINDS, resolveProvider: false },
        completionProvider: { triggerCharacters: TRIGGER_CHARACTERS, resolveProvider: false },
        hoverProvider: true,
        documentSymbolProvider: { label: 'Policy statements' },
      },
      serverInfo: { name: 'hlkms-language-server', version: VERSION },
    };
  });

  connection.onInitialized(() => runSafeVoid(log, 'initialized', () => settings.start()));

  connection.onCodeAction((params, token) => runSafe(log, 'code actions', [], token, async () => {
    const doc = await get(params.textDocument.uri);
    return doc ? codeActions(service, cache, doc, params) : [];
  }));

  connection.onCompletion((params, token) => runSafe(log, 'completion', [], token, async () => {
    const doc = await get(params.textDocument.uri);
    if (!doc) return [];
    return toCompletionItems(doc, cache.complete(doc, doc.offsetAt(params.position)), completionClient);
  }));

  connection.onHover((params, token) => runSafe(log, 'hover', null, token, async () => {
    const doc = await get(params.textDocument.uri);
    return doc ? toHover(doc, cache.hover(doc, doc.offsetAt(params.position))) : null;
  }));

  connection.onDocumentSymbol((params, token) => runSafe(log, 'document symbols', [], token, async () => {
    const doc = await get(params.textDocument.uri);
    return doc ? toDocumentSymbols(doc, cache.symbols(doc)) : [];
  }));

  connection.onRequest(ServerInfoRequest, (token) => runSafe(log, 'server info', { version: VERSION, catalogSource: '', rules: [] }, token, () => ({
    version: VERSION,
    catalogSource: service.catalog.sourceName,
    rules: rules.map((r) => ({ id: r.id, description: r.description, defaultSeverity: r.defaultSeverity })),
  })));

  connection.onRequest(LintTextRequest, (params, token) => runSafe(log, 'lint text', { kind: 'not-a-policy' as const, findings: [] }, token, () => {
    const analysis = service.analyze(policyText(String(params.text ?? ''), params.kind))!;
    return { kind: analysis.sites[0]!.variants[0]!.model.kind, findings: analysis.findings };
  }));

  documents.listen(connection);
  connection.listen();
}
