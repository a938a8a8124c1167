/** Runs an AWS task under a cancellable progress notification; errors become messages a person can act on. */
import * as vscode from 'vscode';
import { classify, explain, InspectError } from '../../../server/src/inspect/index';

export async function withAwsProgress<T>(title: string, action: string, task: (signal: AbortSignal, report: (message: string) => void) => Promise<T>): Promise<T | undefined> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
    const controller = new AbortController();
    const subscription = token.onCancellationRequested(() => controller.abort());
    try {
      return await task(controller.signal, (message) => progress.report({ message }));
    } catch (e) {
      if (classify(e) === 'cancelled') return undefined;
      const message = e instanceof InspectError ? e.message : explain(e, { action, profile: vscode.workspace.getConfiguration('hlkms.aws').get<string>('profile') || undefined });
      void vscode.window.showErrorMessage(message);
      return undefined;
    } finally {
      subscription.dispose();
    }
  });
}
