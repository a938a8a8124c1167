/** Protects against a key policy Allow that any AWS account can use: `"*"` without a condition that scopes it. */
import { evaluate, type EvalPolicy } from '../evaluate/index';
import { evalPolicy } from '../evaluate/statements';
import { adminRequest, policyAccounts } from '../evaluate/keySafety';
import { setConditionKey, withEdits } from '../healthlake/edits';
import type { Node } from '../model';
import type { Rule, RuleFinding } from './rule';

/** Actions an outsider would try; plus the statement's own literal actions. */
const PROBES = ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:ReEncryptFrom', 'kms:DescribeKey', 'kms:CreateGrant', 'kms:PutKeyPolicy', 'kms:ScheduleKeyDeletion'];

export const publicPrincipal: Rule = {
  id: 'public-principal',
  description: 'An Allow to "*" or {"AWS": "*"} that no condition (kms:CallerAccount, kms:ViaService, aws:PrincipalOrgID, ...) scopes.',
  category: 'safety',
  defaultSeverity: 'warning',
  kinds: ['key-policy'],
  check(model) {
    const accounts = policyAccounts(model);
    const outsider = ['999999999999', '999999999998', '999999999997'].find((a) => !accounts.includes(a))!;
    const caller = `arn:aws:iam::${outsider}:role/Outsider`;
    const base = evalPolicy(model);
    const findings: RuleFinding[] = [];
    for (const st of model.statements) {
      if (st.effect?.value !== 'Allow' || !st.principal) continue;
      const star: Node | undefined = st.principal.wildcard?.node
        ?? st.principal.entries.find((e) => e.type === 'AWS')?.values.items.find((v) => v.value === '*')?.node;
      if (!star) continue;
      // Judged by the evaluator: does this statement alone let a caller from an unrelated account in?
      const alone: EvalPolicy = { ...base, statements: [base.statements[st.index]!] };
      const literal = (st.action?.items ?? []).map((i) => i.value).filter((a) => !/[*?]/.test(a));
      const open = [...new Set([...literal, ...PROBES])].filter((a) => evaluate(alone, adminRequest(caller, outsider, a)).decision === 'Allow');
      if (open.length === 0) continue;
      const account = accounts[0];
      findings.push({
        offset: star.offset, length: star.length,
        message: `Any AWS account can use this statement (it allows ${open.slice(0, 3).map((a) => `\`${a}\``).join(', ')}${open.length > 3 ? ', ...' : ''} to a caller from an unrelated account): the key and the data it protects are public to every AWS principal. Scope it with a condition such as kms:CallerAccount, kms:ViaService or aws:PrincipalOrgID.`,
        data: account ? { fixes: withEdits([{ title: `Limit to account ${account} (kms:CallerAccount)`, edits: setConditionKey(model.text, st, 'StringEquals', 'kms:CallerAccount', account), preferred: true }]) } : undefined,
      });
    }
    return findings;
  },
};
