/** Protects against grant and encryption-context conditions that HealthLake's own requests can never satisfy. */
import { GRANT_OPERATIONS } from '../healthlake/facts';
import { removeConditionKey, setConditionKey } from '../healthlake/edits';
import { fixesLater } from '../findingData';
import { consequence, severityOf } from '../healthlake/messages';
import { healthLakeReadiness, type ReadinessProblem } from '../healthlake/readiness';
import type { Fix } from '../types';
import type { Rule, RuleFinding } from './rule';

const why: Partial<Record<ReadinessProblem['kind'], string>> = {
  'grant-operations': `HealthLake's grant asks for nine operations (${GRANT_OPERATIONS.join(', ')}), and this kms:GrantOperations condition does not allow all of them`,
  'grant-constraint': 'HealthLake creates its grant without constraints, so a required kms:GrantConstraintType never matches',
  'encryption-context': 'HealthLake sends no encryption context, so a condition requiring one never matches',
};

export const healthLakeGrantConditions: Rule = {
  id: 'healthlake-grant-conditions',
  description: 'kms:GrantOperations, kms:GrantConstraintType or kms:EncryptionContext conditions that block HealthLake\'s grant and calls.',
  category: 'healthlake',
  defaultSeverity: 'error',
  kinds: ['key-policy'],
  check(model, { settings }) {
    const readiness = healthLakeReadiness(model, settings);
    if (!readiness) return [];
    const findings: RuleFinding[] = [];
    for (const p of readiness.problems) {
      const reason = why[p.kind];
      const f = p.failure;
      if (!reason || !f?.keyNode) continue;
      const fixes = (): Fix[] => {
        const remove: Fix = { title: `Remove the ${f.key} condition`, edits: removeConditionKey(model.text, p.statement, f.operator, f.key) };
        return p.kind === 'grant-operations'
          ? [{ title: 'Allow the nine operations of HealthLake\'s grant', edits: setConditionKey(model.text, p.statement, f.operator, f.key, [...GRANT_OPERATIONS]), preferred: true }, remove]
          : [{ ...remove, preferred: true }];
      };
      const advice = p.kind === 'grant-operations'
        ? 'List all nine operations (the grant is for HealthLake alone) or remove the condition.'
        : 'Remove the condition from this statement (keep it in a statement for other callers if they need it).';
      findings.push({
        offset: f.keyNode.offset, length: f.keyNode.length, severity: severityOf(p),
        message: `${reason}: ${consequence(p)}. ${advice}`,
        data: fixesLater(fixes),
      });
    }
    return findings;
  },
};
