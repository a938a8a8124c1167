/**
 * The HealthLake view's tree as plain data (no `vscode` import): one account's audit, Regions > data stores >
 * key, or an organization's, Accounts > Regions > data stores > key. Each node's item says its label,
 * description, tooltip, icon and whether it opens; auditTree.ts turns items into tree items.
 */
import { keyLabel, verdictCounts } from '../../../server/src/inspect/auditRender';
import type { AuditedDatastore, AuditResult } from '../../../server/src/inspect/auditTypes';
import type { OrgAccount, OrgAuditResult } from '../../../server/src/inspect/orgTypes';
import type { KeyInspection, Problem, VerdictStatus } from '../../../server/src/inspect/types';

export const OPEN_KEY_REPORT = 'hlkms.audit.openKeyReport';

/** What the view shows: the last audit, of one account or of an organization. */
export type ShownAudit = { scope: 'account'; result: AuditResult } | { scope: 'organization'; result: OrgAuditResult };

/** A data store as the view holds it: in an organization's audit, with its account. */
export type ViewDatastore = AuditedDatastore & { account?: string };

export type AuditNode =
  | { kind: 'account'; account: OrgAccount }
  | { kind: 'region'; region: string; account?: string }
  | { kind: 'datastore'; datastore: ViewDatastore }
  | { kind: 'key'; datastore: ViewDatastore };

export interface AuditItem {
  id: string;
  label: string;
  description: string;
  /** Plain text, or Markdown. */
  tooltip: string | { markdown: string };
  /** A codicon and its theme color. */
  icon: { id: string; color?: string };
  collapsible: 'none' | 'collapsed' | 'expanded';
  contextValue: string;
  command?: { command: string; title: string; arguments: unknown[] };
}

const VERDICT_ICON: Record<VerdictStatus, AuditItem['icon']> = {
  healthy: { id: 'pass', color: 'testing.iconPassed' },
  'at-risk': { id: 'warning', color: 'list.warningForeground' },
  broken: { id: 'error', color: 'list.errorForeground' },
};
const VERDICT_TEXT: Record<VerdictStatus, string> = { healthy: 'healthy', 'at-risk': 'at risk', broken: 'broken' };
const ERROR_ICON = VERDICT_ICON.broken;
const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

const worst = (stores: AuditedDatastore[]): VerdictStatus | undefined =>
  stores.some((d) => d.verdict.status === 'broken') ? 'broken' : stores.some((d) => d.verdict.status === 'at-risk') ? 'at-risk' : stores.length ? 'healthy' : undefined;

function counts(stores: AuditedDatastore[]): Record<VerdictStatus, number> {
  const c: Record<VerdictStatus, number> = { healthy: 0, 'at-risk': 0, broken: 0 };
  for (const d of stores) c[d.verdict.status]++;
  return c;
}

const escape = (text: string) => text.replace(/[\\*_[\]<>`]/g, (c) => `\\${c}`);
const problemsMarkdown = (title: string, problems: Problem[]) =>
  ({ markdown: `**${escape(title)}**\n\n${problems.map((p) => `- **${p.severity}** ${escape(p.message)}\n`).join('')}` });
const storesText = (stores: AuditedDatastore[]) => stores.length ? `${plural(stores.length, 'data store')}: ${verdictCounts(counts(stores))}` : 'no data stores';

/** The tree of one audit: its nodes, their parents and their items. */
export class AuditTreeModel {
  constructor(readonly shown: ShownAudit) {}

  private get datastores(): ViewDatastore[] {
    return this.shown.result.datastores;
  }

  /** The errors of an account (all of them when `region` is undefined; the account-wide ones when null). */
  private errors(account: string | undefined, region?: string | null): { region: string | null; message: string }[] {
    const { shown } = this;
    if (shown.scope === 'account') return shown.result.errors.filter((e) => region === undefined || e.region === region);
    return shown.result.errors.filter((e) => e.account === account && (region === undefined || e.region === region));
  }

  private storesIn(account: string | undefined, region?: string): ViewDatastore[] {
    return this.datastores.filter((d) => d.account === account && (region === undefined || d.region === region));
  }

  /** The Regions of an account that were read (those with an error aside). */
  private readIn(account: OrgAccount): Set<string> {
    return new Set([...(account.summary?.regions.audited ?? []), ...this.storesIn(account.id).map((d) => d.region)]);
  }

  /**
   * An account's Regions, in the order asked for: those read, those with an error, and, when the audit was
   * cancelled in the middle of the account, those it did not reach.
   */
  private regionsOf(account: OrgAccount): string[] {
    const found = new Set([...this.readIn(account), ...this.errors(account.id).flatMap((e) => (e.region ? [e.region] : []))]);
    if (this.shown.scope === 'organization' && this.shown.result.cancelled && account.audited) for (const r of account.regions) found.add(r);
    const asked = this.shown.result.regions;
    const rank = (r: string) => (asked.includes(r) ? asked.indexOf(r) : asked.length);
    return [...found].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  }

  children(node?: AuditNode): AuditNode[] {
    const { shown } = this;
    if (!node) {
      return shown.scope === 'organization'
        ? shown.result.accounts.map((account) => ({ kind: 'account', account }))
        : shown.result.regions.map((region) => ({ kind: 'region', region }));
    }
    if (node.kind === 'account') return this.regionsOf(node.account).map((region) => ({ kind: 'region', region, account: node.account.id }));
    if (node.kind === 'region') return this.storesIn(node.account, node.region).map((datastore) => ({ kind: 'datastore', datastore }));
    if (node.kind === 'datastore') return [{ kind: 'key', datastore: node.datastore }];
    return [];
  }

  parent(node: AuditNode): AuditNode | undefined {
    if (node.kind === 'account') return undefined;
    if (node.kind === 'region') {
      const account = this.shown.scope === 'organization' ? this.shown.result.accounts.find((a) => a.id === node.account) : undefined;
      return account && { kind: 'account', account };
    }
    if (node.kind === 'datastore') return { kind: 'region', region: node.datastore.region, account: node.datastore.account };
    return { kind: 'datastore', datastore: node.datastore };
  }

  item(node: AuditNode): AuditItem {
    if (node.kind === 'account') return this.accountItem(node.account);
    if (node.kind === 'region') return this.regionItem(node.region, node.account);
    if (node.kind === 'datastore') return this.datastoreItem(node.datastore);
    return this.keyItem(node.datastore);
  }

  private accountItem(account: OrgAccount): AuditItem {
    const stores = this.storesIn(account.id);
    const errors = this.errors(account.id);
    const status = worst(stores);
    const regions = this.regionsOf(account);
    const base = {
      id: `account:${account.id}`, label: account.name || account.id, contextValue: 'hlkms.audit.account',
      collapsible: !regions.length ? 'none' as const : status === 'broken' || status === 'at-risk' || errors.length ? 'expanded' as const : 'collapsed' as const,
    };
    const title = `${account.name ? `${account.name} (${account.id})` : account.id}, ${account.status}`;
    const errorText = [...errors.map((e) => `${e.region ? `${e.region}: ` : ''}${e.message}`), ...account.notes].join('\n\n');
    if (!account.audited) {
      const reason = account.skipped ?? 'not audited';
      return errors.length
        ? { ...base, description: `${account.id} · not audited: ${reason}`, icon: ERROR_ICON, tooltip: `${title}: not audited.\n\n${errorText}` }
        : { ...base, description: `${account.id} · ${account.status === 'ACTIVE' ? reason : account.status}`, icon: { id: 'circle-slash' }, tooltip: `${title}: not audited: ${reason}` };
    }
    const description = `${account.id} · ${storesText(stores)}${errors.length ? ` · ${plural(errors.length, 'error')}` : ''}`;
    // A broken data store first; then what could not be read; then the verdicts.
    const icon = status === 'broken' ? VERDICT_ICON.broken : errors.length ? VERDICT_ICON['at-risk'] : status ? VERDICT_ICON[status] : { id: 'account' };
    const read = account.summary?.regions.audited ?? [];
    const audited = `${title}: ${storesText(stores)} in ${plural(read.length, 'Region')} (${read.join(', ') || 'none'})`;
    return { ...base, description, icon, tooltip: errorText ? `${audited}.\n\n${errorText}` : audited };
  }

  private regionItem(region: string, account: string | undefined): AuditItem {
    const stores = this.storesIn(account, region);
    const error = this.errors(account, region)[0];
    const base = { id: `region:${account ? `${account}:` : ''}${region}`, label: region, contextValue: 'hlkms.audit.region' };
    if (error) return { ...base, collapsible: stores.length ? 'expanded' : 'none', description: 'not audited', tooltip: error.message, icon: { id: 'circle-slash', color: ERROR_ICON.color } };
    const org = this.shown.scope === 'organization' ? this.shown.result : undefined;
    const owner = org?.accounts.find((a) => a.id === account);
    if (owner && !stores.length && !this.readIn(owner).has(region)) {
      return { ...base, collapsible: 'none', description: 'not reached', tooltip: `${region}: the audit was cancelled before it read this Region.`, icon: { id: 'circle-slash' } };
    }
    const status = worst(stores);
    return {
      ...base, collapsible: stores.length ? 'expanded' : 'none', description: storesText(stores), tooltip: `${region}: ${storesText(stores)}`,
      icon: status ? VERDICT_ICON[status] : { id: 'globe' },
    };
  }

  private datastoreItem(d: ViewDatastore): AuditItem {
    const where = `${d.account ? `${d.account}, ` : ''}${d.region}`;
    return {
      id: `datastore:${d.account ? `${d.account}:` : ''}${d.region}:${d.id}`, label: d.name || d.id, collapsible: 'collapsed', contextValue: 'hlkms.audit.datastore',
      description: `${VERDICT_TEXT[d.verdict.status]} · ${d.status}`, icon: VERDICT_ICON[d.verdict.status],
      tooltip: problemsMarkdown(`${d.name || d.id} (${d.id}), ${where}: ${VERDICT_TEXT[d.verdict.status]}`, d.verdict.problems),
    };
  }

  private keyItem(d: ViewDatastore): AuditItem {
    const id = `key:${d.account ? `${d.account}:` : ''}${d.region}:${d.id}`;
    if (d.encryption === 'AWS_OWNED_KMS_KEY') {
      return {
        id, label: 'AWS owned key', description: 'nothing to check', collapsible: 'none', contextValue: 'hlkms.audit.awsOwnedKey',
        icon: { id: 'lock' }, tooltip: d.verdict.problems.map((p) => p.message).join('\n'),
      };
    }
    const inspection: KeyInspection | undefined = d.keyArn ? this.shown.result.keys.get(d.keyArn) : undefined;
    const base = {
      id, collapsible: 'none' as const, icon: VERDICT_ICON[d.verdict.status],
      tooltip: problemsMarkdown(inspection ? inspection.report.key.arn : String(d.kmsKeyId), d.verdict.problems),
    };
    if (!inspection) {
      const missing = d.verdict.problems[0]?.code === 'datastore-key-not-found' ? 'not found' : 'not inspected';
      return { ...base, label: String(d.kmsKeyId), description: missing, contextValue: 'hlkms.audit.missingKey' };
    }
    return {
      ...base, label: keyLabel(inspection), description: `${inspection.report.key.state} · ${VERDICT_TEXT[d.verdict.status]}`, contextValue: 'hlkms.audit.key',
      command: { command: OPEN_KEY_REPORT, title: 'Open Key Report', arguments: [inspection.report.key.arn] },
    };
  }
}
