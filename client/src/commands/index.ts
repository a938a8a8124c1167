/**
 * Every command the extension contributes is registered here, from activate().
 * A new group of commands lives in its own file in this folder and adds one call below.
 */
import type * as vscode from 'vscode';
import type { CommandDeps } from './deps';
import { registerServerCommands } from './server';
import { registerInspectCommands } from './inspectKey';
import { registerAuditCommands } from './audit';

import { registerCompareCommands } from './comparePolicy';

export type { CommandDeps } from './deps';
export { COMMANDS } from './ids';

export function registerCommands(context: vscode.ExtensionContext, deps: CommandDeps): void {
  registerServerCommands(context, deps);
  registerInspectCommands(context, deps);
  registerAuditCommands(context, deps);

  registerCompareCommands(context);
}
