/** Protects against policies with no statements: they grant nothing and AWS rejects them. */
import { ALL_POLICY_KINDS, type Rule } from './rule';

export const statementPresence: Rule = {
  id: 'statement-missing',
  description: 'A policy without a Statement, or with an empty one.',
  category: 'grammar',
  defaultSeverity: 'error',
  kinds: ALL_POLICY_KINDS,
  check(model) {
    if (!model.root || model.root.type !== 'object') return [];
    if (!model.properties.has('Statement')) {
      return [{ offset: model.root.offset, length: 1, message: 'The policy has no Statement: AWS rejects a policy without statements. Add "Statement": [ ... ] with at least one statement.' }];
    }
    const node = model.statementNode;
    if (node?.type === 'array' && (node.children ?? []).length === 0) {
      return [{ offset: node.offset, length: node.length, message: 'The Statement list is empty: AWS rejects a policy without statements. Add at least one statement.' }];
    }
    return [];
  },
};
