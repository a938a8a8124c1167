/** Asks for a KMS key: recent keys first, or type a key id, key ARN, alias name or alias ARN. */
import * as vscode from 'vscode';
import { isKeyReference } from '../../../server/src/inspect/index';
import { recentKeys } from '../aws/recentKeys';

type KeyItem = vscode.QuickPickItem & { key: string };

export function askForKey(context: vscode.ExtensionContext, title: string): Promise<string | undefined> {
  const recent: KeyItem[] = recentKeys(context).map((r) => ({
    key: r.key, label: r.key, description: r.status ? `last: ${r.status}` : undefined, detail: r.arn && r.arn !== r.key ? r.arn : undefined,
  }));
  const pick = vscode.window.createQuickPick<KeyItem>();
  pick.title = title;
  pick.placeholder = 'Key id, key ARN, alias/name or alias ARN';
  pick.items = recent;
  pick.matchOnDetail = true;
  return new Promise((resolve) => {
    let done = false;
    const finish = (value: string | undefined) => {
      if (done) return;
      done = true;
      resolve(value);
      pick.dispose();
    };
    pick.onDidChangeValue((value) => {
      const typed = value.trim();
      const extra: KeyItem[] = typed && !recent.some((r) => r.key === typed)
        ? [{ key: typed, label: typed, description: isKeyReference(typed) ? 'inspect this key' : 'not a key id, ARN or alias yet', alwaysShow: true }]
        : [];
      pick.items = [...extra, ...recent];
    });
    pick.onDidAccept(() => {
      const key = pick.selectedItems[0]?.key ?? pick.value.trim();
      if (!isKeyReference(key)) {
        pick.title = `${title}: enter a key id (1234abcd-…), key ARN, alias name (alias/…) or alias ARN`;
        return;
      }
      finish(key);
    });
    pick.onDidHide(() => finish(undefined));
    pick.show();
  });
}
