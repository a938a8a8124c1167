/** Protects against a HealthLake key policy statement that leaves out one of the four KMS calls HealthLake makes. */
import { modifyStatement } from '../healthlake/edits';
import { fixesLater } from '../findingData';
import { actionsPhrase, consequence, severityOf } from '../healthlake/messages';
import { healthLakeReadiness } from '../healthlake/readiness';
import type { Rule, RuleFinding } from './rule';
import { likelyMeant } from './unknownAction';

export const healthLakeMissingAction: Rule = {
  id: 'healthlake-missing-action',
  description: 'A key policy statement for HealthLake that does not allow kms:DescribeKey, kms:CreateGrant, kms:GenerateDataKey and kms:Decrypt.',
  category: 'healthlake',
  defaultSeverity: 'error',
  kinds: ['key-policy'],
  check(model, { settings, catalog }) {
    const readiness = healthLakeReadiness(model, settings);
    if (!readiness) return [];
    const findings: RuleFinding[] = [];
    for (const p of readiness.problems) {
      if (p.kind !== 'missing-action') continue;
      const st = p.statement;
      // `kms:GenerateDataKeys` for kms:GenerateDataKey: unknown-action reports the typo and fixes it; one
      // mistake, one finding.
      const meant = new Set(st.action?.items.map((i) => likelyMeant(i.value, catalog)?.toLowerCase()));
      const actions = p.actions.filter((a) => !meant.has(a.toLowerCase()));
      if (!actions.length) continue;
      const node = st.action?.node ?? st.notAction?.node ?? st.node;
      const them = actions.length === 1 ? 'it' : 'them';
      // Without CreateGrant alone a principal can still read and write existing data stores: least privilege
      // for applications, so only worth a note.
      const createOnly = actions.every((a) => a === 'kms:CreateGrant');
      const f: RuleFinding = {
        offset: node.offset, length: node.length, severity: createOnly ? 'info' : severityOf(p),
        message: `This statement does not allow ${actionsPhrase(actions)}, which HealthLake calls on the caller's behalf: ${consequence({ ...p, actions })}. `
          + (createOnly ? 'That is right for a principal that only reads and writes existing data stores; add it to Action if this one creates them.' : `Add ${them} to Action.`),
      };
      const action = st.action;
      if (action) {
        f.data = fixesLater(() => [{
          title: `Add ${actions.join(', ')} to Action`,
          edits: modifyStatement(model.text, st, ['Action'], [...action.items.map((i) => i.value), ...actions]),
          preferred: true, safe: true,
        }]);
      }
      findings.push(f);
    }
    return findings;
  },
};
