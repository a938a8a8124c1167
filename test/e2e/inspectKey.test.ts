/**
 * The live key inspector in a real editor: "Inspect Key…" against the KMS emulator and the HealthLake /
 * CloudTrail stand-in (started here, inside the extension host), then the key report webview.
 */
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { KeyReportPanel } from '../../client/src/views/keyReportPanel';
import { startEmulators, type Emulators } from '../aws/emulators';
import { ALL_NINE, addDatastore, addHealthLakeEvents, healthLakeKeyPolicy, kmsClient, seedKey } from '../aws/seed';
import { activateExtension, policyDiagnostics, screenshot, waitFor } from './helpers';

suite('Key report', () => {
  let emu: Emulators | undefined;
  let kms: KMSClient | undefined;

  suiteSetup(async function () {
    this.timeout(60_000);
    await activateExtension();
    emu = await startEmulators();
    // The extension's AWS clients read the SDK's environment variables when a command runs.
    emu.applyEnv();
    kms = kmsClient(emu.kmsEndpoint);
  });

  suiteTeardown(async () => {
    kms?.destroy();
    await emu?.stop();
  });

  test('Inspect Key… shows the verdict, the grant checklist, the data stores and the policy findings', async () => {
    const e = emu!;
    // A key a data store uses whose HealthLake grant lost two operations, and whose policy carries the
    // HealthLake guide's global kms:ViaService.
    const policy = JSON.parse(healthLakeKeyPolicy());
    policy.Statement[1].Condition.StringEquals['kms:ViaService'] = 'healthlake.amazonaws.com';
    const { arn } = await seedKey(kms!, {
      alias: 'alias/clinical-fhir', tags: { team: 'clinical', env: 'prod' }, otherGrants: 2, policy: JSON.stringify(policy, null, 2),
      grantOperations: ALL_NINE.filter((op) => op !== 'ReEncryptFrom' && op !== 'ReEncryptTo'),
    });
    addDatastore(e.state, 'clinical-notes', 'alias/clinical-fhir');
    addDatastore(e.state, 'claims-r4', arn);
    addDatastore(e.state, 'sandbox');
    addHealthLakeEvents(e.state, arn, ['Decrypt', 'GenerateDataKey', 'Decrypt', 'DescribeKey']);

    const view = await vscode.commands.executeCommand<KeyReportPanel | undefined>('hlkms.inspectKey', 'alias/clinical-fhir');
    assert.ok(view, 'the command opened a key report');
    const rendered = await waitFor(() => view.rendered, 'the key report webview to render');

    assert.strictEqual(rendered.status, 'broken');
    assert.match(rendered.banner, /Broken/);
    assert.match(rendered.banner, /lacks ReEncryptFrom, ReEncryptTo/);
    assert.match(rendered.banner, /'clinical-notes', 'claims-r4'/);
    assert.strictEqual(rendered.grantChecks, 7, 'seven of the nine operations checked off');
    assert.ok(rendered.sections.some((s) => /^Data stores using this key \(2\)/.test(s)), rendered.sections.join(' | '));
    assert.ok(rendered.sections.some((s) => /HealthLake's KMS calls since .* \(4\)/.test(s)), rendered.sections.join(' | '));
    assert.ok(rendered.sections.some((s) => /HealthLake's grants \(1\).*other grants: 2/.test(s)), rendered.sections.join(' | '));
    assert.ok(view.markdown().includes('| ReEncryptFrom |') || view.markdown().includes('✗'), 'Copy as Markdown has the grant table');
    assert.strictEqual(view.panel.visible, true);

    await screenshot('key-report');

    // A finding's link (what the webview posts on click) opens the live policy at the finding's line.
    const finding = view.inspection.report.policy.findings.find((f) => f.code === 'healthlake-via-service');
    assert.ok(finding, 'the report lists the policy finding');
    await view.handleMessage({ type: 'openPolicy', line: finding.range.start.line, character: finding.range.start.character });
    const editor = await waitFor(() => vscode.window.activeTextEditor?.document.languageId === 'json' && vscode.window.activeTextEditor, 'the live policy editor');
    assert.strictEqual(editor.document.getText(), view.inspection.policyText);
    assert.strictEqual(editor.selection.active.line, finding.range.start.line);
    assert.match(editor.document.lineAt(finding.range.start.line).text, /healthlake\.amazonaws\.com/);
  });

  test('an "Inspect key" code lens sits on KMS key ARNs in JSON documents', async () => {
    const arn = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const doc = await vscode.workspace.openTextDocument({ language: 'json', content: JSON.stringify({ Resources: { Store: { KmsKeyId: arn } } }, null, 2) });
    const lenses = await waitFor(async () => {
      const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
      const ours = (found ?? []).filter((l) => l.command?.command === 'hlkms.inspectKey');
      return ours.length > 0 && ours;
    }, 'the Inspect key code lens');
    assert.strictEqual(lenses.length, 1);
    assert.deepStrictEqual(lenses[0]!.command!.arguments, [arn]);
    assert.strictEqual(lenses[0]!.range.start.line, 3);
  });

  test('Open Live Key Policy opens the policy as a JSON document that is linted', async () => {
    const policy = JSON.parse(healthLakeKeyPolicy());
    policy.Statement[1].Condition.StringEquals['kms:ViaService'] = 'healthlake.amazonaws.com';
    const text = JSON.stringify(policy, null, 2);
    const { arn } = await seedKey(kms!, { policy: text, grantOperations: ALL_NINE });
    const editor = await vscode.commands.executeCommand<vscode.TextEditor | undefined>('hlkms.openLivePolicy', arn);
    assert.ok(editor, 'the policy opened');
    assert.strictEqual(editor.document.languageId, 'json');
    assert.strictEqual(editor.document.getText(), text);
    const diagnostics = await waitFor(() => {
      const found = policyDiagnostics(editor.document.uri);
      return found.length > 0 && found;
    }, 'diagnostics on the live policy');
    assert.ok(diagnostics.some((d) => /"healthlake\.amazonaws\.com"/.test(editor.document.lineAt(d.range.start.line).text)),
      `a finding on the kms:ViaService line: ${diagnostics.map((d) => d.message).join(' | ')}`);
  });
});
