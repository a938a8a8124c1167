/** Protects against ARN-typed condition keys compared as plain strings, where the Arn operators compare ARN-wise. */
import { replaceNode } from '../edits';
import { ALL_POLICY_KINDS, type Rule, type RuleFinding } from './rule';
import { keyFamily, parseOperator } from './operators';
import { conditionKeyInfo, fix, keyNode } from './ruleHelpers';

/** The Arn operator each String operator corresponds to (the IgnoreCase forms have none). */
const ARN_FORM: Record<string, string> = {
  StringEquals: 'ArnEquals', StringNotEquals: 'ArnNotEquals', StringLike: 'ArnLike', StringNotLike: 'ArnNotLike',
};

export const arnOperator: Rule = {
  id: 'arn-condition-operator',
  description: 'String operators on ARN-typed condition keys (aws:SourceArn, aws:PrincipalArn, ...), where an Arn operator is meant.',
  category: 'grammar',
  defaultSeverity: 'hint',
  kinds: ALL_POLICY_KINDS,
  check(model, { catalog }) {
    const findings: RuleFinding[] = [];
    for (const st of model.statements) {
      const siblings = new Set(st.condition?.operators.map((o) => o.operator));
      for (const op of st.condition?.operators ?? []) {
        const parsed = parseOperator(op.operator);
        const arnForm = ARN_FORM[parsed.base];
        if (parsed.family !== 'String' || op.keys.length === 0) continue;
        const arnKeys = op.keys.filter((k) => {
          const info = conditionKeyInfo(catalog, k.key);
          return info !== undefined && keyFamily(info.type).family === 'Arn';
        });
        if (arnKeys.length === 0) continue;
        const to = arnForm && op.operator.replace(parsed.base, arnForm);
        // Rename the operator only when every key under it is an ARN and the new name is not taken.
        const fixes = to && arnKeys.length === op.keys.length && !siblings.has(to)
          ? [fix(`Use ${to}`, [replaceNode(keyNode(op.property), to)], { preferred: true })] : [];
        for (const k of arnKeys) {
          const node = keyNode(k.property);
          findings.push({
            offset: node.offset, length: node.length,
            message: `\`${k.key}\` holds an ARN, compared here as plain text with ${op.operator}. ${to ? `${to}` : 'An Arn operator'} compares ARNs part by part, so a wildcard stays within its part (\`arn:aws:iam::*:role/X\` cannot stretch across the account and the resource); AWS documents the Arn operators for ARN keys.`,
            data: fixes.length ? { fixes } : undefined,
          });
        }
      }
    }
    return findings;
  },
};
