/** The key report as text (to paste into a ticket), Markdown ("Copy as Markdown") and the documented JSON. */
import type { KeyInspection, KeyReport, Problem } from './types';
import { HEALTHLAKE_GRANT_OPERATIONS } from './types';

/** The documented JSON object of a key report (also each entry of the audit's `keys`). */
export function keyReportJson(report: KeyReport): Pick<KeyReport, keyof KeyReport> {
  const { key, grants, datastores, policy, events, notes, verdict } = report;
  return { key, grants, datastores, policy, events, notes, verdict };
}

export function renderJson(report: KeyReport): string {
  return JSON.stringify(keyReportJson(report), null, 2);
}

const STATUS = { healthy: 'HEALTHY', 'at-risk': 'AT RISK', broken: 'BROKEN' } as const;
const yesNo = (v: boolean | null, none = 'unknown') => (v === null ? none : v ? 'on' : 'off');
const tagText = (tags: Record<string, string>) => Object.entries(tags).map(([k, v]) => `${k}=${v}`).join(', ') || '(none)';
const problemLine = (p: Problem) => `[${p.severity}] ${p.message} (${p.code})`;

const NOT_CHECKED = 'not checked (see "Not checked")';

export function renderText({ report, region, since, checked }: KeyInspection): string {
  const { key, grants, datastores, policy, events, notes, verdict } = report;
  const out: string[] = [];
  out.push(`HealthLake KMS key report: ${STATUS[verdict.status]}`, '');
  out.push(`Key:        ${key.arn}`);
  out.push(`Aliases:    ${key.aliases.join(', ') || '(none)'}`);
  out.push(`State:      ${key.state}${key.deletionDate ? ` (deletion on ${key.deletionDate})` : ''}`);
  out.push(`Type:       ${key.keySpec ?? 'spec not reported'} / ${key.keyUsage ?? 'usage not reported'}, ${key.keyManager ?? 'unknown'} managed${key.multiRegion ? ', multi-Region' : ''}`);
  out.push(`Rotation:   ${yesNo(key.rotationEnabled, 'not applicable or unknown')}`);
  out.push(`Tags:       ${tagText(key.tags)}`);
  out.push(`Region:     ${region}`, '');

  out.push(verdict.problems.length ? 'Problems:' : 'Problems: none');
  for (const p of verdict.problems) out.push(`  ${problemLine(p)}`);
  out.push('');

  out.push(checked.grants ? `HealthLake grants: ${grants.healthlake.length} (other grants: ${grants.otherCount})` : `HealthLake grants: ${NOT_CHECKED}`);
  for (const g of grants.healthlake) {
    out.push(`  ${g.grantId}  ${g.granteePrincipal}  ${HEALTHLAKE_GRANT_OPERATIONS.length - g.missingOperations.length}/${HEALTHLAKE_GRANT_OPERATIONS.length} operations${g.constraints ? ', with constraints' : ''}`);
    if (g.missingOperations.length) out.push(`    missing: ${g.missingOperations.join(', ')}`);
  }
  out.push('');

  out.push(`Data stores using this key: ${checked.datastores ? datastores.length : NOT_CHECKED}`);
  for (const d of datastores) out.push(`  ${d.id}  ${d.name}  ${d.status}  (${d.kmsKeyId})`);
  out.push('');

  out.push(`HealthLake KMS calls since ${since.slice(0, 10)}: ${checked.events ? events.length : NOT_CHECKED}`);
  for (const e of events.slice(0, 20)) out.push(`  ${e.time}  ${e.eventName}  ${e.username}`);
  if (events.length > 20) out.push(`  ... and ${events.length - 20} more`);
  out.push('');

  out.push(`Key policy findings: ${policy.findings.length}`);
  for (const f of policy.findings) out.push(`  ${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${f.message} [${f.code}]`);
  if (notes.length) {
    out.push('', 'Not checked:');
    for (const n of notes) out.push(`  - ${n}`);
  }
  return out.join('\n');
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderMarkdown({ report, region, since, checked }: KeyInspection): string {
  const { key, grants, datastores, policy, events, notes, verdict } = report;
  const out: string[] = [];
  out.push(`## HealthLake KMS key report: ${STATUS[verdict.status]}`, '');
  out.push('| | |', '|---|---|');
  out.push(`| Key | \`${key.arn}\` |`, `| Aliases | ${key.aliases.map((a) => `\`${a}\``).join(', ') || '(none)'} |`);
  out.push(`| State | ${key.state}${key.deletionDate ? ` (deletion on ${key.deletionDate})` : ''} |`);
  out.push(`| Type | ${key.keySpec ?? 'spec not reported'} / ${key.keyUsage ?? 'usage not reported'}, ${key.keyManager ?? 'unknown'} managed${key.multiRegion ? ', multi-Region' : ''} |`);
  out.push(`| Rotation | ${yesNo(key.rotationEnabled, 'n/a')} |`, `| Tags | ${cell(tagText(key.tags))} |`, `| Region | ${region} |`, '');
  out.push('### Problems', '');
  out.push(...(verdict.problems.length ? verdict.problems.map((p) => `- **${p.severity}** ${p.message} \`${p.code}\``) : ['None.']), '');
  out.push(checked.grants ? `### HealthLake grants (${grants.healthlake.length}; other grants: ${grants.otherCount})` : `### HealthLake grants: ${NOT_CHECKED}`, '');
  if (grants.healthlake.length) {
    out.push(`| Grant | Grantee | ${HEALTHLAKE_GRANT_OPERATIONS.join(' | ')} | Constraints |`);
    out.push(`|---|---|${HEALTHLAKE_GRANT_OPERATIONS.map(() => ':-:').join('|')}|---|`);
    for (const g of grants.healthlake) {
      out.push(`| ${g.grantId} | ${g.granteePrincipal} | ${HEALTHLAKE_GRANT_OPERATIONS.map((op) => (g.missingOperations.includes(op) ? '✗' : '✓')).join(' | ')} | ${g.constraints ? cell(JSON.stringify(g.constraints)) : 'none'} |`);
    }
    out.push('');
  }
  out.push(`### Data stores using this key (${checked.datastores ? datastores.length : NOT_CHECKED})`, '');
  if (datastores.length) {
    out.push('| Id | Name | Status | KmsKeyId |', '|---|---|---|---|');
    for (const d of datastores) out.push(`| ${d.id} | ${cell(d.name)} | ${d.status} | \`${d.kmsKeyId}\` |`);
    out.push('');
  }
  out.push(`### HealthLake KMS calls since ${since.slice(0, 10)} (${checked.events ? events.length : NOT_CHECKED})`, '');
  if (events.length) {
    out.push('| Time | Call | Caller |', '|---|---|---|');
    for (const e of events.slice(0, 50)) out.push(`| ${e.time} | ${e.eventName} | ${cell(e.username)} |`);
    out.push('');
  }
  out.push(`### Key policy findings (${policy.findings.length})`, '');
  for (const f of policy.findings) out.push(`- line ${f.range.start.line + 1}: **${f.severity}** ${f.message} \`${f.code}\``);
  if (notes.length) out.push('', '### Not checked', '', ...notes.map((n) => `- ${n}`));
  return out.join('\n') + '\n';
}
