/** The audit as the documented JSON, as text for a terminal, and as Markdown to attach to a ticket or a compliance review. */
import type { AuditedDatastore, AuditResult } from './auditTypes';
import { keyReportJson, renderMarkdown } from './render';
import type { KeyInspection, Problem, VerdictStatus } from './types';

const STATUS = { healthy: 'HEALTHY', 'at-risk': 'AT RISK', broken: 'BROKEN' } as const;
const ENCRYPTION = { AWS_OWNED_KMS_KEY: 'AWS owned key', CUSTOMER_MANAGED_KMS_KEY: 'customer managed key' } as const;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** A key's short name: its first alias, else its key id. */
export const keyLabel = (inspection: KeyInspection): string => inspection.report.key.aliases[0] ?? inspection.report.key.keyId;

/** The keys in the order of the Regions audited, then by ARN (inspections finish in any order). */
export function orderedKeys(result: AuditResult): KeyInspection[] {
  const order = new Map(result.regions.map((r, i) => [r, i]));
  const rank = (i: KeyInspection) => order.get(i.region) ?? result.regions.length;
  return [...result.keys.values()].sort((a, b) => rank(a) - rank(b) || a.report.key.arn.localeCompare(b.report.key.arn));
}

export function auditJson(result: AuditResult) {
  return {
    version: 1,
    datastores: result.datastores.map((d) => ({
      id: d.id, name: d.name, region: d.region, status: d.status, encryption: d.encryption,
      key: (d.keyArn && result.keys.get(d.keyArn)?.report.key) || null,
      verdict: d.verdict,
    })),
    errors: result.errors.map(({ region, message }) => ({ region, message })),
    summary: result.summary,
    keys: orderedKeys(result).map((i) => ({ region: i.region, ...keyReportJson(i.report) })),
  };
}

export function renderAuditJson(result: AuditResult): string {
  return JSON.stringify(auditJson(result), null, 2);
}

/** "2 broken, 1 at risk, 3 healthy" */
export function verdictCounts(v: Record<VerdictStatus, number>): string {
  return [v.broken && `${v.broken} broken`, v['at-risk'] && `${v['at-risk']} at risk`, v.healthy && `${v.healthy} healthy`].filter(Boolean).join(', ') || 'none';
}

function headline(result: AuditResult): string {
  const { summary } = result;
  const failed = summary.regions.failed.length;
  return `${plural(summary.datastores, 'data store')} in ${plural(summary.regions.audited.length, 'Region')}${failed ? ` (${plural(failed, 'Region')} could not be read)` : ''}`;
}

const keyText = (d: AuditedDatastore, result: AuditResult): string => {
  if (d.encryption === 'AWS_OWNED_KMS_KEY') return ENCRYPTION.AWS_OWNED_KMS_KEY;
  const inspection = d.keyArn ? result.keys.get(d.keyArn) : undefined;
  return inspection ? `${keyLabel(inspection)} (${inspection.report.key.state})` : String(d.kmsKeyId);
};

const serious = (problems: Problem[]) => problems.filter((p) => p.severity !== 'info');

export function renderAuditText(result: AuditResult): string {
  const { summary } = result;
  const out: string[] = [`HealthLake encryption audit: ${headline(result)}`];
  out.push(`  ${verdictCounts(result.summary.byVerdict)}; ${summary.byEncryption.CUSTOMER_MANAGED_KMS_KEY} with a customer managed key, ${summary.byEncryption.AWS_OWNED_KMS_KEY} with an AWS owned key; ${plural(summary.keys, 'key')} inspected`, '');
  for (const region of result.regions) {
    const error = result.errors.find((e) => e.region === region);
    if (error) {
      out.push(`${region}: not audited: ${error.message}`, '');
      continue;
    }
    const stores = result.datastores.filter((d) => d.region === region);
    out.push(`${region}: ${plural(stores.length, 'data store')}`);
    for (const d of stores) {
      out.push(`  ${STATUS[d.verdict.status].padEnd(8)} ${d.name || d.id}  ${d.id}  ${d.status}  ${keyText(d, result)}`);
      for (const p of serious(d.verdict.problems)) out.push(`      [${p.severity}] ${p.message} (${p.code})`);
    }
    out.push('');
  }
  const list = (title: string, items: string[]) => { if (items.length) out.push(`${title}:`, ...items.map((i) => `  ${i}`), ''); };
  const names = (ids: string[]) => ids.map((id) => result.datastores.find((d) => d.id === id)?.name || id).join(', ');
  list('Keys shared by several data stores', summary.sharedKeys.map((k) => `${k.arn}: ${names(k.datastores)}`));
  list('Keys pending deletion', summary.keysPendingDeletion.map((k) => `${k.arn}${k.deletionDate ? ` (deletion on ${k.deletionDate.slice(0, 10)})` : ''}: ${names(k.datastores)}`));
  list('Disabled keys', summary.keysDisabled.map((k) => `${k.arn}: ${names(k.datastores)}`));
  list("Data stores whose key has no HealthLake grant", summary.grantMissing.map((id) => names([id])));
  if (summary.deletedSkipped) out.push(`${plural(summary.deletedSkipped, 'deleted data store')} (still listed by HealthLake) not audited.`);
  return out.join('\n').trimEnd();
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderAuditMarkdown(result: AuditResult): string {
  const { summary } = result;
  const out: string[] = ['# HealthLake encryption audit', ''];
  out.push('| | |', '|---|---|');
  if (result.account) out.push(`| Account | ${result.account} |`);
  out.push(`| Regions | ${result.regions.join(', ')} |`, `| Run | ${result.startedAt} to ${result.finishedAt} |`);
  out.push(`| Result | ${headline(result)}: ${verdictCounts(result.summary.byVerdict)} |`);
  out.push(`| CloudTrail | ${result.since ? `HealthLake's KMS calls since ${result.since}` : 'not searched'} |`, '');

  out.push('## Summary', '', '| | Count |', '|---|--:|');
  out.push(`| Broken | ${summary.byVerdict.broken} |`, `| At risk | ${summary.byVerdict['at-risk']} |`, `| Healthy | ${summary.byVerdict.healthy} |`);
  out.push(`| Customer managed key | ${summary.byEncryption.CUSTOMER_MANAGED_KMS_KEY} |`, `| AWS owned key | ${summary.byEncryption.AWS_OWNED_KMS_KEY} |`);
  out.push(`| Keys inspected | ${summary.keys} |`, `| Keys shared by several data stores | ${summary.sharedKeys.length} |`);
  out.push(`| Keys pending deletion | ${summary.keysPendingDeletion.length} |`, `| Disabled keys | ${summary.keysDisabled.length} |`);
  out.push(`| Data stores whose key has no HealthLake grant | ${summary.grantMissing.length} |`);
  if (summary.deletedSkipped) out.push(`| Deleted data stores (not audited) | ${summary.deletedSkipped} |`);
  out.push('');

  if (result.errors.length) {
    out.push('## Regions not audited', '', ...result.errors.map((e) => `- **${e.region}**: ${cell(e.message)}`), '');
  }
  out.push('## Data stores', '');
  if (result.datastores.length) {
    out.push('| Verdict | Region | Data store | Id | Status | Encryption | Key |', '|---|---|---|---|---|---|---|');
    for (const d of result.datastores) {
      const key = d.keyArn ? `\`${d.keyArn}\`` : d.kmsKeyId ? `\`${d.kmsKeyId}\` (not found or not readable)` : '';
      out.push(`| ${STATUS[d.verdict.status]} | ${d.region} | ${cell(d.name)} | \`${d.id}\` | ${d.status} | ${ENCRYPTION[d.encryption]} | ${key} |`);
    }
  } else {
    out.push('No data stores in the Regions audited.');
  }
  out.push('');
  const withProblems = result.datastores.filter((d) => d.verdict.problems.length);
  if (withProblems.length) {
    out.push('## Problems by data store', '');
    for (const d of withProblems) {
      out.push(`### ${cell(d.name || d.id)} (${d.region}): ${STATUS[d.verdict.status]}`, '');
      out.push(...d.verdict.problems.map((p) => `- **${p.severity}** ${p.message} \`${p.code}\``), '');
    }
  }
  const keys = orderedKeys(result);
  if (keys.length) {
    out.push('## Keys', '');
    // Each key's own report, a level down.
    for (const i of keys) out.push(renderMarkdown(i).replace(/^(#{2,5}) /gm, '#$1 ').trimEnd(), '');
  }
  return out.join('\n').trimEnd() + '\n';
}
