/** Protects against set operators on single-valued keys and plain operators on multi-valued keys. */
import type { ConditionOperatorEntry } from '../model';
import { ALL_POLICY_KINDS, type Rule, type RuleFinding } from './rule';
import { keyFamily, parseOperator } from './operators';
import { conditionKeyInfo, fix, keyNode } from './ruleHelpers';
import { replaceNode } from '../edits';
import type { Catalog } from '../catalog';

/** What a plain operator does with a multi-valued key; the evaluator (evaluate/conditions.ts) and hover say the same. */
export const MULTI_VALUED_PLAIN = (operator: string, negated: boolean): string =>
  `a plain ${operator} compares a single value, so it matches only a request with exactly one value for the key, and that value ${negated ? 'not ' : ''}listed; a request with several values never matches.`;

const multiValued = (catalog: Catalog, key: string): boolean | undefined => {
  const info = conditionKeyInfo(catalog, key);
  return info ? keyFamily(info.type).multi : undefined;
};

/** A fix renaming the operator, offered only when every key under it wants the same and the name is free. */
function renameFix(op: ConditionOperatorEntry, to: string, siblings: Set<string>, title: string, preferred: boolean) {
  return siblings.has(to) ? [] : [fix(title, [replaceNode(keyNode(op.property), to)], { preferred })];
}

export const setOperator: Rule = {
  id: 'set-operator',
  description: 'ForAllValues/ForAnyValue on single-valued condition keys, or a plain operator on a multi-valued key.',
  category: 'grammar',
  defaultSeverity: 'warning',
  kinds: ALL_POLICY_KINDS,
  check(model, { catalog }) {
    const findings: RuleFinding[] = [];
    for (const st of model.statements) {
      const siblings = new Set(st.condition?.operators.map((o) => o.operator));
      for (const op of st.condition?.operators ?? []) {
        const parsed = parseOperator(op.operator);
        if (!parsed.family || parsed.family === 'Null') continue;
        const kinds = op.keys.map((k) => multiValued(catalog, k.key));
        const plainName = op.operator.slice(parsed.set ? parsed.set.length + 1 : 0);
        op.keys.forEach((k, i) => {
          const node = keyNode(k.property);
          if (parsed.set && kinds[i] === false) {
            const allSingle = kinds.every((m) => m === false);
            findings.push({
              offset: node.offset, length: node.length,
              severity: parsed.set === 'ForAllValues' ? 'warning' : 'info',
              message: parsed.set === 'ForAllValues'
                ? `\`${k.key}\` is single-valued: ForAllValues is almost always a mistake here, because it is also true when the key is absent from the request. Use \`${plainName}\`.`
                : `\`${k.key}\` is single-valued: ForAnyValue works but is discouraged here. Use \`${plainName}\`.`,
              data: allSingle ? { fixes: renameFix(op, plainName, siblings, `Use \`${plainName}\``, true) } : undefined,
            });
          } else if (!parsed.set && kinds[i] === true) {
            const allMulti = kinds.every((m) => m === true);
            findings.push({
              offset: node.offset, length: node.length,
              message: `\`${k.key}\` is multi-valued: ${MULTI_VALUED_PLAIN(op.operator, parsed.negated)} Use \`ForAnyValue:${op.operator}\` (at least one value listed) or \`ForAllValues:${op.operator}\` (every value listed; also true when there are none).`,
              data: allMulti ? { fixes: [
                ...renameFix(op, `ForAnyValue:${op.operator}`, siblings, `Use \`ForAnyValue:${op.operator}\` (any listed value)`, false),
                ...renameFix(op, `ForAllValues:${op.operator}`, siblings, `Use \`ForAllValues:${op.operator}\` (only listed values)`, false),
              ] } : undefined,
            });
          }
        });
      }
    }
    return findings;
  },
};
