/** What command handlers may use: the output channel and the running language client. */
import type { LogOutputChannel } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

export interface CommandDeps {
  /** The "HealthLake KMS" output channel: log what a user may need to see. */
  readonly output: LogOutputChannel;
  /** The language client, or undefined while the server is stopped. */
  client(): LanguageClient | undefined;
  /** Stops and starts the language server. */
  restartServer(): Promise<void>;
}
