/** Recently inspected keys, remembered across sessions (globalState), newest first. */
import type * as vscode from 'vscode';

const STATE_KEY = 'hlkms.recentKeys';
const MAX = 10;

export interface RecentKey {
  /** What the user typed or picked (key id, ARN, alias). */
  key: string;
  /** The key ARN it resolved to, and how the key looked last time. */
  arn?: string;
  status?: string;
}

export function recentKeys(context: vscode.ExtensionContext): RecentKey[] {
  return context.globalState.get<RecentKey[]>(STATE_KEY) ?? [];
}

export async function rememberKey(context: vscode.ExtensionContext, entry: RecentKey): Promise<void> {
  const rest = recentKeys(context).filter((r) => r.key !== entry.key && (!entry.arn || r.arn !== entry.arn || r.key !== entry.key));
  await context.globalState.update(STATE_KEY, [entry, ...rest].slice(0, MAX));
}
