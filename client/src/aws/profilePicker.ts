/** "Select AWS Profile…": a quick pick over the shared config files; the choice is a user (machine) setting. */
import * as vscode from 'vscode';
import { AWS_SECTION } from './settings';
import { listProfiles, sharedFilePaths } from './profiles';

export async function pickProfile(): Promise<string | undefined> {
  const profiles = await listProfiles();
  const current = vscode.workspace.getConfiguration(AWS_SECTION).get<string>('profile') ?? '';
  const items: (vscode.QuickPickItem & { profile: string })[] = [
    { label: '$(cloud) SDK default', description: 'AWS_PROFILE or the default credential chain', profile: '', picked: current === '' },
    ...profiles.map((p) => ({ label: p.name, description: p.sources.join(' + '), profile: p.name, picked: p.name === current })),
  ];
  if (profiles.length === 0) {
    const { config } = sharedFilePaths();
    items.push({ label: 'No profiles found', detail: `Nothing in ${config} or the credentials file. Run \`aws configure sso\` or \`aws configure\` to add one.`, profile: '' });
  }
  const choice = await vscode.window.showQuickPick(items, { title: 'AWS profile for HealthLake KMS', placeHolder: current ? `Current: ${current}` : 'Current: SDK default' });
  if (!choice) return undefined;
  await vscode.workspace.getConfiguration(AWS_SECTION).update('profile', choice.profile || undefined, vscode.ConfigurationTarget.Global);
  return choice.profile;
}
