/**
 * A real LSP client for the built server (dist/server/server.js) over stdio: vscode-jsonrpc streams and
 * vscode-languageserver-protocol messages. It answers the server's own requests (configuration,
 * registration, diagnostic refresh) and records what the server pushes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  createProtocolConnection, StreamMessageReader, StreamMessageWriter, type ProtocolConnection,
  InitializeRequest, InitializedNotification, DidOpenTextDocumentNotification, DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification, PublishDiagnosticsNotification, ConfigurationRequest, RegistrationRequest,
  DiagnosticRefreshRequest, DocumentDiagnosticRequest, DidChangeConfigurationNotification, LogMessageNotification,
  ShutdownRequest, ExitNotification, type ClientCapabilities, type InitializeResult, type PublishDiagnosticsParams,
  type DocumentDiagnosticReport, type Range,
} from 'vscode-languageserver-protocol/node';
import { waitFor } from '../support/poll';
import { SERVER_EXEC_ARGV } from '../../client/src/serverLaunch';

export const SERVER = join(__dirname, '..', '..', 'dist', 'server', 'server.js');

export interface ClientOptions {
  /** Use `textDocument/diagnostic` (pull) rather than waiting for pushed diagnostics. */
  pull: boolean;
  snippets?: boolean;
  clientName?: string;
  /** The `hlkms` settings section the client returns for `workspace/configuration`. */
  settings?: Record<string, unknown>;
  /** Command-line arguments of the server (default `--stdio`). */
  args?: string[];
  /** Node.js flags the server runs with (default: those the extension starts it with). */
  nodeArgs?: readonly string[];
  /** Advertise `workspace/configuration` (default true). */
  configuration?: boolean;
  /**
   * How the client answers `workspace/configuration`: with `settings` (default), with null (no `hlkms`
   * section, as Neovim and Helix answer), or never. `configurationGate` holds every answer until it settles.
   */
  configurationAnswer?: 'settings' | 'null' | 'never';
  configurationGate?: Promise<void>;
  /** Advertise `workspace/diagnostic/refresh` support (default true). */
  refreshSupport?: boolean;
  initializationOptions?: unknown;
}

export class TestClient {
  readonly pushed = new Map<string, PublishDiagnosticsParams>();
  /** Every push, in order. */
  readonly pushes: PublishDiagnosticsParams[] = [];
  readonly logs: string[] = [];
  refreshRequests = 0;
  configurationRequests = 0;
  settings: Record<string, unknown>;
  private readonly versions = new Map<string, number>();
  initializeResult!: InitializeResult;

  private constructor(readonly connection: ProtocolConnection, readonly process: ChildProcess, options: ClientOptions) {
    this.settings = options.settings ?? {};
    connection.onRequest(ConfigurationRequest.type, async (params) => {
      this.configurationRequests++;
      if (options.configurationAnswer === 'never') return new Promise<never>(() => undefined);
      await options.configurationGate;
      return params.items.map((i) => (i.section === 'hlkms' && options.configurationAnswer !== 'null' ? this.settings : null));
    });
    connection.onRequest(RegistrationRequest.type, () => undefined);
    connection.onRequest(DiagnosticRefreshRequest.type, () => { this.refreshRequests++; });
    connection.onNotification(PublishDiagnosticsNotification.type, (p) => { this.pushed.set(p.uri, p); this.pushes.push(p); });
    connection.onNotification(LogMessageNotification.type, (p) => { this.logs.push(p.message); });
  }

  static async start(options: ClientOptions): Promise<TestClient> {
    if (!existsSync(SERVER)) throw new Error(`${SERVER} is missing: run \`npm run build\` first.`);
    const child = spawn(process.execPath, [...(options.nodeArgs ?? SERVER_EXEC_ARGV), SERVER, ...(options.args ?? ['--stdio'])], { stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new TestClient(connection, child, options);
    connection.listen();
    const capabilities: ClientCapabilities = {
      workspace: {
        configuration: options.configuration ?? true,
        didChangeConfiguration: { dynamicRegistration: true },
        diagnostics: { refreshSupport: options.refreshSupport ?? true },
      },
      textDocument: {
        ...(options.pull ? { diagnostic: { dynamicRegistration: false } } : {}),
        publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true, dataSupport: true },
        completion: { completionItem: { snippetSupport: options.snippets ?? true } },
        documentSymbol: { hierarchicalDocumentSymbolSupport: true },
        codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'refactor', 'source'] } }, isPreferredSupport: true },
      },
    };
    client.initializeResult = await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid, rootUri: null, capabilities, clientInfo: { name: options.clientName ?? 'hlkms-test-client' },
      initializationOptions: options.initializationOptions,
    });
    await connection.sendNotification(InitializedNotification.type, {});
    return client;
  }

  /** Opens a document; `languageId` as the editor names it (`yaml`, `terraform`, or `plaintext` for a `.tf` without HashiCorp's extension). */
  async open(uri: string, text: string, languageId = 'json'): Promise<void> {
    this.versions.set(uri, 1);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
  }

  /** Replaces the whole text (a full-content change), as a new version. */
  async change(uri: string, text: string): Promise<number> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] });
    return version;
  }

  /** An incremental change (as editors send while typing): `text` replaces `range`. */
  async edit(uri: string, range: Range, text: string): Promise<number> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ range, text }] });
    return version;
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  async pull(uri: string, previousResultId?: string): Promise<DocumentDiagnosticReport> {
    return this.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri }, previousResultId });
  }

  async changeSettings(settings: Record<string, unknown>): Promise<void> {
    this.settings = settings;
    await this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { hlkms: settings } });
  }

  /** Pushed diagnostics for a document once they satisfy `ok` (polls until the deadline). */
  async pushedWhen(uri: string, ok: (p: PublishDiagnosticsParams) => boolean, ms = 10_000): Promise<PublishDiagnosticsParams> {
    return waitFor(() => { const p = this.pushed.get(uri); return p && ok(p) ? p : undefined; }, `diagnostics for ${uri}`, ms, 10);
  }

  async stop(): Promise<void> {
    try {
      await this.connection.sendRequest(ShutdownRequest.type);
      await this.connection.sendNotification(ExitNotification.type);
    } catch { /* already gone */ }
    await waitFor(() => this.process.exitCode !== null || this.process.signalCode !== null, 'server exit', 5_000, 10)
      .catch(() => { this.process.kill(); });
    this.connection.dispose();
  }
}

