/** Protects against a regional service name in iam:PassedToService, which is global and so never matches. */
import { replaceNode } from '../edits';
import { sampleOf } from '../arn';
import { displayValue, hasHoles } from '../symbolic';
import type { Rule, RuleFinding } from './rule';

const REGIONAL = /^([a-z0-9-]+)\.([a-z]{2}(?:-gov)?-[a-z]+-\d)\.amazonaws\.com(\.cn)?$/;

export const passRoleRegionalService: Rule = {
  id: 'passrole-regional-service',
  description: 'A regional service name (healthlake.<region>.amazonaws.com) in iam:PassedToService, which takes the global name.',
  category: 'reference',
  defaultSeverity: 'warning',
  kinds: ['identity-policy'],
  check(model) {
    const findings: RuleFinding[] = [];
    for (const st of model.statements) {
      for (const op of st.condition?.operators ?? []) {
        for (const key of op.keys) {
          if (key.key.toLowerCase() !== 'iam:passedtoservice') continue;
          for (const v of key.values) {
            // A Region from the template is still a Region: `healthlake.${AWS::Region}.amazonaws.com` is regional.
            const sample = typeof v.value === 'string' ? sampleOf(v.value) : undefined;
            const m = sample === undefined ? null : REGIONAL.exec(sample);
            if (!m || typeof v.value !== 'string') continue;
            const global = `${m[1]}.amazonaws.com${m[3] ?? ''}`;
            findings.push({
              offset: v.node.offset, length: v.node.length,
              message: `iam:PassedToService takes the global service name (\`${global}\`), not a regional one: \`${displayValue(v.value)}\` never matches, so passing the role fails. (kms:ViaService is the key that is regional.)`,
              data: hasHoles(v.value) ? undefined : { fixes: [{ title: `Use "${global}"`, edits: [replaceNode(v.node, global)], preferred: true, safe: true }] },
            });
          }
        }
      }
    }
    return findings;
  },
};
