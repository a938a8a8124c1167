/** A diff for people (text, a pull-request comment in markdown) and for machines (JSON, version 1). */
import type { Catalog } from '../catalog';
import { displayValue } from '../symbolic';
import { CAPABILITY_LEGEND } from '../healthlake/capability';
import { gained, lost } from './diff';
import type { FileDiff } from './file';
import { andList, capabilityPhrases, hasChanges, isRisky, labelOf, risks, summarize, type Risks } from './summary';
import type { ConditionChange, PolicyDiff } from './types';

/** The documented JSON shape of one policy's diff, keys in this order. */
export function diffJson(diff: PolicyDiff) {
  return {
    version: 1 as const,
    changes: diff.changes.map((c) => ({ principal: displayValue(c.principal), action: c.action, before: c.before, after: c.after })),
    healthlake: diff.healthlake.map((r) => ({ principal: displayValue(r.principal), capability: r.capability, before: r.before, after: r.after })),
    public: { ...diff.public },
    lockout: { ...diff.lockout },
  };
}

export function filesJson(files: readonly FileDiff[]) {
  return {
    version: 1 as const,
    files: files.map((f) => ({
      path: f.path, ...(f.oldPath ? { oldPath: f.oldPath } : {}), status: f.status, ...(f.note ? { note: f.note } : {}),
      policies: f.policies.map((p) => {
        const { version: _v, ...rest } = diffJson(p.diff);
        return { name: p.name, ...rest };
      }),
    })),
  };
}

/** The risks a reviewer must see first, in words (the editor's dialog words them in confirmation.ts). */
export function riskLines(diff: PolicyDiff, r: Risks = risks(diff)): string[] {
  const lines: string[] = [];
  if (r.newPublic) lines.push('Public: any AWS account can now use this key.');
  if (r.newLockout) lines.push('Lockout: nobody keeps kms:PutKeyPolicy, so the key policy can never be changed again.');
  for (const [principal, rows] of byPrincipal(r.lostCapabilities)) {
    const changes = [...new Set(rows.map((x) => `${x.before} → ${x.after}`))].join(', ');
    lines.push(`${labelOf(diff, principal)} loses HealthLake ${andList(rows.map((x) => x.capability))} (${changes}).`);
  }
  return lines;
}

function byPrincipal<T extends { principal: string }>(rows: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) (out.get(row.principal) ?? out.set(row.principal, []).get(row.principal)!).push(row);
  return out;
}

/** `account 111122223333, role/X (111122223333): kms:Decrypt, HealthLake read: now requires ...` */
export const conditionLine = (diff: PolicyDiff, c: ConditionChange, code: (s: string) => string = (s) => s): string =>
  `${c.principals.map((p) => labelOf(diff, p)).join(', ')}: ${c.subjects.map(code).join(', ')} ${c.words}`;

/** `widens access, makes the key public`, `narrows access only`, `no change in access`. */
function verdict(diff: PolicyDiff): string {
  if (!hasChanges(diff)) return 'no change in access';
  const r = risks(diff);
  if (!isRisky(r)) return 'narrows access only';
  const parts = [
    r.widened.length > 0 && 'widens access', r.newPublic && 'makes the key public', r.newLockout && 'locks the key policy',
    r.lostCapabilities.length > 0 && 'takes HealthLake capabilities away',
  ].filter((x): x is string => typeof x === 'string');
  return parts.join(', ');
}

function title(f: FileDiff, name: string): string {
  const renamed = f.oldPath ? ` (renamed from ${f.oldPath})` : '';
  return `${f.path}${name ? ` ${name}` : ''}${renamed}${f.status === 'added' ? ' (new file)' : ''}`;
}

export function formatText(files: readonly FileDiff[], catalog: Catalog): string {
  const out: string[] = [];
  for (const f of files) {
    if (f.policies.length === 0) {
      out.push(`${title(f, '')}: ${f.note ?? 'not compared'}`);
      continue;
    }
    for (const { name, diff } of f.policies) {
      out.push(`${title(f, name)}: ${verdict(diff)}`);
      for (const line of riskLines(diff)) out.push(`  ! ${line}`);
      if (diff.public.before && !diff.public.after) out.push('  The key is no longer public.');
      if (diff.lockout.before && !diff.lockout.after) out.push('  kms:PutKeyPolicy is allowed again: the lockout is gone.');
      for (const s of summarize(diff, catalog)) {
        out.push(`  ${s.principal.label}`);
        for (const g of s.gains) out.push(`    + gains ${g}`);
        for (const l of s.losses) out.push(`    - loses ${l}`);
        for (const o of s.other) out.push(`    ~ ${o}`);
        for (const h of capabilityPhrases(s.healthlake.filter(gained))) out.push(`    + gains ${h}`);
        for (const h of capabilityPhrases(s.healthlake.filter(lost))) out.push(`    - loses ${h}`);
      }
      for (const c of diff.conditions) out.push(`  ~ ${conditionLine(diff, c)}`);
    }
  }
  return out.join('\n');
}

const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;
const cell = (s: string) => s.replace(/\|/g, '\\|');

export function formatMarkdown(files: readonly FileDiff[], catalog: Catalog): string {
  const out: string[] = ['## hlkms diff: what the key policy changes give and take away', ''];
  if (files.length === 0) out.push('No key policy changed.');
  for (const f of files) {
    if (f.policies.length === 0) {
      out.push(`### ${code(title(f, ''))}`, '', f.note ?? 'Not compared.', '');
      continue;
    }
    for (const { name, diff } of f.policies) {
      out.push(`### ${code(title(f, name))}: ${verdict(diff)}`, '');
      for (const line of riskLines(diff)) out.push(`> **⚠ ${cell(line)}**`, '>');
      if (out[out.length - 1] === '>') out[out.length - 1] = '';
      const summaries = summarize(diff, catalog);
      if (summaries.length > 0) {
        out.push('| Principal | Gains | Loses |', '|---|---|---|');
        for (const s of summaries) {
          const gains = [...s.gains, ...capabilityPhrases(s.healthlake.filter(gained))];
          const losses = [...s.losses, ...capabilityPhrases(s.healthlake.filter(lost))];
          out.push(`| ${cell(s.principal.label)} | ${cell(gains.join('<br>')) || '–'} | ${cell(losses.join('<br>')) || '–'} |`);
        }
        out.push('');
      }
      if (diff.conditions.length > 0) {
        out.push('Conditions whose meaning changed:', '');
        for (const c of diff.conditions) out.push(`- ${cell(conditionLine(diff, { ...c, words: c.words.replace(/\b([a-z]+:[A-Za-z]\S*)/g, (k) => code(k)) }, code))}`);
        out.push('');
      }
      out.push(`<details><summary>HealthLake capabilities after the change (requests through HealthLake in ${diff.region})</summary>`, '',
        '| Principal | Create | Write | Read |', '|---|---|---|---|');
      const ids = [...new Set(diff.healthlake.map((r) => r.principal))];
      for (const id of ids) {
        const cellOf = (op: string) => {
          const r = diff.healthlake.find((x) => x.principal === id && x.capability === op)!;
          return r.before === r.after ? r.after : `${r.before} → **${r.after}**`;
        };
        out.push(`| ${cell(labelOf(diff, id))} | ${cellOf('create')} | ${cellOf('write')} | ${cellOf('read')} |`);
      }
      out.push('', CAPABILITY_LEGEND, '</details>', '');
    }
  }
  return out.join('\n').trimEnd();
}
