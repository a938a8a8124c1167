/** The key report webview: one panel per key, reused on refresh; its buttons and links come back as messages. */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { renderMarkdown, type KeyInspection } from '../../../server/src/inspect/index';
import { keyReportHtml } from './keyReportHtml';

/** What the webview reports after it rendered (read from its own DOM; editor tests check it). */
export interface RenderedReport {
  status: string;
  banner: string;
  sections: string[];
  grantChecks: number;
}

export interface KeyReportActions {
  openPolicy(inspection: KeyInspection, at?: { line: number; character: number }): Promise<void>;
  refresh(inspection: KeyInspection): Promise<KeyInspection | undefined>;
}

export class KeyReportPanel {
  static readonly viewType = 'hlkms.keyReport';
  private static readonly open = new Map<string, KeyReportPanel>();
  /** The last report the webview rendered. */
  rendered: RenderedReport | undefined;

  static show(inspection: KeyInspection, actions: KeyReportActions): KeyReportPanel {
    const arn = inspection.report.key.arn;
    const existing = KeyReportPanel.open.get(arn);
    if (existing) {
      existing.update(inspection);
      existing.panel.reveal(vscode.ViewColumn.Active);
      return existing;
    }
    const title = `Key Report: ${inspection.report.key.aliases[0]?.replace(/^alias\//, '') ?? inspection.report.key.keyId.slice(0, 8)}`;
    const panel = vscode.window.createWebviewPanel(KeyReportPanel.viewType, title, vscode.ViewColumn.Active, {
      enableScripts: true, enableFindWidget: true, localResourceRoots: [],
    });
    const view = new KeyReportPanel(panel, inspection, actions);
    KeyReportPanel.open.set(arn, view);
    panel.onDidDispose(() => KeyReportPanel.open.delete(arn));
    return view;
  }

  private constructor(readonly panel: vscode.WebviewPanel, public inspection: KeyInspection, private readonly actions: KeyReportActions) {
    panel.webview.onDidReceiveMessage((m: { type: string; line?: number; character?: number } & Partial<RenderedReport>) => {
      void this.handleMessage(m);
    });
    this.update(inspection);
  }

  update(inspection: KeyInspection): void {
    this.inspection = inspection;
    this.rendered = undefined;
    this.panel.webview.html = keyReportHtml(inspection, { nonce: randomBytes(16).toString('base64'), cspSource: this.panel.webview.cspSource });
  }

  markdown(): string {
    return renderMarkdown(this.inspection);
  }

  /** What the webview posts (its buttons and finding links); public so editor tests can drive it. */
  async handleMessage(m: { type: string; line?: number; character?: number } & Partial<RenderedReport>): Promise<void> {
    switch (m.type) {
      case 'rendered':
        this.rendered = { status: String(m.status), banner: String(m.banner), sections: m.sections ?? [], grantChecks: Number(m.grantChecks) };
        return;
      case 'copyMarkdown':
        await vscode.env.clipboard.writeText(this.markdown());
        void vscode.window.showInformationMessage('The key report was copied as Markdown.');
        return;
      case 'openPolicy':
        await this.actions.openPolicy(this.inspection, typeof m.line === 'number' ? { line: m.line, character: m.character ?? 0 } : undefined);
        return;
      case 'refresh': {
        const fresh = await this.actions.refresh(this.inspection);
        if (fresh) this.update(fresh);
        return;
      }
    }
  }
}
