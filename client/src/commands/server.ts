/** Commands about the language server itself: restart it, show its log. */
import * as vscode from 'vscode';
import type { CommandDeps } from './deps';
import { COMMANDS } from './ids';

export function registerServerCommands(context: vscode.ExtensionContext, deps: CommandDeps): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.restartServer, async () => {
      try {
        await deps.restartServer();
        deps.output.info('Language server restarted.');
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        deps.output.error(`Restarting the language server failed: ${reason}`);
        void vscode.window.showErrorMessage(
          `The HealthLake KMS language server did not restart (${reason}), so policies are not being checked. `
          + 'Open the output log for details, then try the restart command again.',
          'Show Output',
        ).then((choice) => { if (choice) deps.output.show(true); });
      }
    }),
    vscode.commands.registerCommand(COMMANDS.showOutput, () => deps.output.show(true)),
  );
}
