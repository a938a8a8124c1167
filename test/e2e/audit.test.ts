/**
 * The HealthLake view in a real editor: the audit against the KMS emulator (two Regions) and the HealthLake
 * stand-in (a third Region denied), its tree of Regions > data stores > key with verdict icons, opening a
 * key's report from the tree, and Copy Audit as Markdown.
 */
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import type { AuditRun } from '../../client/src/commands/audit';
import type { AuditNode } from '../../client/src/views/auditTree';
import type { KeyReportPanel } from '../../client/src/views/keyReportPanel';
import { startEmulators, type Emulators } from '../aws/emulators';
import { regionClients, seedAudit, type AuditSetup } from '../aws/auditFixture';
import { activateExtension, screenshot, waitFor } from './helpers';

const iconOf = (item: vscode.TreeItem) => (item.iconPath instanceof vscode.ThemeIcon ? item.iconPath.id : String(item.iconPath));

suite('HealthLake audit view', () => {
  let emu: Emulators | undefined;
  let setup: AuditSetup;

  suiteSetup(async function () {
    this.timeout(90_000);
    await activateExtension();
    emu = await startEmulators();
    emu.applyEnv();
    const kms = regionClients(emu);
    try {
      setup = await seedAudit(emu, kms, 'e2e');
    } finally {
      kms.destroy();
    }
    emu.state.deniedRegions.add('eu-west-1');
  });

  suiteTeardown(async () => {
    await emu?.stop();
  });

  test('Regions > data stores > key, each with its verdict icon; a key opens its key report', async () => {
    const run = await vscode.commands.executeCommand<AuditRun | undefined>('hlkms.audit.run', { regions: ['us-east-1', 'us-west-2', 'eu-west-1'] });
    assert.ok(run, 'the audit ran');
    const { tree } = run;
    const item = (node: AuditNode) => tree.getTreeItem(node);
    const label = (node: AuditNode) => String(item(node).label);

    const regions = tree.getChildren();
    assert.deepStrictEqual(regions.map(label), ['us-east-1', 'us-west-2', 'eu-west-1']);
    const denied = item(regions[2]!);
    assert.strictEqual(denied.description, 'not audited');
    assert.strictEqual(iconOf(denied), 'circle-slash');
    assert.match(String(denied.tooltip), /lack healthlake:ListFHIRDatastores/);
    assert.strictEqual(iconOf(item(regions[0]!)), 'error', 'a Region with a broken data store shows it');
    assert.strictEqual(iconOf(item(regions[1]!)), 'pass');

    const east = tree.getChildren(regions[0]);
    assert.deepStrictEqual(east.map((n) => `${label(n)} ${iconOf(item(n))}`),
      ['claims pass', 'clinical-notes pass', 'imaging error', 'lab-results error', 'sandbox pass']);
    const keyOf = (name: string) => tree.getChildren(east.find((n) => label(n) === name))[0]!;

    const shared = item(keyOf('clinical-notes'));
    assert.strictEqual(shared.label, 'alias/e2e-shared');
    assert.strictEqual(shared.description, 'Enabled · healthy');
    assert.strictEqual(iconOf(shared), 'pass');
    const owned = item(keyOf('sandbox'));
    assert.strictEqual(owned.label, 'AWS owned key');
    assert.strictEqual(iconOf(owned), 'lock');
    assert.strictEqual(owned.command, undefined);

    const disabled = item(keyOf('lab-results'));
    assert.strictEqual(disabled.description, 'Disabled · broken');
    assert.strictEqual(iconOf(disabled), 'error');
    assert.deepStrictEqual(disabled.command?.arguments, [setup.disabled]);

    await run.view.reveal(keyOf('lab-results'), { select: true, focus: true, expand: true });
    await screenshot('audit-view');

    // Selecting the key runs its command: the key report of Inspect Key….
    const panel = await vscode.commands.executeCommand<KeyReportPanel | undefined>(disabled.command!.command, ...disabled.command!.arguments!);
    assert.ok(panel, 'the key report opened');
    const rendered = await waitFor(() => panel.rendered, 'the key report webview to render');
    assert.strictEqual(rendered.status, 'broken');
    assert.match(rendered.banner, /disabled/i);
    assert.strictEqual(panel.inspection.report.key.arn, setup.disabled);
  });

  test('Copy Audit as Markdown copies the audit artefact', async () => {
    const markdown = await vscode.commands.executeCommand<string | undefined>('hlkms.audit.copyMarkdown');
    assert.ok(markdown, 'there was an audit to copy');
    assert.match(markdown, /^# HealthLake encryption audit\n/);
    assert.match(markdown, /\| BROKEN \| us-east-1 \| lab-results \|/);
    assert.match(markdown, /- \*\*eu-west-1\*\*: Access denied/);
  });
});
