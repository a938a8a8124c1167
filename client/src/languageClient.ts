/** Starts the bundled language server (dist/server/server.js) over node IPC and connects it to VS Code. */
import * as path from 'node:path';
import type { ExtensionContext, LogOutputChannel } from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { SERVER_EXEC_ARGV } from './serverLaunch';
import { waitForJsonSupport } from './jsonSupportReady';

export const CLIENT_ID = 'hlkms';
export const CLIENT_NAME = 'HealthLake KMS';

/**
 * Policies are JSON files or sit in infrastructure code; the server decides which documents hold policies
 * (and which hosts the settings turn off). Terraform and `.template` files are matched by name as well as
 * language: `.tf` has a language id only when HashiCorp's extension is installed.
 */
export const documentSelector = [
  { language: 'json' },
  { language: 'jsonc' },
  { language: 'yaml' },
  { language: 'terraform' },
  { pattern: '**/*.tf' },
  { pattern: '**/*.template' },
  { pattern: '**/*serverless*.{yml,yaml,json}' },
  { pattern: '**/*.{json.tpl,tpl,j2,json.hbs,json.mustache}' },
];

export function createLanguageClient(context: ExtensionContext, output: LogOutputChannel): LanguageClient {
  const module = context.asAbsolutePath(path.join('dist', 'server', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV] } },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV, '--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector,
    outputChannel: output,
    traceOutputChannel: output,
    synchronize: { configurationSection: 'hlkms' },
    middleware: waitForJsonSupport,
  };
  return new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
}
