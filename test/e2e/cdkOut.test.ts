/**
 * A template the CDK synthesized, opened from a `cdk.out` folder in a real VS Code: our diagnostics, the note that
 * the CDK app is the source of truth on the first one, and hover naming the construct of the key policy.
 */
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, codeOf, hoverText, policyDiagnostics, positionOf, waitFor } from './helpers';

/** What `cdk synth` writes for a `kms.Key` with the guide's principal mistake (path metadata as the CDK CLI enables it). */
const TEMPLATE = JSON.stringify({
  Resources: {
    FhirKey9F7DA51D: {
      Type: 'AWS::KMS::Key',
      Properties: {
        KeyPolicy: {
          Statement: [
            { Action: 'kms:*', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Resource: '*' },
            { Action: ['kms:CreateGrant', 'kms:Decrypt'], Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:HealthLakeFullAccessRole' }, Resource: '*' },
          ],
          Version: '2012-10-17',
        },
      },
      UpdateReplacePolicy: 'Retain',
      DeletionPolicy: 'Retain',
      Metadata: { 'aws:cdk:path': 'ClinicalData/FhirKey/Resource' },
    },
  },
}, null, 1);

suite('A synthesized template in cdk.out', () => {
  let folder = '';
  suiteSetup(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'hlkms-e2e-cdk-'));
    fs.mkdirSync(path.join(folder, 'cdk.out'));
    fs.writeFileSync(path.join(folder, 'cdk.out', 'ClinicalData.template.json'), TEMPLATE);
  });
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(folder, { recursive: true, force: true });
  });

  test('diagnostics with the CDK note on the first one, and hover naming the construct', async () => {
    await activateExtension();
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(folder, 'cdk.out', 'ClinicalData.template.json')));
    await vscode.window.showTextDocument(doc, { preview: false });
    const diagnostics = await waitFor(() => {
      const ds = policyDiagnostics(doc.uri);
      return ds.some((d) => codeOf(d) === 'principal-format') ? ds : undefined;
    }, 'the principal-format diagnostic in cdk.out');
    const noted = diagnostics.filter((d) => d.relatedInformation?.some((r) => /source of truth is the CDK app/.test(r.message)));
    assert.strictEqual(noted.length, 1, 'one note per file');
    const hovers = await waitFor(async () => {
      const hs = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, positionOf(doc, '"kms:Cre|ateGrant'));
      return /CDK construct/.test(hoverText(hs ?? [])) ? hs : undefined;
    }, 'a hover naming the construct');
    assert.match(hoverText(hovers), /ClinicalData\/FhirKey/);
    assert.match(hoverText(hovers), /CreateGrant/);
  });
});
