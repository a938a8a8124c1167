/**
 * The HealthLake view: the tree of the last audit, of one account (Regions > data stores > key) or of an
 * organization (Accounts > Regions > data stores > key), each node with its verdict icon. Selecting a key opens
 * its key report. The tree itself is plain data (auditTreeModel.ts); this file makes VS Code tree items of it.
 */
import * as vscode from 'vscode';
import { AuditTreeModel, type AuditItem, type AuditNode, type ShownAudit } from './auditTreeModel';

export { OPEN_KEY_REPORT, type AuditNode, type ShownAudit } from './auditTreeModel';
export const AUDIT_VIEW = 'hlkms.audit';

const COLLAPSIBLE: Record<AuditItem['collapsible'], vscode.TreeItemCollapsibleState> = {
  none: vscode.TreeItemCollapsibleState.None,
  collapsed: vscode.TreeItemCollapsibleState.Collapsed,
  expanded: vscode.TreeItemCollapsibleState.Expanded,
};

export class AuditTreeProvider implements vscode.TreeDataProvider<AuditNode> {
  private readonly changed = new vscode.EventEmitter<AuditNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private model: AuditTreeModel | undefined;

  /** The audit shown, if any. */
  get shown(): ShownAudit | undefined {
    return this.model?.shown;
  }

  set(shown: ShownAudit): void {
    this.model = new AuditTreeModel(shown);
    this.changed.fire(undefined);
  }

  getChildren(node?: AuditNode): AuditNode[] {
    return this.model?.children(node) ?? [];
  }

  getParent(node: AuditNode): AuditNode | undefined {
    return this.model?.parent(node);
  }

  getTreeItem(node: AuditNode): vscode.TreeItem {
    if (!this.model) return new vscode.TreeItem('');
    const spec = this.model.item(node);
    const item = new vscode.TreeItem(spec.label, COLLAPSIBLE[spec.collapsible]);
    item.id = spec.id;
    item.description = spec.description;
    item.tooltip = typeof spec.tooltip === 'string' ? spec.tooltip : new vscode.MarkdownString(spec.tooltip.markdown);
    item.iconPath = new vscode.ThemeIcon(spec.icon.id, spec.icon.color ? new vscode.ThemeColor(spec.icon.color) : undefined);
    item.contextValue = spec.contextValue;
    if (spec.command) item.command = spec.command;
    return item;
  }
}
