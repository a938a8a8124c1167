/**
 * The words of the editor's confirmation before a key policy replaces the live one: every new public access,
 * lockout, lost HealthLake capability and widened principal, named. A pure function: the Apply Key Policy
 * command shows exactly what it returns, and tests read the same text.
 */
import type { Catalog } from '../catalog';
import { labelOf, risks, summarize } from './summary';
import type { PolicyDiff } from './types';

export interface Confirmation {
  /** The dialog's message. */
  message: string;
  /** The dialog's detail text. */
  detail: string;
  /** Whether the change needs the explicit "despite the risks" button. */
  risky: boolean;
}

export function confirmationText(diff: PolicyDiff, catalog: Catalog, key: string): Confirmation {
  const r = risks(diff);
  const lines: string[] = [];
  if (r.newPublic) {
    const open = diff.changes.filter((c) => c.principal === '*' && c.after === 'Allow').map((c) => c.action);
    const healthLake = diff.healthlake.filter((x) => x.principal === '*' && x.after !== 'no').map((x) => x.capability);
    const what = [...open, ...healthLake.map((c) => `HealthLake ${c}`)];
    lines.push(`• Public access: any AWS account could use this key (${what.slice(0, 6).join(', ')}${what.length > 6 ? `, and ${what.length - 6} more` : ''}).`);
  }
  if (r.newLockout) lines.push('• Lockout: no principal, nor the account through IAM, keeps kms:PutKeyPolicy: nobody could change this key policy again.');
  for (const row of r.lostCapabilities) {
    lines.push(row.after === 'no'
      ? `• ${labelOf(diff, row.principal)} loses HealthLake ${row.capability}: HealthLake could no longer ${row.capability === 'create' ? 'create data stores' : row.capability} with this key for it.`
      : `• ${labelOf(diff, row.principal)}: HealthLake ${row.capability} would depend on its IAM policy (was allowed by the key policy).`);
  }
  const summaries = summarize(diff, catalog);
  for (const p of r.widened) {
    const s = summaries.find((x) => x.principal.id === p.id);
    const gains = [...(s?.gains ?? []), ...(s?.healthlake.filter((h) => rank(h.after) > rank(h.before)).map((h) => `HealthLake ${h.capability} (${h.after})`) ?? [])];
    lines.push(`• ${p.label} gains ${gains.join('; ')}.`);
  }
  const risky = lines.length > 0;
  const message = risky
    ? `Replacing the key policy of ${key} changes who can use it. Review each change before you apply it.`
    : `Replace the key policy of ${key}?`;
  const quiet = diff.changes.length === 0 && diff.healthlake.every((x) => x.before === x.after)
    ? 'The new policy gives and takes away nothing: it evaluates the same as the live one.'
    : 'The new policy only narrows access: nobody gains anything and HealthLake keeps every capability.';
  return { message, detail: risky ? lines.join('\n') : quiet, risky };
}

const rank = (c: string) => ['no', 'iam', 'direct'].indexOf(c);
