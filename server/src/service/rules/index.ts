/** The rule registry: a list. Settings can change a rule's severity or switch it off. */
import type { Rule } from './rule';
import { documentLimits } from './documentLimits';
import { jsonSyntax } from './jsonSyntax';

export const rules: readonly Rule[] = [
  documentLimits,
  jsonSyntax,
];

export function ruleById(id: string): Rule | undefined {
  return rules.find((r) => r.id === id);
}
