/** Protects against IAM policies that name a KMS key by alias ARN: that Resource never covers using the key. */
import { parseArn } from '../arn';
import { isKmsAlias, wholeArnType } from '../arnTypes';
import { displayValue, hasHoles } from '../symbolic';
import { replaceNode } from '../edits';
import { modifyStatementInSteps } from '../healthlake/edits';
import { fixesLater } from '../findingData';
import type { Rule, RuleFinding } from './rule';
import type { ActionInfo, Catalog } from '../catalog';
import type { Statement, StringValue } from '../model';
import type { Edit } from '../types';

/** The statement's KMS actions that authorize on the key only (CreateAlias and friends also take the alias: those are fine). */
export function keyOnlyActions(st: Statement, catalog: Catalog): ActionInfo[] {
  return (st.action?.items ?? []).flatMap((a) => {
    const m = /^kms:(.+)$/i.exec(a.value);
    return m ? catalog.matchActions('kms', m[1]!) : [];
  }).filter((a) => a.resourceTypes.some((r) => r.name === 'key') && !a.resourceTypes.some((r) => r.name === 'alias'));
}

/** Edits naming every key of the account in place of `item`, with a kms:ResourceAliases condition for `alias` (`alias/x`). */
export const resourceAliasesEdits = (text: string, st: Statement, item: StringValue, anyKey: string, alias: string): Edit[] =>
  modifyStatementInSteps(text, st, [
    [st.resource!.isArray ? ['Resource', st.resource!.node.children!.indexOf(item.node)] : ['Resource'], anyKey],
    [['Condition', 'ForAnyValue:StringEquals', 'kms:ResourceAliases'], alias],
  ]);

export const aliasResource: Rule = {
  id: 'alias-resource',
  description: 'KMS key actions on an alias ARN in an IAM policy, which does not cover the key itself.',
  category: 'reference',
  defaultSeverity: 'warning',
  kinds: ['identity-policy'],
  check(model, { catalog }) {
    const findings: RuleFinding[] = [];
    for (const st of model.statements) {
      if (!st.resource || !st.action) continue;
      const keyOnly = keyOnlyActions(st, catalog);
      if (keyOnly.length === 0) continue;
      const message = (shown: string) => `\`${shown}\` is an alias ARN: IAM authorizes \`kms:${keyOnly[0]!.name}\`${keyOnly.length > 1 ? ' and the other key actions' : ''} on the key's ARN, so this Resource never matches and the key cannot be used. Name the key by its key ARN, or allow keys with this alias through a kms:ResourceAliases condition.`;
      for (const item of st.resource.items) {
        // A reference to an alias (`aws_kms_alias.a.arn`): no fix, the key's own reference is elsewhere.
        if (isKmsAlias(wholeArnType(item.value, catalog))) {
          findings.push({ offset: item.node.offset, length: item.node.length, message: message(displayValue(item.value)) });
          continue;
        }
        const arn = parseArn(item.value);
        if (!arn || arn.service !== 'kms' || !arn.resource.startsWith('alias/')) continue;
        const keyArn = `arn:${arn.partition}:kms:${arn.region}:${arn.account}:key/KEY-ID`;
        const anyKey = `arn:${arn.partition}:kms:${arn.region}:${arn.account}:key/*`;
        findings.push({
          offset: item.node.offset, length: item.node.length,
          message: message(displayValue(item.value)),
          data: hasHoles(item.value) ? undefined : fixesLater(() => [
            { title: 'Use the key ARN (fill in the key id)', edits: [replaceNode(item.node, keyArn)], preferred: true },
            { title: `Allow keys with ${arn.resource} (kms:ResourceAliases)`, edits: resourceAliasesEdits(model.text, st, item, anyKey, arn.resource) },
          ]),
        });
      }
    }
    return findings;
  },
};
