/** Protects against condition keys that do not exist: a condition on a key never present never matches. */
import type { Catalog, ConditionKeyInfo } from '../catalog';
import { didYouMean, editDistance, suggest } from '../suggest';
import { ALL_POLICY_KINDS, type Rule, type RuleFinding } from './rule';
import { conditionKeyInfo, fix, keyNode } from './ruleHelpers';
import { replaceNode } from '../edits';

/** For templated keys (`aws:ResourceTag/${TagKey}`): keep the user's tag part, correct the fixed part. */
function templatedSuggestion(key: string, infos: ConditionKeyInfo[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const info of infos) {
    const at = info.key.indexOf('${');
    if (at <= 0) continue;
    const head = info.key.slice(0, at);
    const sep = head[head.length - 1]!;
    for (let i = key.indexOf(sep); i >= 0 && i < key.length - 1; i = key.indexOf(sep, i + 1)) {
      const d = editDistance(key.slice(0, i + 1).toLowerCase(), head.toLowerCase(), bestDistance - 1);
      if (d < bestDistance) {
        bestDistance = d;
        best = head + key.slice(i + 1);
      }
    }
  }
  return best;
}

function suggestKey(catalog: Catalog, key: string): string | undefined {
  const prefix = key.slice(0, key.indexOf(':'));
  const infos = [...(prefix.toLowerCase() === 'aws' ? [] : catalog.service(prefix)?.conditionKeys ?? []), ...catalog.globalKeys];
  const plain = infos.filter((i) => !i.key.includes('${')).map((i) => i.key);
  return suggest(key, plain) ?? templatedSuggestion(key, infos);
}

export const conditionKey: Rule = {
  id: 'unknown-condition-key',
  description: 'Condition keys that no service or global context defines (keys are case-insensitive).',
  category: 'reference',
  defaultSeverity: 'warning',
  kinds: ALL_POLICY_KINDS,
  check(model, { catalog }) {
    const findings: RuleFinding[] = [];
    for (const st of model.statements) {
      for (const op of st.condition?.operators ?? []) {
        for (const k of op.keys) {
          if (conditionKeyInfo(catalog, k.key)) continue;
          const node = keyNode(k.property);
          const colon = k.key.indexOf(':');
          const prefix = colon > 0 ? k.key.slice(0, colon) : '';
          let message: string;
          let suggestion: string | undefined;
          if (colon <= 0) {
            message = `\`${k.key}\` is not a condition key: keys look like \`service:Name\` (e.g. \`kms:ViaService\`), so this condition never matches.`;
          } else if (prefix.toLowerCase() !== 'aws' && !catalog.service(prefix)) {
            const p = suggest(prefix, catalog.servicePrefixes());
            suggestion = p ? p + k.key.slice(colon) : undefined;
            message = `\`${prefix}\` is not an AWS service prefix, so the key \`${k.key}\` is never in a request and this condition never matches.${didYouMean(suggestion)}`;
          } else {
            suggestion = suggestKey(catalog, k.key);
            message = `\`${k.key}\` is not a known condition key, so it is never in a request and this condition never matches (an Allow allows nothing; a negated Deny denies everything).${didYouMean(suggestion)}`;
          }
          findings.push({
            offset: node.offset, length: node.length, message,
            data: suggestion ? { fixes: [fix(`Use \`${suggestion}\``, [replaceNode(node, suggestion)], { preferred: true })] } : undefined,
          });
        }
      }
    }
    return findings;
  },
};
