/**
 * The HealthLake view's organization audit in a real editor, against moto's Organizations and STS (behind the
 * front that refuses one account's role and pages) and the HealthLake stand-in answering per account: the role
 * from the setting, the tree of Accounts > Regions > data stores > key, a suspended account, the account whose
 * role cannot be assumed (its error on its node), a Region an SCP denies, a key's report from the audit, and
 * Copy Audit as Markdown of the organization.
 */
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import type { OrgAuditRun } from '../../client/src/commands/audit';
import type { AuditNode } from '../../client/src/views/auditTree';
import type { KeyReportPanel } from '../../client/src/views/keyReportPanel';
import { ACCOUNT } from '../aws/emulators';
import { EAST, ROLE, startOrg, WEST, type OrgSetup } from '../aws/orgFixture';
import { activateExtension, screenshot, waitFor } from './helpers';

const iconOf = (item: vscode.TreeItem) => (item.iconPath instanceof vscode.ThemeIcon ? item.iconPath.id : String(item.iconPath));
const tooltipOf = (item: vscode.TreeItem) => (item.tooltip instanceof vscode.MarkdownString ? item.tooltip.value : String(item.tooltip ?? ''));

suite('HealthLake audit view: an organization', () => {
  let org: OrgSetup | undefined;
  const saved = { ...process.env };
  const settings = () => vscode.workspace.getConfiguration('hlkms.aws');

  suiteSetup(async function () {
    this.timeout(120_000);
    await activateExtension();
    org = await startOrg();
    for (const name of Object.keys(process.env)) if (name.startsWith('AWS_')) delete process.env[name];
    Object.assign(process.env, org.env);
    await settings().update('orgAudit.roleName', ROLE, vscode.ConfigurationTarget.Global);
  });

  suiteTeardown(async () => {
    await settings().update('orgAudit.roleName', undefined, vscode.ConfigurationTarget.Global);
    for (const name of Object.keys(process.env)) if (name.startsWith('AWS_')) delete process.env[name];
    Object.assign(process.env, saved);
    await org?.stop();
  });

  test('Accounts > Regions > data stores > key: a suspended account, an account whose role cannot be assumed, a Region an SCP denies', async function () {
    this.timeout(120_000);
    const { clinical, retired, partner } = org!.accounts;
    // The role comes from the setting: only the Regions are given.
    const run = await vscode.commands.executeCommand<OrgAuditRun | undefined>('hlkms.audit.runOrganization', { regions: [EAST, WEST] });
    assert.ok(run, 'the audit ran');
    const { tree } = run;
    const item = (node: AuditNode) => tree.getTreeItem(node);
    const label = (node: AuditNode) => String(item(node).label);
    const accounts = tree.getChildren();
    const byName = (name: string) => accounts.find((n) => label(n) === name)!;

    // Every account of the organization, the management account (audited with the caller's credentials) too.
    assert.deepStrictEqual(accounts.map((n) => item(n).id).sort(), [...Object.values(org!.accounts), ACCOUNT].map((id) => `account:${id}`).sort());

    const suspended = item(byName('retired'));
    assert.strictEqual(suspended.description, `${retired} · SUSPENDED`);
    assert.strictEqual(iconOf(suspended), 'circle-slash');
    assert.deepStrictEqual(tree.getChildren(byName('retired')), []);

    const refused = item(byName('partner'));
    assert.strictEqual(refused.description, `${partner} · not audited: its role could not be assumed`);
    assert.strictEqual(iconOf(refused), 'error');
    assert.match(tooltipOf(refused), new RegExp(`arn:aws:iam::${partner}:role/${ROLE}`));
    assert.match(tooltipOf(refused), /"Action":"sts:AssumeRole"/, 'the trust policy it needs');

    const clinicalNode = byName('clinical');
    assert.strictEqual(iconOf(item(clinicalNode)), 'error', 'a broken data store in the account shows on it');
    assert.strictEqual(item(clinicalNode).description, `${clinical} · 4 data stores: 1 broken, 3 healthy`);
    const regions = tree.getChildren(clinicalNode);
    assert.deepStrictEqual(regions.map((n) => `${label(n)} ${iconOf(item(n))}`), [`${EAST} pass`, `${WEST} error`]);
    const east = tree.getChildren(regions[0]);
    assert.deepStrictEqual(east.map(label), ['clinical-claims', 'clinical-notes', 'clinical-sandbox']);
    const sharedKey = item(tree.getChildren(east[1])[0]!);
    assert.strictEqual(sharedKey.label, 'alias/clinical');
    assert.strictEqual(sharedKey.description, 'Enabled · healthy');
    const disabledKey = item(tree.getChildren(tree.getChildren(regions[1])[0])[0]!);
    assert.strictEqual(disabledKey.description, 'Disabled · broken');
    assert.deepStrictEqual(disabledKey.command?.arguments, [org!.keys.disabled]);

    const researchNode = byName('research');
    assert.strictEqual(iconOf(item(researchNode)), 'warning', 'an account with a Region that could not be read');
    const denied = tree.getChildren(researchNode).find((n) => label(n) === WEST)!;
    assert.strictEqual(item(denied).description, 'not audited');
    assert.match(tooltipOf(item(denied)), /service control policy/);
    assert.match(tooltipOf(item(researchNode)), /service control policy/, 'the account\'s errors on its node');
    assert.match(String(run.view.message), /in 4 of 6 accounts: 1 broken, 6 healthy; 2 accounts not audited/);

    await run.view.reveal(tree.getChildren(tree.getChildren(regions[1])[0])[0]!, { select: true, focus: true, expand: true });
    await screenshot('org-audit-view');

    // The key's report, as the audit read it through the account's role.
    const panel = await vscode.commands.executeCommand<KeyReportPanel | undefined>(disabledKey.command!.command, ...disabledKey.command!.arguments!);
    assert.ok(panel, 'the key report opened');
    const rendered = await waitFor(() => panel.rendered, 'the key report webview to render');
    assert.strictEqual(rendered.status, 'broken');
    assert.strictEqual(panel.inspection.report.key.arn, org!.keys.disabled);
  });

  test('Copy Audit as Markdown copies the organization\'s report', async () => {
    const markdown = await vscode.commands.executeCommand<string | undefined>('hlkms.audit.copyMarkdown');
    assert.ok(markdown, 'there was an audit to copy');
    assert.match(markdown, /^# HealthLake encryption audit of the organization\n/);
    assert.match(markdown, new RegExp(`\\| retired \\(${org!.accounts.retired}\\) \\| SUSPENDED \\| no: `));
    assert.match(markdown, new RegExp(`## Account clinical \\(${org!.accounts.clinical}\\)`));
  });
});
