/** Protects against a missing, old or invalid Version: policy variables only work with 2012-10-17. */
import { ALL_POLICY_KINDS, type Rule, type RuleFinding } from './rule';
import { fix, prependPropertyEdit } from './ruleHelpers';
import { replaceNode } from '../edits';
import { fits } from '../arn';

const CURRENT = '2012-10-17';

export const version: Rule = {
  id: 'policy-version',
  description: 'A missing, old or invalid policy Version (policy variables need 2012-10-17).',
  category: 'grammar',
  defaultSeverity: 'warning',
  kinds: ALL_POLICY_KINDS,
  check(model) {
    if (model.root?.type !== 'object') return [];
    const property = model.properties.get('Version');
    const usesVariables = model.text.includes('${');
    if (!property) {
      return [{
        offset: model.root.offset, length: 1,
        message: `The policy has no Version, so AWS reads it as version 2008-10-17, where policy variables such as \${aws:username} are plain text. Add "Version": "${CURRENT}".`,
        data: { fixes: [fix(`Add "Version": "${CURRENT}"`, [prependPropertyEdit(model.text, model.root, 'Version', CURRENT)], { preferred: true, safe: true })] },
      }];
    }
    const v = model.version;
    if (!v) return []; // not a string: the structure check reports it
    const replace = [fix(`Use "${CURRENT}"`, [replaceNode(v.node, CURRENT)], { preferred: true, safe: true })];
    const at = { offset: v.node.offset, length: v.node.length };
    const findings: RuleFinding[] = [];
    if (v.value === '2008-10-17') {
      findings.push({
        ...at, severity: usesVariables ? 'warning' : 'info',
        message: `Version 2008-10-17 is the old policy language: policy variables such as \${aws:username} are not replaced${usesVariables ? ', and this policy uses them' : ''}. Use "${CURRENT}".`,
        data: { fixes: replace },
      });
    } else if (!fits(v.value, (s) => s === CURRENT)) {
      findings.push({
        ...at, severity: 'error',
        message: `"${v.value}" is not a policy language version: AWS rejects the policy. The only current version is "${CURRENT}" (it is a fixed date, not today's).`,
        data: { fixes: replace },
      });
    }
    return findings;
  },
};
