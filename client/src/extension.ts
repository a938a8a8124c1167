/** Activation: start the bundled language server and register the commands. */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { registerCommands } from './commands';
import { createLanguageClient } from './languageClient';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('HealthLake KMS', { log: true });
  context.subscriptions.push(output);

  const start = async (): Promise<void> => {
    client = createLanguageClient(context, output);
    await client.start();
  };
  registerCommands(context, {
    output,
    client: () => client,
    restartServer: async () => {
      const old = client;
      client = undefined;
      await old?.dispose();
      await start();
    },
  });

  try {
    await start();
  } catch (err) {
    output.error(`The language server did not start: ${err instanceof Error ? err.message : String(err)}`);
    void vscode.window.showErrorMessage(
      'HealthLake KMS could not start its language server, so key and IAM policies are not being checked. '
      + 'Open "HealthLake KMS: Show Output" for the reason, then run "HealthLake KMS: Restart Language Server".',
    );
  }
}

export async function deactivate(): Promise<void> {
  await client?.dispose();
  client = undefined;
}
