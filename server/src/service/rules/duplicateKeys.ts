/** Protects against repeated keys (also in another case): AWS rejects them or silently keeps only one. */
import type { Node } from '../model';
import { ALL_POLICY_KINDS, type Rule, type RuleFinding } from './rule';
import { fix, keyNode, removeElementEdit } from './ruleHelpers';

export const duplicateKeys: Rule = {
  id: 'duplicate-keys',
  description: 'Keys repeated in one object, exactly or in another case; one of them is silently ignored or the policy rejected.',
  category: 'grammar',
  defaultSeverity: 'error',
  kinds: ALL_POLICY_KINDS,
  check(model) {
    const findings: RuleFinding[] = [];
    const stack: Node[] = model.root ? [model.root] : [];
    const seen = new Map<string, Node>(); // one object's keys at a time: reused rather than one Map per object
    while (stack.length) {
      const node = stack.pop()!;
      if (node.type === 'array') stack.push(...(node.children ?? []));
      if (node.type !== 'object') continue;
      seen.clear();
      for (const property of node.children ?? []) {
        const value = property.children?.[1];
        if (value) stack.push(value);
        const key = property.children?.[0];
        if (typeof key?.value !== 'string') continue;
        const name: string = key.value;
        const first = seen.get(name.toLowerCase());
        if (!first) {
          seen.set(name.toLowerCase(), property);
          continue;
        }
        const firstKey = keyNode(first);
        const exact = firstKey.value === name;
        const message = exact
          ? `\`${name}\` appears twice in this object. AWS rejects the policy or keeps only one of them, so part of what you wrote is ignored: merge the two into one.`
          : `\`${name}\` repeats \`${firstKey.value as string}\` in another case. Policy element names and condition keys are read without regard to case, so AWS rejects the policy or ignores one of them: merge them into one \`${firstKey.value as string}\`.`;
        findings.push({
          offset: key.offset, length: key.length, message,
          related: [{ offset: firstKey.offset, length: firstKey.length, message: 'First occurrence' }],
          data: { fixes: [fix(`Remove this \`${name}\``, [removeElementEdit(property)])] },
        });
      }
    }
    return findings;
  },
};
