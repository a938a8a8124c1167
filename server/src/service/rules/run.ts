/** Running rules on a model: what every host's policies, and a plain JSON policy, are checked with. */
import type { PolicyModel } from '../model';
import type { Finding } from '../types';
import type { Rule, RuleContext } from './rule';

/** Runs each enabled rule that applies to the model's kind; a rule that throws is reported, never fatal. */
export function runRules(list: readonly Rule[], model: PolicyModel, context: RuleContext): Finding[] {
  const findings: Finding[] = [];
  for (const rule of list) {
    const override = context.settings.rules[rule.id];
    if (override === 'off') continue;
    if (!(rule.kinds as readonly string[]).includes(model.kind)) continue;
    let reported;
    try {
      reported = rule.check(model, context);
    } catch (e) {
      findings.push({ ruleId: 'internal-error', severity: 'error', offset: 0, length: 0,
        message: `The ${rule.id} check failed on this document (${(e as Error).message}). Please report it with the policy.` });
      continue;
    }
    for (const f of reported) findings.push({ ...f, ruleId: rule.id, severity: override ?? f.severity ?? rule.defaultSeverity });
  }
  return findings.sort((a, b) => a.offset - b.offset || a.ruleId.localeCompare(b.ruleId));
}
