/**
 * The editor's confirmation before a key policy replaces the live one: every new public access, lockout, lost
 * HealthLake capability and widened principal named in words, and the checks' blocking findings. A pure
 * function: the Apply Key Policy command shows exactly what it returns, and tests read the same text.
 */
import type { Catalog } from '../catalog';
import { gained } from './diff';
import { labelOf, risks, summarize } from './summary';
import type { PolicyDiff } from './types';

export interface Confirmation {
  message: string;
  detail: string;
  /** The confirming button. */
  button: string;
  /** Whether the dialog warns (a risk or a blocking finding) rather than asks. */
  risky: boolean;
}

export interface ConfirmationInput {
  /** The key as the user named it, and its ARN. */
  key: string;
  keyArn: string;
  /** Live policy against the new one; undefined when the new text could not be compared (its findings say why). */
  diff: PolicyDiff | undefined;
  /** Blocking findings (errors, and a lockout whatever its severity), with one-based lines. */
  blocking: { line: number; message: string }[];
  warnings: number;
  /** Whether the key has HealthLake grants (the HealthLake checks ran). */
  healthLake: boolean;
}

/** One line per risk: public access, lockout, each lost HealthLake capability, each widened principal. */
export function riskSentences(diff: PolicyDiff, catalog: Catalog): string[] {
  const r = risks(diff);
  const lines: string[] = [];
  if (r.newPublic) {
    const open = diff.changes.filter((c) => c.principal === '*' && c.after === 'Allow').map((c) => c.action);
    const healthLake = diff.healthlake.filter((x) => x.principal === '*' && x.after !== 'no').map((x) => `HealthLake ${x.capability}`);
    const what = [...open, ...healthLake];
    lines.push(`• Public access: any AWS account could use this key (${what.slice(0, 6).join(', ')}${what.length > 6 ? `, and ${what.length - 6} more` : ''}).`);
  }
  if (r.newLockout) lines.push('• Lockout: no principal, nor the account through IAM, keeps kms:PutKeyPolicy: nobody could change this key policy again.');
  for (const row of r.lostCapabilities) {
    lines.push(row.after === 'no'
      ? `• ${labelOf(diff, row.principal)} loses HealthLake ${row.capability}: HealthLake could no longer ${row.capability === 'create' ? 'create data stores' : row.capability} with this key for it.`
      : `• ${labelOf(diff, row.principal)}: HealthLake ${row.capability} would depend on its IAM policy (the key policy allowed it).`);
  }
  const summaries = summarize(diff, catalog);
  for (const p of r.widened) {
    const s = summaries.find((x) => x.principal.id === p.id);
    const gains = [...(s?.gains ?? []), ...(s?.healthlake.filter(gained).map((h) => `HealthLake ${h.capability} (${h.after})`) ?? [])];
    lines.push(`• ${p.label} gains ${gains.join('; ')}.`);
  }
  return lines;
}

export function confirmationText(input: ConfirmationInput, catalog: Catalog): Confirmation {
  const { key, keyArn, diff, blocking, warnings } = input;
  const risksFound = diff ? riskSentences(diff, catalog) : [];
  const sections: string[] = [];
  if (risksFound.length > 0) sections.push(`What the new policy changes:\n${risksFound.join('\n')}`);
  if (blocking.length > 0) {
    const shown = blocking.slice(0, 3).map((f) => `• Line ${f.line}: ${f.message}`).join('\n');
    sections.push(`${shown}${blocking.length > 3 ? `\n… and ${blocking.length - 3} more` : ''}\n\nFix the errors first unless you are sure.`);
  }
  if (blocking.length > 0) {
    return {
      message: `This policy has ${blocking.length} error${blocking.length === 1 ? '' : 's'}. Applying it may lock everyone out of the key or stop HealthLake data stores from reading and writing their data.`,
      detail: sections.join('\n\n'), button: 'Apply Despite Errors', risky: true,
    };
  }
  if (risksFound.length > 0) {
    return {
      message: `Replacing the key policy of ${key} changes who can use it. Review each change before you apply it.`,
      detail: `${keyArn}\n\n${sections.join('\n\n')}`, button: 'Apply Despite the Risks', risky: true,
    };
  }
  const change = !diff ? '' : diff.changes.length === 0 && diff.healthlake.every((x) => x.before === x.after)
    ? ' It gives and takes away nothing: it evaluates the same as the live policy.'
    : ' It only narrows access: nobody gains anything and HealthLake keeps every capability.';
  return {
    message: `Replace the key policy of ${key}?`,
    detail: `${keyArn}\n\nThe checks found no errors${input.healthLake ? ', including the HealthLake checks' : ''}`
      + `${warnings ? ` and ${warnings} warning${warnings === 1 ? '' : 's'} (see the Problems panel)` : ''}.${change} KMS will still refuse a policy that would lock you out.`,
    button: 'Apply', risky: false,
  };
}

