/** Protects against malformed principals: KMS and IAM reject the whole policy (MalformedPolicyDocumentException). */
import { parsePrincipal } from '../arn';
import type { Node } from '../model';
import { type Rule, type RuleFinding } from './rule';
import { fix } from './ruleHelpers';
import { replaceNode } from '../edits';
import { displayValue, hasHoles } from '../symbolic';

const TYPES = ['AWS', 'Service', 'Federated', 'CanonicalUser'];

function rejection(kind: string): string {
  return kind === 'key-policy'
    ? 'KMS rejects the key policy with MalformedPolicyDocumentException (invalid principals)'
    : 'AWS rejects the policy (invalid principal)';
}

export const principalFormat: Rule = {
  id: 'principal-format',
  description: 'Malformed principals: not an account, role, user, assumed role, service principal or `*`; groups.',
  category: 'grammar',
  defaultSeverity: 'error',
  kinds: ['key-policy', 'resource-policy'],
  check(model) {
    const findings: RuleFinding[] = [];
    const reject = rejection(model.kind);
    const report = (node: Node, message: string, suggestion?: string) => findings.push({
      offset: node.offset, length: node.length, message,
      data: suggestion && !hasHoles(suggestion) ? { fixes: [fix(`Use "${suggestion}"`, [replaceNode(node, suggestion)], { preferred: true })] } : undefined,
    });
    for (const st of model.statements) {
      for (const block of [st.principal, st.notPrincipal]) {
        if (!block) continue;
        if (block.node.type === 'string' && !block.wildcard) {
          report(block.node, `A Principal written as a string can only be "*": ${reject}. Name principals as {"AWS": "arn:aws:iam::111122223333:root"}.`);
          continue;
        }
        for (const entry of block.entries) {
          if (!TYPES.includes(entry.type)) continue; // an unknown principal type is reported by the structure check
          for (const { value: raw, node } of entry.values.items) {
            const p = parsePrincipal(entry.type, raw);
            const value = displayValue(raw);
            if (p.form === 'group') {
              report(node, `"${value}" is an IAM group, and groups cannot be principals: ${reject}. Name the group's roles or users, or the account (arn:aws:iam::${displayValue(p.account)}:root) and grant the group in IAM.`);
            } else if (p.form === 'invalid') {
              const reason = p.reason.includes('MalformedPolicyDocumentException') ? p.reason : `${p.reason}; ${reject}`;
              report(node, `"${value}" is not a valid ${entry.type} principal: ${reason}.${p.suggestion ? ` Did you mean "${displayValue(p.suggestion)}"?` : ''}`, p.suggestion);
            } else if (p.form === 'wildcard' && entry.type !== 'AWS') {
              report(node, `"*" is only a principal as {"AWS": "*"} or "Principal": "*": ${reject}.`);
            }
          }
        }
      }
    }
    return findings;
  },
};
