/**
 * Key safety judgements made with the evaluator: which accounts a policy is about, who keeps
 * kms:PutKeyPolicy after the Denies, and the account-root statement that restores IAM delegation.
 */
import { isAccountId, parseArn, parsePrincipal } from '../arn';
import { derived } from '../derived';
import { insertValue } from '../edits';
import type { PolicyModel } from '../model';
import type { Edit } from '../types';
import { intendedPolicy } from './intended';
import { ACCOUNT_KEYS, keyControl, type KeyControl } from './lockout';
import type { EvalPolicy, EvalStatement } from './statements';

const ACCOUNTS = Symbol('policyAccounts');

/** Accounts named by principals, ARNs and account condition values, most frequent first. */
export function policyAccounts(model: PolicyModel): string[] {
  return derived(model, ACCOUNTS, () => collectAccounts(model));
}

function collectAccounts(model: PolicyModel): string[] {
  const counts = new Map<string, number>();
  const add = (a: string | undefined) => { if (a && isAccountId(a)) counts.set(a, (counts.get(a) ?? 0) + 1); };
  for (const st of model.statements) {
    for (const e of [...(st.principal?.entries ?? []), ...(st.notPrincipal?.entries ?? [])]) {
      for (const v of e.values.items) {
        const f = parsePrincipal(e.type, v.value);
        add('account' in f ? f.account : undefined);
      }
    }
    for (const r of [...(st.resource?.items ?? []), ...(st.notResource?.items ?? [])]) add(parseArn(r.value)?.account);
    for (const op of st.condition?.operators ?? []) {
      for (const k of op.keys) {
        for (const v of k.values) {
          if (typeof v.value !== 'string') continue;
          if (ACCOUNT_KEYS.has(k.key.toLowerCase())) add(v.value);
          else add(parseArn(v.value)?.account);
        }
      }
    }
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([a]) => a);
}

export { adminRequest, keyControl, lockoutInEveryVariant, type KeyControl } from './lockout';

/** What putKeyPolicyCheck answers (kept for callers of the first version; see KeyControl). */
export type PutKeyPolicyCheck = KeyControl;

/**
 * Who keeps kms:PutKeyPolicy (lockout.ts). By default the policy is read as its author evidently meant its
 * principals (intended.ts), so a malformed principal leaves the answer undecided rather than a lockout.
 */
export function putKeyPolicyCheck(model: PolicyModel, policy: EvalPolicy = intendedPolicy(model), options: { first?: boolean } = {}): PutKeyPolicyCheck {
  return keyControl(policy, options);
}

/** The statement that lets the account's IAM policies manage and use the key (the programmatic default). */
export const accountRootStatement = (account: string) => ({
  Sid: 'Enable IAM User Permissions',
  Effect: 'Allow',
  Principal: { AWS: `arn:aws:iam::${account}:root` },
  Action: 'kms:*',
  Resource: '*',
});

/** The policy with the account-root statement added (to check that adding it would help). */
export function withAccountRoot(model: PolicyModel, account: string): EvalPolicy {
  const base = intendedPolicy(model);
  const st = accountRootStatement(account);
  const extra: EvalStatement = {
    index: base.statements.length, sid: st.Sid, effect: 'Allow', principal: { wildcard: false, entries: [{ type: 'AWS', value: st.Principal.AWS }] },
    action: ['kms:*'], resource: ['*'], conditions: [],
  };
  return { ...base, statements: [...base.statements, extra] };
}

/** Edits that append a statement (turning a single-statement object into an array). */
export function addStatementEdits(model: PolicyModel, statement: object): Edit[] {
  const node = model.statementNode;
  if (node?.type === 'array') return insertValue(model.text, ['Statement'], -1, statement);
  if (node?.type === 'object') {
    const old = model.text.slice(node.offset, node.offset + node.length);
    return [{ offset: node.offset, length: node.length, content: `[${old}, ${JSON.stringify(statement)}]` }];
  }
  return [];
}
