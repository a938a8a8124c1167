/**
 * The organization audit as JSON (the one-account audit's shape, with `account` on every data store and error,
 * plus `accounts` and the organization's summary), as text for a terminal, and as Markdown for a compliance
 * review: the organization's summary table, then each account's section as `hlkms audit` renders one account.
 */
import { auditJson, renderAuditMarkdown, renderAuditText, verdictCounts } from './auditRender';
import type { AuditResult, RegionError } from './auditTypes';
import type { OrgAccount, OrgAuditResult } from './orgTypes';
import type { KeyInspection } from './types';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const label = (a: OrgAccount) => (a.name ? `${a.name} (${a.id})` : a.id);

/** One account's part of the result, as the one-account audit reports it. */
export function accountAudit(result: OrgAuditResult, account: OrgAccount): AuditResult {
  const datastores = result.datastores.filter((d) => d.account === account.id).map(({ account: _, ...d }) => d);
  const used = new Set(datastores.map((d) => d.keyArn).filter(Boolean));
  const keys = new Map<string, KeyInspection>([...result.keys].filter(([arn]) => used.has(arn)));
  const errors = result.errors.filter((e): e is typeof e & { region: string } => e.account === account.id && e.region !== null && account.regions.includes(e.region))
    .map(({ region, kind, message }): RegionError => ({ region, kind: kind as RegionError['kind'], message }));
  return {
    regions: account.regions, datastores, keys, errors, summary: account.summary!, startedAt: result.startedAt, finishedAt: result.finishedAt,
    since: result.since, account: account.id,
  };
}

export function orgAuditJson(result: OrgAuditResult) {
  const audited = new Map(result.accounts.filter((a) => a.audited).map((a) => [a.id, auditJson(accountAudit(result, a))]));
  return {
    version: 1,
    regions: result.regions,
    datastores: result.accounts.flatMap((a) => (audited.get(a.id)?.datastores ?? []).map((d) => ({ account: a.id, ...d }))),
    errors: result.errors.map(({ account, region, kind, message }) => ({ account, region, kind, message })),
    accounts: result.accounts.map(({ id, name, status, audited: done, skipped, regions, notes, summary }) => ({ id, name, status, audited: done, skipped, regions, notes, summary })),
    summary: result.summary,
    keys: result.accounts.flatMap((a) => (audited.get(a.id)?.keys ?? []).map((k) => ({ account: a.id, ...k }))),
    cancelled: result.cancelled,
    stopped: result.stopped,
  };
}

export function renderOrgAuditJson(result: OrgAuditResult): string {
  return JSON.stringify(orgAuditJson(result), null, 2);
}

function headline(result: OrgAuditResult): string {
  const { summary } = result;
  const a = summary.accounts;
  return `${plural(summary.datastores, 'data store')} in ${plural(a.audited, 'account')} audited of ${a.total}`
    + `${a.failed ? `, ${plural(a.failed, 'account')} could not be audited` : ''}${a.skipped ? `, ${a.skipped} skipped` : ''}`;
}

/** Account-wide errors (the role), and Regions the account's own audit does not list (not enabled). */
const accountErrors = (result: OrgAuditResult, account: OrgAccount) =>
  result.errors.filter((e) => e.account === account.id && (e.region === null || !account.regions.includes(e.region)));

export function renderOrgAuditText(result: OrgAuditResult): string {
  const { summary } = result;
  const out = [`HealthLake encryption audit of the organization: ${headline(result)}${result.cancelled ? ' (cancelled: what was audited before)' : ''}`];
  if (result.stopped) out.push(`  Stopped before every account was audited: ${result.stopped}`);
  out.push(`  ${verdictCounts(summary.byVerdict)}; ${summary.byEncryption.CUSTOMER_MANAGED_KMS_KEY} with a customer managed key, ${summary.byEncryption.AWS_OWNED_KMS_KEY} with an AWS owned key; ${plural(summary.keys, 'key')} inspected`, '');
  for (const account of result.accounts) {
    if (!account.audited) continue;
    out.push(`=== Account ${label(account)} ===`);
    for (const note of account.notes) out.push(`  Note: ${note}`);
    for (const e of accountErrors(result, account)) out.push(`  ${e.region ?? 'account'}: not audited: ${e.message}`);
    out.push(renderAuditText(accountAudit(result, account)).replace(/^HealthLake encryption audit: /, ''), '');
  }
  const notAudited = result.accounts.filter((a) => !a.audited);
  if (notAudited.length) {
    out.push('Accounts not audited:');
    for (const a of notAudited) {
      out.push(`  ${label(a)} ${a.status}: ${a.skipped ?? ''}`);
      for (const e of accountErrors(result, a)) out.push(`      ${e.message}`);
    }
  }
  return out.join('\n').trimEnd();
}

export function renderOrgAuditMarkdown(result: OrgAuditResult): string {
  const { summary } = result;
  const out = ['# HealthLake encryption audit of the organization', ''];
  out.push('| | |', '|---|---|', `| Regions | ${result.regions.join(', ')} |`, `| Run | ${result.startedAt} to ${result.finishedAt}${result.cancelled ? ' (cancelled)' : ''}${result.stopped ? ` (stopped: ${cell(result.stopped)})` : ''} |`);
  out.push(`| Result | ${headline(result)}: ${verdictCounts(summary.byVerdict)} |`);
  out.push(`| CloudTrail | ${result.since ? `HealthLake's KMS calls since ${result.since}` : 'not searched'} |`, `| Keys inspected | ${summary.keys} |`, '');

  out.push('## Accounts', '', '| Account | Status | Audited | Regions | Broken | At risk | Healthy | Customer managed key | AWS owned key |', '|---|---|---|---|--:|--:|--:|--:|--:|');
  for (const a of result.accounts) {
    const s = a.summary;
    const regions = s ? `${s.regions.audited.join(', ')}${s.regions.failed.length ? ` (not read: ${s.regions.failed.join(', ')})` : ''}` : a.regions.join(', ');
    out.push(`| ${cell(label(a))} | ${a.status} | ${a.audited ? 'yes' : `no: ${cell(a.skipped ?? '')}`} | ${regions} | ${s?.byVerdict.broken ?? ''} | ${s?.byVerdict['at-risk'] ?? ''} | ${s?.byVerdict.healthy ?? ''} | ${s?.byEncryption.CUSTOMER_MANAGED_KMS_KEY ?? ''} | ${s?.byEncryption.AWS_OWNED_KMS_KEY ?? ''} |`);
  }
  out.push(`| **Organization** | | ${summary.accounts.audited} of ${summary.accounts.total} | | ${summary.byVerdict.broken} | ${summary.byVerdict['at-risk']} | ${summary.byVerdict.healthy} | ${summary.byEncryption.CUSTOMER_MANAGED_KMS_KEY} | ${summary.byEncryption.AWS_OWNED_KMS_KEY} |`, '');
  const notAudited = result.accounts.filter((a) => !a.audited);
  if (notAudited.length || result.errors.some((e) => e.region === null)) {
    out.push('## Accounts not audited', '');
    for (const a of notAudited) {
      out.push(`- **${cell(label(a))}** (${a.status}): ${cell(a.skipped ?? '')}`);
      for (const e of accountErrors(result, a)) out.push(`  - ${cell(e.message)}`);
    }
    out.push('');
  }
  for (const account of result.accounts.filter((a) => a.audited)) {
    // The account's own report, a level down, under the account's name.
    const body = renderAuditMarkdown(accountAudit(result, account)).replace(/^# HealthLake encryption audit\n/, '').replace(/^(#{1,5}) /gm, '#$1 ');
    out.push(`## Account ${cell(label(account))}`, '');
    for (const note of account.notes) out.push(`> ${cell(note)}`, '');
    const extra = accountErrors(result, account);
    if (extra.length) out.push(...extra.map((e) => `- **${e.region ?? 'account'}**: ${cell(e.message)}`), '');
    out.push(body.trim(), '');
  }
  return out.join('\n').trimEnd() + '\n';
}
