/** Protects against a kms:ViaService value that HealthLake's calls never carry (global name, unknown Region). */
import { VIA_SERVICE_PATTERN, viaServiceFor, viaServiceRegion } from '../healthlake/facts';
import { conditionStringNodes, modifyStatementInSteps } from '../healthlake/edits';
import { fixesLater } from '../findingData';
import { consequence, severityOf } from '../healthlake/messages';
import { healthLakeReadiness } from '../healthlake/readiness';
import { isKnownRegion, regionNote } from '../healthlake/regions';
import { replaceNode } from '../edits';
import { displayValue, hasHoles } from '../symbolic';
import type { Statement } from '../model';
import type { Rule, RuleFinding } from './rule';

export const healthLakeViaService: Rule = {
  id: 'healthlake-via-service',
  description: 'A kms:ViaService condition for HealthLake that is not region-qualified or names an unknown Region, so it never matches.',
  category: 'healthlake',
  defaultSeverity: 'error',
  kinds: ['key-policy'],
  check(model, { settings }) {
    const readiness = healthLakeReadiness(model, settings);
    if (!readiness) return [];
    // A Region named as a reference (`${AWS::Region}`) is written as the host writes it. In a template that names
    // no Region, the fix writes the Region the template deploys to, where the host can name it.
    const fixRegion = readiness.region.source === 'default' && model.thisRegion ? model.thisRegion : readiness.region.region;
    const symbolic = hasHoles(fixRegion);
    const region = displayValue(readiness.region.region);
    const wanted = displayValue(viaServiceFor(fixRegion));
    const findings: RuleFinding[] = [];
    for (const p of readiness.problems) {
      if (p.kind !== 'via-service' || !p.failure) continue;
      const f = p.failure;
      const bad = conditionStringNodes(f).filter((n) => /healthlake/i.test(n.value as string));
      const first = bad[0] ?? f.keyNode;
      if (!first) continue;
      const value = String(bad[0]?.value ?? '');
      const r = viaServiceRegion(value);
      const why = r === undefined
        ? `\`${value}\` is not region-qualified: HealthLake calls KMS with kms:ViaService \`healthlake.<region>.amazonaws.com\`, so under ${f.operator} it never matches`
        : !isKnownRegion(r)
          ? `\`${r}\` in \`${value}\` is not an AWS Region, so the value never matches`
          : `HealthLake's calls in ${region} carry \`${wanted}\`, which \`${value}\` does not match under ${f.operator}`;
      const like = () => (f.operator === 'StringLike' ? [] : [{
        title: `Match every Region: StringLike "${VIA_SERVICE_PATTERN}"`,
        edits: toStringLike(model.text, p.statement, f.operator, f.key, f.values.map((v) => (typeof v === 'string' && /healthlake/i.test(v) ? VIA_SERVICE_PATTERN : v))),
      }]);
      findings.push({
        offset: first.offset, length: first.length, severity: severityOf(p),
        message: `${why}; ${consequence(p)}. Use \`${wanted}\`${fixRegion === readiness.region.region ? regionNote(readiness.region) : ' (the Region it is deployed to)'}, or StringLike \`${VIA_SERVICE_PATTERN}\` for every Region.`,
        data: fixesLater(() => [
          { title: `Use "${wanted}"`, edits: bad.map((n) => replaceNode(n, viaServiceFor(fixRegion))), preferred: true, safe: symbolic || readiness.region.source !== 'default' },
          ...like(),
        ]),
      });
    }
    return findings;
  },
};

/** Moves the key to StringLike (renaming the operator when the key is its only one). */
function toStringLike(text: string, st: Statement, operator: string, key: string, values: unknown[]) {
  const value = values.length === 1 ? values[0] : [...new Set(values)];
  const op = st.condition?.operators.find((o) => o.operator === operator);
  const hasLike = st.condition?.operators.some((o) => o.operator === 'StringLike');
  if (op && op.keys.length === 1 && !hasLike) {
    return [{ offset: op.property.children![0]!.offset, length: op.property.children![0]!.length, content: '"StringLike"' },
      replaceNode(op.keys[0]!.valueNode, value)];
  }
  const remove = op && op.keys.length > 1 ? ['Condition', operator, key] : ['Condition', operator];
  return modifyStatementInSteps(text, st, [[remove, undefined], [['Condition', 'StringLike', key], value]]);
}
