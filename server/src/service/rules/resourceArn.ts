/** Protects against Resource values that are not ARNs, name no real service or account, or can never match (arnNeverMatches.ts). */
import { arnUndecided, isAccountId, isKnownPartition, isRegionName, parseArn, undecided } from '../arn';
import { serviceUndecided } from '../catalog';
import { displayValue, hasHoles } from '../symbolic';
import type { PolicyModel, Statement, StringValue } from '../model';
import { neverMatches } from './arnNeverMatches';
import { didYouMean, suggest } from '../suggest';
import type { Catalog } from '../catalog';
import { type Rule, type RuleFinding } from './rule';
import { fix } from './ruleHelpers';
import { replaceNode } from '../edits';

const wild = (s: string): boolean => /[*?]|\$\{/.test(s);

/** What is wrong with one Resource value of an identity policy as an ARN, if anything: this rule's finding on it. */
export function resourceArnProblem(item: StringValue, st: Statement, model: PolicyModel, catalog: Catalog): RuleFinding | undefined {
  const { value, node } = item;
  if (value === '*' || arnUndecided(value)) return undefined;
  const at = { offset: node.offset, length: node.length };
  const shown = displayValue(value);
  const arn = parseArn(value);
  if (!arn) {
    return { ...at, severity: 'error', message: `"${shown}" is not an ARN: AWS rejects the policy. A resource is "*" or an ARN such as arn:aws:kms:us-east-1:111122223333:key/<key-id>.` };
  }
  if (!wild(arn.partition) && !undecided(arn.partition) && !isKnownPartition(arn.partition)) {
    return { ...at, message: `\`${displayValue(arn.partition)}\` is not an AWS partition (aws, aws-cn, aws-us-gov, ...), so this resource matches nothing.` };
  }
  if (!wild(arn.service) && !serviceUndecided(arn.service) && !catalog.service(arn.service)) {
    const s = suggest(arn.service, catalog.servicePrefixes());
    const replacement = s ? value.replace(`:${arn.service}:`, `:${s}:`) : undefined;
    return {
      ...at, message: `\`${arn.service}\` is not an AWS service, so this resource matches nothing.${didYouMean(s)}`,
      data: replacement && !hasHoles(replacement) ? { fixes: [fix(`Use "${replacement}"`, [replaceNode(node, replacement)], { preferred: true })] } : undefined,
    };
  }
  if (arn.region !== '' && !wild(arn.region) && !undecided(arn.region) && !isRegionName(arn.region)) {
    return { ...at, message: `\`${displayValue(arn.region)}\` is not a Region name (such as us-east-1), so this resource matches nothing.` };
  }
  if (arn.account !== '' && !wild(arn.account) && !undecided(arn.account) && !isAccountId(arn.account) && arn.account !== 'aws') {
    return { ...at, message: `\`${displayValue(arn.account)}\` is not a 12-digit account id, so this resource matches nothing.` };
  }
  if (arn.resource === '') {
    return { ...at, message: `"${shown}" names no resource after the account: this matches nothing. Add the resource part (e.g. key/<key-id>) or use a wildcard.` };
  }
  return neverMatches(item, arn, st, model, catalog);
}

export const resourceArn: Rule = {
  id: 'resource-arn',
  description: 'Resource values in identity policies that are not well-formed ARNs for a real service.',
  category: 'grammar',
  defaultSeverity: 'warning',
  kinds: ['identity-policy'],
  check(model, { catalog }) {
    const findings: RuleFinding[] = [];
    for (const st of model.statements) {
      for (const item of [...(st.resource?.items ?? []), ...(st.notResource?.items ?? [])]) {
        const f = resourceArnProblem(item, st, model, catalog);
        if (f) findings.push(f);
      }
    }
    return findings;
  },
};
