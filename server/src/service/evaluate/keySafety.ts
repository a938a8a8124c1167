/**
 * Key safety judgements made with the evaluator: which accounts a policy is about, who keeps
 * kms:PutKeyPolicy after the Denies, and the account-root statement that restores IAM delegation.
 */
import { isAccountId, parseArn, parsePrincipal } from '../arn';
import { derived } from '../derived';
import { insertValue } from '../edits';
import type { PolicyModel } from '../model';
import type { Edit } from '../types';
import { evaluate } from './evaluate';
import { evalPolicy, type EvalPolicy, type EvalStatement } from './statements';
import type { EvalRequest, EvaluationResult } from './types';

const ACCOUNT_KEYS = new Set(['kms:calleraccount', 'aws:principalaccount', 'aws:sourceaccount', 'aws:resourceaccount']);

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

/** A request as an administrator of `account` would send it (signed, over TLS, with MFA). */
export function adminRequest(principal: string, account: string, action: string): EvalRequest {
  return {
    principal, action,
    context: {
      'kms:CallerAccount': account, 'aws:PrincipalAccount': account, 'aws:PrincipalArn': principal,
      'aws:SecureTransport': true, 'aws:MultiFactorAuthPresent': true,
    },
  };
}

export interface PutKeyPolicyCheck {
  /** Principals (root ARNs included) still allowed kms:PutKeyPolicy, directly or through the account. */
  keepers: string[];
  /** Deny statements that took it away from someone who otherwise had it. */
  denies: number[];
}

/** Who keeps kms:PutKeyPolicy: every named IAM principal and each account's root, after the Denies (`first`: stop at one). */
export function putKeyPolicyCheck(model: PolicyModel, policy: EvalPolicy = evalPolicy(model), options: { first?: boolean } = {}): PutKeyPolicyCheck {
  const candidates = new Map<string, string>();
  for (const a of policyAccounts(model)) candidates.set(`arn:aws:iam::${a}:root`, a);
  for (const st of model.statements) {
    for (const e of st.principal?.entries ?? []) {
      if (e.type !== 'AWS') continue;
      for (const v of e.values.items) {
        const f = parsePrincipal('AWS', v.value);
        if (f.form === 'role' || f.form === 'user' || f.form === 'assumed-role') candidates.set(v.value, f.account);
      }
    }
  }
  const keepers: string[] = [];
  const denies = new Set<number>();
  for (const [principal, account] of candidates) {
    const r: EvaluationResult = evaluate(policy, adminRequest(principal, account, 'kms:PutKeyPolicy'));
    if (r.decision === 'Allow') {
      keepers.push(principal);
      if (options.first) break;
    } else if (r.decision === 'ExplicitDeny') r.decidingStatements.forEach((i) => denies.add(i));
  }
  return { keepers, denies: [...denies] };
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
  const base = evalPolicy(model);
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
