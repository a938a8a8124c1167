/** Protects against a kms:CallerAccount value that differs from the account of the principals it is meant for. */
import { replaceNode } from '../edits';
import { displayValue, hasHoles } from '../symbolic';
import { conditionValueNode } from '../healthlake/edits';
import { consequence, severityOf } from '../healthlake/messages';
import { healthLakeReadiness } from '../healthlake/readiness';
import type { Rule, RuleFinding } from './rule';

export const healthLakeCallerAccount: Rule = {
  id: 'healthlake-caller-account',
  description: 'A kms:CallerAccount condition naming another account than the principal HealthLake calls KMS for.',
  category: 'healthlake',
  defaultSeverity: 'error',
  kinds: ['key-policy'],
  check(model, { settings }) {
    const readiness = healthLakeReadiness(model, settings);
    if (!readiness) return [];
    const findings: RuleFinding[] = [];
    for (const p of readiness.problems) {
      if (p.kind !== 'caller-account' || !p.failure) continue;
      const node = conditionValueNode(p.failure) ?? p.failure.keyNode;
      if (!node) continue;
      const accounts = [...new Set(p.principals.map((x) => x.account))];
      const value = accounts.length === 1 ? accounts[0]! : accounts;
      const shown = accounts.map(displayValue);
      // An account that is a reference (this account) is named as written, and gets no automatic fix.
      const fixable = !accounts.some(hasHoles);
      findings.push({
        offset: node.offset, length: node.length, severity: severityOf(p),
        message: `kms:CallerAccount is the account of the calling principal (${shown.join(', ')}), and ${JSON.stringify(p.failure.values.length === 1 ? p.failure.values[0] : p.failure.values)} is not it, so the condition never matches: ${consequence(p)}. Use the principal's account.`,
        data: fixable ? { fixes: [{ title: `Use ${accounts.join(', ')}`, edits: [replaceNode(node, value)], preferred: true, safe: true }] } : undefined,
      });
    }
    return findings;
  },
};
