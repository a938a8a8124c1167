/** The AWS settings (machine-scoped: a workspace cannot redirect requests or pick credentials). */
import * as vscode from 'vscode';
import type { ConnectionOptions } from '../../../server/src/inspect/index';

export const AWS_SECTION = 'hlkms.aws';

/** A setting of `hlkms.aws`, trimmed; undefined when empty. */
function text(name: string): string | undefined {
  const value = vscode.workspace.getConfiguration(AWS_SECTION).get<string>(name)?.trim();
  return value ? value : undefined;
}

export function connectionOptions(): ConnectionOptions {
  return { profile: text('profile'), region: text('region'), endpointUrl: text('endpointUrl') };
}

/** The organization audit's role in each member account, and the ExternalId its trust policy asks for. */
export function orgAuditSettings(): { roleName: string | undefined; externalId: string | undefined } {
  return { roleName: text('orgAudit.roleName'), externalId: text('orgAudit.externalId') };
}

/** Saves the organization audit's role name in the user's settings (the setting is machine-scoped). */
export async function saveOrgAuditRoleName(roleName: string): Promise<void> {
  await vscode.workspace.getConfiguration(AWS_SECTION).update('orgAudit.roleName', roleName, vscode.ConfigurationTarget.Global);
}

/** "profile 'x' in us-east-1" for messages. */
export function describeConnection(options: ConnectionOptions, region?: string): string {
  const profile = options.profile ?? process.env.AWS_PROFILE;
  return `${profile ? `profile '${profile}'` : 'the default credentials'}${region ?? options.region ? ` in ${region ?? options.region}` : ''}`;
}
