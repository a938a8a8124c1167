/** Protects against service condition keys that none of the statement's actions supports: they are never in the request. */
import type { ActionInfo, Catalog } from '../catalog';
import { hasHoles } from '../symbolic';
import { actionsOf, keyListed } from './actionsOfStatement';
import { parseOperator } from './operators';
import { ALL_POLICY_KINDS, type Rule, type RuleFinding } from './rule';
import { conditionKeyInfo, keyNode } from './ruleHelpers';

/** Whether a request for this action can carry the key: the action's keys or those of its resource types. */
function supports(catalog: Catalog, action: ActionInfo, key: string): boolean {
  if (keyListed(action.conditionKeys, key)) return true;
  const types = catalog.service(action.service)?.resourceTypes;
  return action.resourceTypes.some((r) => keyListed(types?.get(r.name)?.conditionKeys ?? [], key));
}

const list = (names: string[]): string => (names.length <= 3 ? names.join(', ') : `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`);

export const conditionKeyApplies: Rule = {
  id: 'condition-key-not-applicable',
  description: "Service condition keys that none of the statement's actions supports (another service's keys, keys of resources the actions do not use).",
  category: 'reference',
  defaultSeverity: 'warning',
  kinds: ALL_POLICY_KINDS,
  check(model, { catalog }) {
    const findings: RuleFinding[] = [];
    for (const st of model.statements) {
      if (!st.condition) continue;
      const named = actionsOf(st, catalog);
      if (!named) continue;
      const actions = named.flatMap((n) => n.actions);
      for (const op of st.condition.operators) {
        const parsed = parseOperator(op.operator);
        if (!parsed.family) continue; // an unknown operator is reported on its own
        for (const k of op.keys) {
          if (hasHoles(k.key)) continue;
          const info = conditionKeyInfo(catalog, k.key);
          if (!info || info.global || info.oidc) continue; // unknown keys are reported on their own; global keys apply to every request
          if (actions.some((a) => supports(catalog, a, k.key))) continue;
          const node = keyNode(k.property);
          const prefix = k.key.slice(0, k.key.indexOf(':')).toLowerCase();
          const services = [...new Set(actions.map((a) => a.service))];
          const shown = list(named.map((n) => `\`${n.item.value}\``));
          const why = services.includes(prefix)
            ? `none of ${shown} supports it (see the Service Authorization Reference for ${catalog.serviceName(prefix)})`
            : `it is a key of ${catalog.serviceName(prefix) ?? prefix}, and this statement's actions (${shown}) belong to ${services.map((s) => catalog.serviceName(s) ?? s).join(', ')}`;
          const effect = parsed.family === 'Null' || parsed.negated || parsed.ifExists
            ? 'so this condition always holds and restricts nothing'
            : `so this condition never matches and the statement never applies (${st.effect?.value === 'Deny' ? 'a Deny denies' : 'an Allow allows'} nothing)`;
          findings.push({ offset: node.offset, length: node.length, message: `\`${k.key}\` is never in these requests: ${why}, ${effect}.` });
        }
      }
    }
    return findings;
  },
};
