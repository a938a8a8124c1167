/** Helpers for host tests: analyse a host text, read a finding's host text and line, apply a host fix. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Analysis } from '../../../server/src/service/hosts/api';
import { applyEdits } from '../../../server/src/service/edits';
import type { Finding, ServiceSettings } from '../../../server/src/service/types';
import { service } from '../../support/service';

export const fixture = (name: string): string => readFileSync(join(__dirname, '..', '..', 'fixtures', 'hosts', name), 'utf8');

export function analyze(text: string, name = 'template.yaml', settings: Partial<ServiceSettings> = {}): Analysis {
  const a = service(settings).analyze({ uri: `file:///work/${name}`, text });
  if (!a) throw new Error(`${name} was not read as a host`);
  return a;
}

/** Findings of a host text, optionally of one rule. */
export function hostLint(text: string, name = 'template.yaml', ruleId?: string): Finding[] {
  const findings = analyze(text, name).findings;
  return ruleId ? findings.filter((f) => f.ruleId === ruleId) : findings;
}

export const span = (text: string, f: { offset: number; length: number }): string => text.slice(f.offset, f.offset + f.length);

/** The 1-based line a finding starts on. */
export const lineOf = (text: string, offset: number): number => text.slice(0, offset).split('\n').length;

export const serious = (findings: readonly Finding[]): Finding[] => findings.filter((f) => f.severity === 'error' || f.severity === 'warning');

/** Applies a finding's preferred (or titled) fix to the host text. */
export function applyHostFix(text: string, f: Finding, title?: string): string {
  const fixes = f.data?.fixes ?? [];
  const fix = title ? fixes.find((x) => x.title.includes(title)) : fixes.find((x) => x.preferred) ?? fixes[0];
  if (!fix) throw new Error(`no fix${title ? ` '${title}'` : ''} on ${f.ruleId}: ${f.message}`);
  return applyEdits(text, fix.edits);
}

/** The lines that differ between two texts (same line count expected for one-line edits). */
export function changedLines(a: string, b: string): number[] {
  const x = a.split('\n');
  const y = b.split('\n');
  if (x.length !== y.length) return [-1];
  return x.flatMap((l, i) => (l === y[i] ? [] : [i + 1]));
}

export const describe = (text: string, findings: readonly Finding[]): string =>
  findings.map((f) => `${f.ruleId} ${f.severity} L${lineOf(text, f.offset)} ${JSON.stringify(span(text, f))}: ${f.message}`).join('\n');
