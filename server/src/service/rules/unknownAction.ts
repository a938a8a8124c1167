/** Protects against actions that do not exist (typos, unknown services, wildcards matching nothing). */
import type { StringValue } from '../model';
import { didYouMean, suggest } from '../suggest';
import { ALL_POLICY_KINDS, type Rule, type RuleContext, type RuleFinding } from './rule';
import { fix } from './ruleHelpers';
import { replaceNode } from '../edits';
import { serviceUndecided, splitAction } from '../catalog';
import { displayValue, hasHoles } from '../symbolic';
import { undecided } from '../arn';

/**
 * `ReEncrypt*` for `ReEncrypt`: a name that is the start of a few actions' names (KMS's ReEncryptFrom and
 * ReEncryptTo) means that family, as AWS's own policies write it; closer than any one action's spelling.
 */
function familyOf(prefix: string, name: string, catalog: RuleContext['catalog']): string | undefined {
  const members = catalog.matchActions(prefix, `${name}*`).length;
  return members >= 2 && members <= 3 ? `${name}*` : undefined;
}

function checkAction(item: StringValue, keyPolicy: boolean, { catalog }: RuleContext): RuleFinding | undefined {
  const { value, node } = item;
  if (value === '*') return undefined;
  const at = { offset: node.offset, length: node.length };
  const split = splitAction(value);
  if (!split) {
    if (undecided(value)) return undefined; // `${var.action}`: the whole action is unknown here
    return { ...at, severity: 'error', message: `"${displayValue(value)}" is not an action: AWS rejects the policy. Actions are written \`service:Action\`, e.g. \`kms:Decrypt\`.` };
  }
  const { prefix, name } = split;
  if (serviceUndecided(prefix)) return undefined; // `${var.service}:GetObject`: which service is unknown here
  if (keyPolicy && prefix.toLowerCase() !== 'kms') return undefined; // reported as a non-KMS action in a key policy
  const service = catalog.service(prefix);
  if (!service) {
    const p = suggest(prefix, catalog.servicePrefixes());
    const replacement = p ? `${p}:${name}` : undefined;
    return {
      ...at,
      message: `\`${prefix}\` is not an AWS service prefix, so "${displayValue(value)}" allows or denies nothing.${didYouMean(replacement && displayValue(replacement))}`,
      data: replacement && !hasHoles(replacement) ? { fixes: [fix(`Use "${replacement}"`, [replaceNode(node, replacement)], { preferred: true })] } : undefined,
    };
  }
  if (/[*?]/.test(name) || hasHoles(name)) {
    if (catalog.matchActions(prefix, name).length > 0) return undefined;
    return { ...at, message: `"${displayValue(value)}" matches no action of ${service.name}, so it allows or denies nothing. Check the spelling of ${hasHoles(name) ? 'its fixed part' : 'the pattern'}.` };
  }
  const action = service.actions.get(name.toLowerCase());
  if (!action) {
    const replacement = likelyMeant(value, catalog);
    return {
      ...at,
      message: `\`${name}\` is not an action of ${service.name}, so "${value}" allows or denies nothing.${didYouMean(replacement)}`,
      data: replacement ? { fixes: [fix(`Use "${replacement}"`, [replaceNode(node, replacement)], { preferred: true })] } : undefined,
    };
  }
  const canonical = `${service.prefix}:${action.name}`;
  if (canonical === value) return undefined;
  return {
    ...at, severity: 'hint',
    message: `AWS matches actions without regard to case, so this works; the documented spelling is "${canonical}".`,
    data: { fixes: [fix(`Use "${canonical}"`, [replaceNode(node, canonical)], { preferred: true, safe: true })] },
  };
}

/**
 * The action a name that is not one of its service's actions most likely means (what this rule suggests), or
 * undefined. Other rules use it so that one typo gives one finding.
 */
export function likelyMeant(value: string, catalog: RuleContext['catalog']): string | undefined {
  const split = splitAction(value);
  if (!split || hasHoles(value) || /[*?]/.test(split.name)) return undefined;
  const service = catalog.service(split.prefix);
  if (!service || service.actions.has(split.name.toLowerCase())) return undefined;
  const s = familyOf(split.prefix, split.name, catalog) ?? suggest(split.name, [...service.actions.values()].map((a) => a.name));
  return s ? `${service.prefix}:${s}` : undefined;
}

/**
 * Spellings found fine, per catalog and policy kind (the verdict depends on nothing else): policies repeat the
 * same actions in many statements and across edits, so each is looked up once. Bounded for a long-lived server.
 */
const fineCache = new WeakMap<RuleContext['catalog'], Record<'key' | 'other', Set<string>>>();
function fineActions({ catalog }: RuleContext, keyPolicy: boolean): Set<string> {
  let sets = fineCache.get(catalog);
  if (!sets) fineCache.set(catalog, (sets = { key: new Set(), other: new Set() }));
  const set = sets[keyPolicy ? 'key' : 'other'];
  if (set.size > 5000) set.clear();
  return set;
}

export const unknownAction: Rule = {
  id: 'unknown-action',
  description: 'Actions and service prefixes that do not exist, and wildcards that match no action.',
  category: 'reference',
  defaultSeverity: 'warning',
  kinds: ALL_POLICY_KINDS,
  check(model, context) {
    const findings: RuleFinding[] = [];
    const keyPolicy = model.kind === 'key-policy';
    const fine = fineActions(context, keyPolicy);
    for (const st of model.statements) {
      for (const list of [st.action, st.notAction]) {
        for (const item of list?.items ?? []) {
          if (fine.has(item.value)) continue;
          const f = checkAction(item, keyPolicy, context);
          if (f) findings.push(f);
          else fine.add(item.value);
        }
      }
    }
    return findings;
  },
};
