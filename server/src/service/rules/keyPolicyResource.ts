/** Protects against key policy resources other than "*": since 2025-08-18 KMS accepts only "*" (this key). */
import type { Rule, RuleFinding } from './rule';
import { fix, keyNode } from './ruleHelpers';
import { fits, parseArn, undecided } from '../arn';
import { typePhrase, wholeArnType } from '../arnTypes';
import { displayValue } from '../symbolic';

/** What a Resource naming another service's ARN names (`arn:aws:s3:::b` is an ARN of `s3`), for the message. */
function otherService(values: string[]): string {
  for (const v of values) {
    const service = parseArn(v)?.service;
    if (service && !undecided(service) && service.toLowerCase() !== 'kms') return ` \`${displayValue(v)}\` is an ARN of \`${service}\`, not of KMS.`;
  }
  return '';
}

export const keyPolicyResource: Rule = {
  id: 'key-policy-resource',
  description: 'Key policy statements whose Resource is not "*" or that use NotResource.',
  category: 'key-policy',
  defaultSeverity: 'error',
  kinds: ['key-policy'],
  check(model, { catalog }) {
    const findings: RuleFinding[] = [];
    for (const st of model.statements) {
      const resource = st.resource;
      // A reference whose type is known is an ARN, never "*" (`!GetAtt Bucket.Arn`); any other hole may be "*".
      const typed = resource?.items.map((i) => ({ i, type: wholeArnType(i.value, catalog) })).find((t) => t.type);
      if (resource && resource.items.length > 0 && (typed || !resource.items.every((i) => fits(i.value, (s) => s === '*')))) {
        const names = typed ? ` \`${displayValue(typed.i.value)}\` is ${typePhrase(typed.type!)}.` : otherService(resource.items.map((i) => i.value));
        findings.push({
          offset: resource.node.offset, length: resource.node.length,
          message: `In a key policy, Resource must be "*", which means this key: KMS rejects any other value (since 2025-08-18).${names} To name other keys or resources, use an IAM policy.`,
          data: { fixes: [fix('Use "*"', [{ offset: resource.node.offset, length: resource.node.length, content: '"*"' }], { preferred: true })] },
        });
      }
      const notResource = st.properties.get('NotResource');
      if (notResource && !st.properties.has('Resource')) {
        const key = keyNode(notResource);
        findings.push({
          offset: key.offset, length: key.length,
          message: 'KMS rejects key policy statements without Resource (since 2025-08-18); NotResource does not count. Use "Resource": "*", which means this key.',
          data: { fixes: [fix('Use "Resource": "*"', [{ offset: notResource.offset, length: notResource.length, content: '"Resource": "*"' }], { preferred: true })] },
        });
      }
    }
    return findings;
  },
};
