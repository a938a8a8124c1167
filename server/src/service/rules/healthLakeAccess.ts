/** Protects against any other reason HealthLake's KMS calls are denied: Deny statements and other conditions. */
import { failingOperations, operationsPhrase } from '../healthlake/facts';
import { healthLakeStatements, namedPrincipals } from '../healthlake/intent';
import { consequence, principalName, severityOf } from '../healthlake/messages';
import { healthLakeReadiness, isReference } from '../healthlake/readiness';
import { referenceNote } from '../healthlake/verdict';
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
    // Where a reference the file leaves open decides the verdict: a note naming it, never an alarm.
    const statements = healthLakeStatements(model);
    for (const p of readiness.principals) {
      const refs = [...new Set([...p.undecided.values()].flat().filter(isReference))];
      if (refs.length === 0) continue;
      const st = statements.find((s) => namedPrincipals(s).some((n) => n.arn === p.arn));
      const node = st?.sid?.node ?? st?.effect?.node;
      if (!node) continue;
      const ops = failingOperations([...p.undecided.keys()]);
      findings.push({
        offset: node.offset, length: node.length, severity: 'info',
        message: `Whether HealthLake can ${operationsPhrase(ops)} for ${principalName(p)} ${referenceNote(refs)}.`,
      });
    }
    return findings;
  },
};
