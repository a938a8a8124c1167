/** Protects against policy structure AWS rejects: unknown elements (with "did you mean") and wrong value types. */
import { validatePolicy, type SchemaProblem } from '../schemaValidation';
import { didYouMean, suggest } from '../suggest';
import { ALL_POLICY_KINDS, type Rule, type RuleFinding } from './rule';
import { fix } from './ruleHelpers';
import { replaceNode } from '../edits';
import { hasHoles, isWholeHole } from '../symbolic';

function where(allowed: string[]): string {
  if (allowed.includes('Statement')) return 'a policy element (Version, Id, Statement)';
  if (allowed.includes('Effect')) return 'a statement element (Sid, Effect, Principal, Action, Resource, Condition and their Not- forms)';
  if (allowed.includes('AWS')) return 'a principal type (AWS, Service, Federated, CanonicalUser)';
  return 'allowed here';
}

function unknownProperty(p: SchemaProblem): RuleFinding | undefined {
  const { name, allowed, siblings } = p.unknown!;
  // A key a template fills in (`type = each.key` in a Terraform principals block) may be any allowed name.
  if (hasHoles(name)) return undefined;
  // `action` next to `Action` is a duplicate in another case: the duplicate-keys check reports it.
  if (siblings.some((s) => s !== name && s.toLowerCase() === name.toLowerCase() && allowed.includes(s))) return undefined;
  const candidates = allowed.filter((a) => !siblings.includes(a));
  const suggestion = suggest(name, candidates);
  const finding: RuleFinding = {
    offset: p.node.offset, length: p.node.length,
    message: `\`${name}\` is not ${where(allowed)}: AWS rejects the policy as malformed.${didYouMean(suggestion)}`,
  };
  if (suggestion) {
    const caseOnly = suggestion.toLowerCase() === name.toLowerCase();
    finding.data = { fixes: [fix(`Rename to \`${suggestion}\``, [replaceNode(p.node, suggestion)], { preferred: true, safe: caseOnly })] };
  }
  return finding;
}

function emptyList(p: SchemaProblem): RuleFinding {
  const name = [...p.path].reverse().find((s): s is string => typeof s === 'string') ?? 'value';
  return { offset: p.node.offset, length: p.node.length, message: `The list for \`${name}\` is empty: AWS rejects the policy. List at least one value or remove \`${name}\`.` };
}

export const policySchema: Rule = {
  id: 'policy-schema',
  description: 'Policy structure AWS rejects: unknown elements and values of the wrong type.',
  category: 'grammar',
  defaultSeverity: 'error',
  kinds: ALL_POLICY_KINDS,
  check(model) {
    if (!model.root) return [];
    const findings: RuleFinding[] = [];
    for (const p of validatePolicy(model.root, model.kind === 'identity-policy' ? 'identity-policy' : 'key-policy')) {
      if (p.keyword === 'additionalProperties') {
        const f = unknownProperty(p);
        if (f) findings.push(f);
      } else if (p.keyword === 'minItems') {
        findings.push(emptyList(p));
      } else if (p.keyword === 'type' && !(p.node.type === 'string' && isWholeHole(String(p.node.value)))) {
        // A value that is one hole (`Statement = var.statements`, an unquoted `${statements}`) may be of any type.
        findings.push({ offset: p.node.offset, length: p.node.length, message: `${p.message ?? 'Wrong type.'} AWS rejects the policy as malformed.` });
      }
      // `enum` (Version, Effect) is reported with a fix by its own rule.
    }
    return findings;
  },
};
