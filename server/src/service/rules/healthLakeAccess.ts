/** Protects against any other reason HealthLake's KMS calls are denied: Deny statements and other conditions. */
import { consequence, severityOf } from '../healthlake/messages';
import { healthLakeReadiness } from '../healthlake/readiness';
import type { Rule, RuleFinding } from './rule';

export const healthLakeAccess: Rule = {
  id: 'healthlake-access',
  description: 'A Deny statement or a condition that blocks the KMS calls HealthLake makes on its callers\' behalf.',
  category: 'healthlake',
  defaultSeverity: 'error',
  kinds: ['key-policy'],
  check(model, { settings }) {
    const readiness = healthLakeReadiness(model, settings);
    if (!readiness) return [];
    const findings: RuleFinding[] = [];
    for (const p of readiness.problems) {
      if (p.kind === 'explicit-deny') {
        const node = p.statement.effect?.node ?? p.statement.node;
        findings.push({
          offset: node.offset, length: node.length,
          message: `This Deny statement matches HealthLake's ${p.actions.map((a) => `\`${a}\``).join(', ')} requests, and an explicit Deny overrides every Allow: ${consequence(p)}. Exclude HealthLake's calls (e.g. with a kms:ViaService condition) or narrow the Deny.`,
        });
      } else if (p.kind === 'other-condition' && p.failure?.keyNode) {
        const f = p.failure;
        findings.push({
          offset: f.keyNode!.offset, length: f.keyNode!.length, severity: severityOf(p),
          message: `HealthLake's requests do not satisfy this condition (${f.reason}): ${consequence(p)}. HealthLake calls KMS with kms:ViaService, kms:CallerAccount and, for its grant, kms:GrantOperations and kms:GrantIsForAWSResource; conditions on other keys need care.`,
        });
      }
    }
    return findings;
  },
};
