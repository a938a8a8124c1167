/** Protects against iam:PassRole on any role without iam:PassedToService: the holder can hand any role to any service. */
import { evaluate, typedEvalPolicy } from '../evaluate/index';
import { HEALTHLAKE_SERVICE } from '../healthlake/facts';
import { setConditionKey } from '../healthlake/edits';
import { fixesLater } from '../findingData';
import { parseArn } from '../arn';
import { wildcardRegExp } from '../catalog';
import type { Rule, RuleFinding } from './rule';

const CALLER = 'arn:aws:iam::111122223333:role/PolicyHolder';
const JOBS = ['healthlake:StartFHIRImportJob', 'healthlake:StartFHIRExportJob'];
/** Two unrelated services: a statement that lets a role go to both restricts nothing by service. */
const SERVICES = ['ec2.amazonaws.com', 'lambda.amazonaws.com'];
const PASS = /^(iam:(PassRole|Pass\*|P\*|\*)|\*)$/i;

export const passRoleUnrestricted: Rule = {
  id: 'passrole-unrestricted',
  description: 'iam:PassRole (or iam:Pass*, iam:*, *) on any role without an iam:PassedToService condition.',
  category: 'safety',
  defaultSeverity: 'warning',
  kinds: ['identity-policy'],
  check(model, { catalog }) {
    const mayPass = (st: (typeof model.statements)[number]) => st.effect?.value === 'Allow' && st.resource !== undefined &&
      (!st.action || st.action.items.some((a) => wildcardRegExp(a.value).test('iam:PassRole')));
    const candidates = model.statements.filter(mayPass);
    if (candidates.length === 0) return []; // the usual case: cheap before evaluating
    const policy = typedEvalPolicy(model, catalog);
    const jobs = JOBS.filter((action) => evaluate(policy, { principal: CALLER, action }).decision === 'Allow');
    const findings: RuleFinding[] = [];
    for (const st of candidates) {
      if (!st.resource) continue;
      // "Any role": a role name nobody would write, in each account the statement's resources name.
      const accounts = new Set(['111122223333', ...st.resource.items.flatMap((r) => { const a = parseArn(r.value)?.account; return a && /^\d{12}$/.test(a) ? [a] : []; })]);
      const alone = { ...policy, statements: [policy.statements[st.index]!] };
      const anyRole = [...accounts].some((account) => SERVICES.every((service) => evaluate(alone, {
        principal: CALLER, action: 'iam:PassRole', resource: `arn:aws:iam::${account}:role/hlkms-any-role-7f3a`, context: { 'iam:PassedToService': service },
      }).decision === 'Allow'));
      if (!anyRole) continue;
      const node = st.action?.items.find((a) => PASS.test(a.value))?.node ?? st.resource.node;
      const healthLake = jobs.length > 0 && /"healthlake:/i.test(model.text); // HealthLake advice only where the policy is about it
      findings.push({
        offset: node.offset, length: node.length,
        message: `This statement lets the holder pass any role to any service, and a service acts with the role's permissions: whoever holds this policy can reach everything any role in the account can. ${healthLake
          ? `HealthLake import and export (${jobs.map((j) => `\`${j}\``).join(', ')}) need only to pass their data access role to HealthLake: add an iam:PassedToService condition with \`${HEALTHLAKE_SERVICE}\` (and name the role in Resource).`
          : 'Name the roles in Resource and add an iam:PassedToService condition with the service that needs them (e.g. `ec2.amazonaws.com`).'}`,
        data: healthLake ? fixesLater(() => [{ title: `Only pass roles to ${HEALTHLAKE_SERVICE}`, edits: setConditionKey(model.text, st, 'StringEquals', 'iam:PassedToService', HEALTHLAKE_SERVICE), preferred: true }]) : undefined,
      });
    }
    return findings;
  },
};
