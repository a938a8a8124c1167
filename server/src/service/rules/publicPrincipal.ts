/** Protects against a resource policy Allow that any AWS account can use: `"*"` without a condition that scopes it. */
import type { Catalog } from '../catalog';
import { evalPolicy, isTrustStatement } from '../evaluate/statements';
import { policyAccounts } from '../evaluate/keySafety';
import { outsiderAccount, publicActions } from '../evaluate/publicAccess';
import { setConditionKey } from '../healthlake/edits';
import { fixesLater } from '../findingData';
import type { Node, PolicyModel, Statement } from '../model';
import type { Rule, RuleFinding } from './rule';

/** A statement of a role's trust policy, which names no Resource: the role is the resource. */
const trust = (model: PolicyModel, st: Statement) => !st.resource && !st.notResource && (model.trustPolicy === true || isTrustStatement(st));

/** Key actions an outsider would try. */
const KEY_PROBES = ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:ReEncryptFrom', 'kms:DescribeKey', 'kms:CreateGrant', 'kms:PutKeyPolicy', 'kms:ScheduleKeyDeletion'];

/** The statement's literal actions, a few actions each wildcard covers, and (for NotAction) actions of the services it names. */
function probesOf(st: Statement, catalog: Catalog, keyPolicy: boolean): string[] {
  const out = keyPolicy ? [...KEY_PROBES] : [];
  const patterns = [...(st.action?.items ?? []), ...(st.notAction?.items ?? [])].map((i) => i.value);
  for (const p of patterns) {
    const colon = p.indexOf(':');
    if (!/[*?]/.test(p)) out.push(p);
    else if (p === '*') out.push(keyPolicy ? 'kms:Decrypt' : '*');
    else if (colon > 0) out.push(...catalog.matchActions(p.slice(0, colon), p.slice(colon + 1)).slice(0, 5).map((a) => `${p.slice(0, colon)}:${a.name}`));
  }
  if (st.notAction) {
    for (const prefix of new Set(patterns.map((p) => p.split(':')[0]!))) {
      out.push(...[...(catalog.service(prefix)?.actions.values() ?? [])].slice(0, 20).map((a) => `${prefix}:${a.name}`));
    }
  }
  return out;
}

export const publicPrincipal: Rule = {
  id: 'public-principal',
  description: 'An Allow to "*" or {"AWS": "*"} that no condition (kms:CallerAccount, kms:ViaService, aws:PrincipalOrgID, ...) scopes.',
  category: 'safety',
  defaultSeverity: 'warning',
  kinds: ['key-policy', 'resource-policy'],
  check(model, { catalog }) {
    const accounts = policyAccounts(model);
    const outsider = outsiderAccount(accounts);
    const policy = evalPolicy(model);
    const keyPolicy = model.kind === 'key-policy';
    const findings: RuleFinding[] = [];
    for (const st of model.statements) {
      if (st.effect?.value !== 'Allow' || !st.principal) continue;
      const star: Node | undefined = st.principal.wildcard?.node
        ?? st.principal.entries.find((e) => e.type === 'AWS')?.values.items.find((v) => v.value === '*')?.node;
      if (!star) continue;
      // Judged by the evaluator: does this statement alone let a caller from an unrelated account in?
      const open = publicActions(policy, st.index, probesOf(st, catalog, keyPolicy), outsider);
      if (open.length === 0) continue;
      const account = accounts[0];
      const allowed = open[0] === '*' ? 'every action' : `${open.slice(0, 3).map((a) => `\`${a}\``).join(', ')}${open.length > 3 ? ', ...' : ''}`;
      const key = keyPolicy ? 'kms:CallerAccount' : 'aws:PrincipalAccount';
      findings.push({
        offset: star.offset, length: star.length,
        message: keyPolicy
          ? `Any AWS account can use this statement (it allows ${allowed} to a caller from an unrelated account): the key and the data it protects are public to every AWS principal. Scope it with a condition such as kms:CallerAccount, kms:ViaService or aws:PrincipalOrgID.`
          : trust(model, st)
            ? `Any AWS account can assume this role (the statement allows ${allowed} to a caller from an unrelated account), and act with every permission the role has. Name the principals that may assume it, or scope it with a condition such as aws:PrincipalOrgID or aws:PrincipalAccount.`
            : `Any AWS account can use this statement (it allows ${allowed} to a caller from an unrelated account): the resource is public to every AWS principal. Scope it with a condition such as aws:PrincipalOrgID or aws:PrincipalAccount, or name the principals.`,
        data: account ? fixesLater(() => [{ title: `Limit to account ${account} (${key})`, edits: setConditionKey(model.text, st, 'StringEquals', key, account), preferred: true }]) : undefined,
      });
    }
    return findings;
  },
};
