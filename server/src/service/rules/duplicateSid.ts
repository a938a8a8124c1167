/** Protects against two statements with the same Sid: IAM rejects it, and in key policies it hides which one is meant. */
import type { Node } from '../model';
import { ALL_POLICY_KINDS, type Rule, type RuleFinding } from './rule';

export const duplicateSid: Rule = {
  id: 'duplicate-sid',
  description: 'Two statements with the same Sid.',
  category: 'grammar',
  defaultSeverity: 'error',
  kinds: ALL_POLICY_KINDS,
  check(model) {
    const findings: RuleFinding[] = [];
    const seen = new Map<string, Node>();
    for (const st of model.statements) {
      const sid = st.sid;
      if (!sid || sid.value === '') continue;
      const first = seen.get(sid.value);
      if (!first) {
        seen.set(sid.value, sid.node);
        continue;
      }
      const identity = model.kind === 'identity-policy';
      findings.push({
        offset: sid.node.offset, length: sid.node.length,
        severity: identity ? 'error' : 'warning',
        message: identity
          ? `Another statement already has the Sid "${sid.value}": IAM rejects duplicate statement ids. Give each statement its own Sid.`
          : `Another statement already has the Sid "${sid.value}": statement ids should be unique so reviews, diffs and tools can tell the statements apart. Give each its own Sid.`,
        related: [{ offset: first.offset, length: first.length, message: 'First use of this Sid' }],
      });
    }
    return findings;
  },
};
