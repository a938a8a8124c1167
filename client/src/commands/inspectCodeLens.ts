/** "Inspect key" above every KMS key or alias ARN in a JSON or YAML document (trusted workspaces only). */
import * as vscode from 'vscode';

const KMS_ARN = /arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(?:key|alias)\/[A-Za-z0-9/_-]+/g;
const MAX_LENSES = 50;

export class InspectKeyCodeLensProvider implements vscode.CodeLensProvider {
  constructor(private readonly command: string) {}

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!vscode.workspace.isTrusted) return [];
    const lenses: vscode.CodeLens[] = [];
    const seenLines = new Set<number>();
    for (const m of document.getText().matchAll(KMS_ARN)) {
      const start = document.positionAt(m.index);
      if (seenLines.has(start.line)) continue;
      seenLines.add(start.line);
      const range = new vscode.Range(start, document.positionAt(m.index + m[0].length));
      lenses.push(new vscode.CodeLens(range, { title: '$(key) Inspect key', tooltip: `Inspect ${m[0]} and HealthLake's use of it`, command: this.command, arguments: [m[0]] }));
      if (lenses.length >= MAX_LENSES) break;
    }
    return lenses;
  }
}

export const CODE_LENS_SELECTOR: vscode.DocumentSelector = [{ language: 'json' }, { language: 'jsonc' }, { language: 'yaml' }];
