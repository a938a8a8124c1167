/**
 * What the audit commands ask: the Regions (remembered between runs) and, for an organization, the role to
 * assume in each member account (asked once, with an offer to save it in the settings).
 */
import * as vscode from 'vscode';
import { HEALTHLAKE_REGIONS } from '../../../server/src/inspect/auditRegions';
import { connectionOptions, saveOrgAuditRoleName } from '../aws/settings';

const REGIONS_STATE = 'hlkms.audit.regions';

/** A field of the object a caller (a test, another command) passes, when it is a string. */
export const textArg = (arg: unknown, name: string): string | undefined => {
  const value = arg && typeof arg === 'object' ? (arg as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
};

/** `{ regions }` from a caller, or nothing. */
export const regionsOf = (arg: unknown): string[] | undefined => {
  const regions = arg && typeof arg === 'object' ? (arg as { regions?: unknown }).regions : undefined;
  return Array.isArray(regions) && regions.every((r) => typeof r === 'string') && regions.length ? regions as string[] : undefined;
};

export const lastRegions = (context: vscode.ExtensionContext): string[] | undefined => context.globalState.get<string[]>(REGIONS_STATE);
export const rememberRegions = (context: vscode.ExtensionContext, regions: string[]): Thenable<void> => context.globalState.update(REGIONS_STATE, regions);

export async function pickRegions(context: vscode.ExtensionContext, title: string): Promise<string[] | undefined> {
  const last = lastRegions(context) ?? [connectionOptions().region ?? 'us-east-1'];
  const all = [...new Set([...HEALTHLAKE_REGIONS, ...last])];
  const picked = await vscode.window.showQuickPick(all.map((region) => ({
    label: region, picked: last.includes(region),
    description: (HEALTHLAKE_REGIONS as readonly string[]).includes(region) ? undefined : 'HealthLake is not offered here',
  })), { title, placeHolder: 'Regions to audit', canPickMany: true, ignoreFocusOut: true });
  return picked?.length ? picked.map((p) => p.label) : undefined;
}

/** An IAM role name, with an optional path (`audit/HlkmsAudit`). */
const ROLE_NAME = /^([\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;

/** Asks for the role the organization audit assumes; offers (without waiting) to save the answer. */
export async function askRoleName(title: string): Promise<string | undefined> {
  const name = (await vscode.window.showInputBox({
    title, value: 'HlkmsAudit', ignoreFocusOut: true,
    prompt: 'The role to assume in each member account (docs/org-audit-stackset.yaml deploys one named HlkmsAudit)',
    validateInput: (value) => (ROLE_NAME.test(value.trim()) ? undefined : 'An IAM role name: letters, digits and +=,.@_- (at most 64), after an optional path'),
  }))?.trim();
  if (!name) return undefined;
  void vscode.window.showInformationMessage(`Save '${name}' as the organization audit's role (hlkms.aws.orgAudit.roleName)?`, 'Save')
    .then((choice) => (choice === 'Save' ? saveOrgAuditRoleName(name) : undefined));
  return name;
}
