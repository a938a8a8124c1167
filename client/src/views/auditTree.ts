/**
 * The HealthLake view: Regions > data stores > key, each with its verdict icon. Selecting a key opens its
 * key report. Plain data in (an AuditResult), tree items out.
 */
import * as vscode from 'vscode';
import { keyLabel, verdictCounts } from '../../../server/src/inspect/auditRender';
import type { AuditedDatastore, AuditResult, RegionError } from '../../../server/src/inspect/auditTypes';
import type { Problem, VerdictStatus } from '../../../server/src/inspect/types';

export const AUDIT_VIEW = 'hlkms.audit';
export const OPEN_KEY_REPORT = 'hlkms.audit.openKeyReport';

export type AuditNode =
  | { kind: 'region'; region: string; error?: RegionError }
  | { kind: 'datastore'; datastore: AuditedDatastore }
  | { kind: 'key'; datastore: AuditedDatastore };

const VERDICT_ICON: Record<VerdictStatus, [string, string]> = {
  healthy: ['pass', 'testing.iconPassed'],
  'at-risk': ['warning', 'list.warningForeground'],
  broken: ['error', 'list.errorForeground'],
};
const VERDICT_TEXT: Record<VerdictStatus, string> = { healthy: 'healthy', 'at-risk': 'at risk', broken: 'broken' };

export const verdictIcon = (status: VerdictStatus): vscode.ThemeIcon =>
  new vscode.ThemeIcon(VERDICT_ICON[status][0], new vscode.ThemeColor(VERDICT_ICON[status][1]));

const worst = (stores: AuditedDatastore[]): VerdictStatus | undefined =>
  stores.some((d) => d.verdict.status === 'broken') ? 'broken' : stores.some((d) => d.verdict.status === 'at-risk') ? 'at-risk' : stores.length ? 'healthy' : undefined;

function problemsMarkdown(title: string, problems: Problem[]): vscode.MarkdownString {
  const md = new vscode.MarkdownString(`**${title}**\n\n`);
  for (const p of problems) md.appendMarkdown(`- **${p.severity}** ${p.message.replace(/[\\*_[\]<>]/g, (c) => `\\${c}`)}\n`);
  return md;
}

export class AuditTreeProvider implements vscode.TreeDataProvider<AuditNode> {
  private readonly changed = new vscode.EventEmitter<AuditNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  result: AuditResult | undefined;

  set(result: AuditResult): void {
    this.result = result;
    this.changed.fire(undefined);
  }

  getChildren(node?: AuditNode): AuditNode[] {
    const result = this.result;
    if (!result) return [];
    if (!node) return result.regions.map((region) => ({ kind: 'region', region, error: result.errors.find((e) => e.region === region) }));
    if (node.kind === 'region') return result.datastores.filter((d) => d.region === node.region).map((datastore) => ({ kind: 'datastore', datastore }));
    if (node.kind === 'datastore') return [{ kind: 'key', datastore: node.datastore }];
    return [];
  }

  getParent(node: AuditNode): AuditNode | undefined {
    if (node.kind === 'region') return undefined;
    if (node.kind === 'datastore') return { kind: 'region', region: node.datastore.region };
    return { kind: 'datastore', datastore: node.datastore };
  }

  getTreeItem(node: AuditNode): vscode.TreeItem {
    if (node.kind === 'region') return this.regionItem(node.region, node.error);
    if (node.kind === 'datastore') return this.datastoreItem(node.datastore);
    return this.keyItem(node.datastore);
  }

  private regionItem(region: string, error?: RegionError): vscode.TreeItem {
    const stores = this.result?.datastores.filter((d) => d.region === region) ?? [];
    const item = new vscode.TreeItem(region, error || !stores.length ? vscode.TreeItemCollapsibleState.None : vscode.TreeItemCollapsibleState.Expanded);
    item.id = `region:${region}`;
    item.contextValue = 'hlkms.audit.region';
    if (error) {
      item.description = 'not audited';
      item.tooltip = error.message;
      item.iconPath = new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('list.errorForeground'));
      return item;
    }
    const status = worst(stores);
    item.description = stores.length ? `${stores.length} data store${stores.length === 1 ? '' : 's'}: ${verdictCounts(count(stores))}` : 'no data stores';
    item.iconPath = status ? verdictIcon(status) : new vscode.ThemeIcon('globe');
    return item;
  }

  private datastoreItem(d: AuditedDatastore): vscode.TreeItem {
    const item = new vscode.TreeItem(d.name || d.id, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `datastore:${d.region}:${d.id}`;
    item.contextValue = 'hlkms.audit.datastore';
    item.description = `${VERDICT_TEXT[d.verdict.status]} · ${d.status}`;
    item.iconPath = verdictIcon(d.verdict.status);
    item.tooltip = problemsMarkdown(`${d.name || d.id} (${d.id}), ${d.region}: ${VERDICT_TEXT[d.verdict.status]}`, d.verdict.problems);
    return item;
  }

  private keyItem(d: AuditedDatastore): vscode.TreeItem {
    const inspection = d.keyArn ? this.result?.keys.get(d.keyArn) : undefined;
    if (d.encryption === 'AWS_OWNED_KMS_KEY') {
      const item = new vscode.TreeItem('AWS owned key', vscode.TreeItemCollapsibleState.None);
      item.id = `key:${d.region}:${d.id}`;
      item.description = 'nothing to check';
      item.iconPath = new vscode.ThemeIcon('lock');
      item.tooltip = d.verdict.problems.map((p) => p.message).join('\n');
      item.contextValue = 'hlkms.audit.awsOwnedKey';
      return item;
    }
    const item = new vscode.TreeItem(inspection ? keyLabel(inspection) : String(d.kmsKeyId), vscode.TreeItemCollapsibleState.None);
    item.id = `key:${d.region}:${d.id}`;
    item.iconPath = verdictIcon(d.verdict.status);
    item.tooltip = problemsMarkdown(inspection ? inspection.report.key.arn : String(d.kmsKeyId), d.verdict.problems);
    if (inspection) {
      item.description = `${inspection.report.key.state} · ${VERDICT_TEXT[d.verdict.status]}`;
      item.contextValue = 'hlkms.audit.key';
      item.command = { command: OPEN_KEY_REPORT, title: 'Open Key Report', arguments: [inspection.report.key.arn] };
    } else {
      item.description = d.verdict.problems[0]?.code === 'datastore-key-not-found' ? 'not found' : 'not inspected';
      item.contextValue = 'hlkms.audit.missingKey';
    }
    return item;
  }
}

function count(stores: AuditedDatastore[]): Record<VerdictStatus, number> {
  const c: Record<VerdictStatus, number> = { healthy: 0, 'at-risk': 0, broken: 0 };
  for (const d of stores) c[d.verdict.status]++;
  return c;
}
