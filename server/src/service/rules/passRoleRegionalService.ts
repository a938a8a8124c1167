/** Protects against a regional service name in iam:PassedToService, which is global and so never matches. */
import { replaceNode } from '../edits';
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
            const m = typeof v.value === 'string' ? REGIONAL.exec(v.value) : null;
            if (!m) continue;
            const global = `${m[1]}.amazonaws.com${m[3] ?? ''}`;
            findings.push({
              offset: v.node.offset, length: v.node.length,
              message: `iam:PassedToService takes the global service name (\`${global}\`), not a regional one: \`${v.value}\` never matches, so passing the role fails. (kms:ViaService is the key that is regional.)`,
              data: { fixes: [{ title: `Use "${global}"`, edits: [replaceNode(v.node, global)], preferred: true, safe: true }] },
            });
          }
        }
      }
    }
    return findings;
  },
};
