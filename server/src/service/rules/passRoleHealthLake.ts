/** Protects against iam:PassRole on every role, next to HealthLake import/export, without iam:PassedToService. */
import { evaluate, evalPolicy } from '../evaluate/index';
import { HEALTHLAKE_SERVICE } from '../healthlake/facts';
import { setConditionKey, withEdits } from '../healthlake/edits';
import type { Rule, RuleFinding } from './rule';

const CALLER = 'arn:aws:iam::111122223333:role/PolicyHolder';
const JOBS = ['healthlake:StartFHIRImportJob', 'healthlake:StartFHIRExportJob'];

export const passRoleHealthLake: Rule = {
  id: 'passrole-healthlake',
  description: 'iam:PassRole on "*" without an iam:PassedToService condition in a policy that starts HealthLake import or export jobs.',
  category: 'safety',
  defaultSeverity: 'warning',
  kinds: ['identity-policy'],
  check(model) {
    const policy = evalPolicy(model);
    const jobs = JOBS.filter((action) => evaluate(policy, { principal: CALLER, action }).decision === 'Allow');
    if (jobs.length === 0) return [];
    const findings: RuleFinding[] = [];
    for (const st of model.statements) {
      const star = st.resource?.items.find((r) => r.value === '*');
      if (st.effect?.value !== 'Allow' || !star) continue;
      // Judged by the evaluator: can this statement alone pass any role to a service other than HealthLake?
      const alone = { ...policy, statements: [policy.statements[st.index]!] };
      const request = { principal: CALLER, action: 'iam:PassRole', resource: 'arn:aws:iam::111122223333:role/AnyRole', context: { 'iam:PassedToService': 'ec2.amazonaws.com' } };
      if (evaluate(alone, request).decision !== 'Allow') continue;
      const node = st.action?.items.find((a) => /^(iam:(PassRole|Pass\*|\*)|\*)$/i.test(a.value))?.node ?? star.node;
      findings.push({
        offset: node.offset, length: node.length,
        message: `This statement lets the holder pass any role to any service. HealthLake import and export (${jobs.map((j) => `\`${j}\``).join(', ')}) need only to pass their data access role to HealthLake: add an iam:PassedToService condition with \`${HEALTHLAKE_SERVICE}\` (and name the role in Resource).`,
        data: { fixes: withEdits([{ title: `Only pass roles to ${HEALTHLAKE_SERVICE}`, edits: setConditionKey(model.text, st, 'StringEquals', 'iam:PassedToService', HEALTHLAKE_SERVICE), preferred: true }]) },
      });
    }
    return findings;
  },
};
