/**
 * Who keeps control of a key, by evaluation: kms:PutKeyPolicy is evaluated for every principal the policy
 * names or implies (explicit ARNs, principals its conditions pin down, each account's root, and the key's own
 * account when the policy names none). What depends on the real caller (its tags, organization, network) or
 * on a hole is undecided, and a lockout is only one that holds however those resolve. A pure function of the
 * policy, so a host can ask it of every variant of a template.
 */
import { isAccountId } from '../arn';
import type { PolicyModel } from '../model';
import { hasHoles, hole } from '../symbolic';
import { evaluate } from './evaluate';
import { intendedPolicy } from './intended';
import { ContentMemo, contentKey } from './contentKey';
import { formOf, principalForm } from './principals';
import type { EvalPolicy } from './statements';
import { canonical } from './symbols';
import type { EvalRequest } from './types';

/** Condition keys that name the caller's account. */
export const ACCOUNT_KEYS = new Set(['kms:calleraccount', 'aws:principalaccount', 'aws:sourceaccount', 'aws:resourceaccount']);

/** The key's own account, when the policy names no account. */
export const THIS_ACCOUNT = hole('account', "the key's account");

export interface KeyControl {
  /** Principals (root ARNs included) certainly allowed kms:PutKeyPolicy, directly or through the account. */
  keepers: string[];
  /** Principals that may keep it, and what that depends on (references, keys the real caller's request carries). */
  maybeKeepers: { principal: string; dependsOn: string[] }[];
  /** Deny statements that took it away from someone who otherwise had it. */
  denies: number[];
  /** Nobody keeps kms:PutKeyPolicy, however the unknowns resolve. */
  lockout: boolean;
}

/** Keys the real caller's request carries that this check cannot know; the rest of what it lacks is absent. */
const OPEN = /^(aws:.*|kms:(viaservice|bypasspolicylockoutsafetycheck|resourcealiases|keyorigin|keyspec|keyusage|multiregion|multiregiontype))$/;

/** A request as an administrator of `account` would send it (signed, over TLS, with MFA). */
export function adminRequest(principal: string, account: string, action: string, extra: Record<string, string> = {}): EvalRequest {
  return {
    principal, action,
    context: {
      'kms:CallerAccount': account, 'aws:PrincipalAccount': account, 'aws:PrincipalArn': principal,
      'aws:SecureTransport': true, 'aws:MultiFactorAuthPresent': true, ...extra,
    },
  };
}

/** The same request, with what the real caller's request would carry left open. */
export const openRequest = (r: EvalRequest): EvalRequest => ({ ...r, unknownKeys: (key) => OPEN.test(key) });

interface Candidate {
  principal: string;
  account: string;
  extra: Record<string, string>;
}

/** The principals to try: named, pinned down by conditions, each account's root (the key's own, if none is named). */
export function controlCandidates(policy: EvalPolicy): Candidate[] {
  const out = new Map<string, Candidate>();
  const accounts = new Map<string, string>();
  const orgs = new Set<string>();
  const addAccount = (a: string | undefined) => { if (a && (isAccountId(a) || hasHoles(a))) accounts.set(canonical(a), a); };
  const addPrincipal = (value: string) => {
    const f = principalForm('AWS', value);
    if (f.form === 'account') addAccount(f.account);
    else if (f.form === 'role' || f.form === 'user' || f.form === 'assumed-role') {
      out.set(canonical(value), { principal: value, account: f.account, extra: {} });
      addAccount(f.account);
    } else if (f.form === 'symbol') out.set(canonical(value), { principal: value, account: THIS_ACCOUNT, extra: {} });
  };
  for (const st of policy.statements) {
    for (const e of [...(st.principal?.entries ?? []), ...(st.notPrincipal?.entries ?? [])]) {
      if (e.type !== 'AWS' || e.value === '*') continue;
      const f = formOf(e);
      if (f.form === 'invalid') addAccount(f.account);
      else if (st.principal?.entries.includes(e)) addPrincipal(e.value);
      else if ('account' in f) addAccount(f.account);
    }
    for (const c of st.conditions) {
      if (/not/i.test(c.operator)) continue;
      const key = c.key.toLowerCase();
      for (const v of c.values) {
        if (typeof v !== 'string') continue;
        if (ACCOUNT_KEYS.has(key)) addAccount(v);
        else if (key === 'aws:principalarn' && !/^arn:[^:]*:[^:]*:[^:]*:[^:]*[*?]/.test(v)) addPrincipal(v.replace(/[*?]/g, 'x'));
        else if (key === 'aws:principalorgid' && !/[*?]/.test(v)) orgs.add(v);
      }
    }
  }
  if (accounts.size === 0) accounts.set(canonical(THIS_ACCOUNT), THIS_ACCOUNT);
  // Roots first: the account's root usually keeps control, and a search for one keeper stops there.
  const roots = [...accounts.values()].map((a): Candidate => ({ principal: a === THIS_ACCOUNT ? a : `arn:aws:iam::${a}:root`, account: a, extra: {} }));
  const base = [...roots, ...[...out.values()].filter((c) => !roots.some((r) => canonical(r.principal) === canonical(c.principal)))];
  return orgs.size === 0 ? base : base.flatMap((c) => [...orgs].map((o) => ({ ...c, extra: { 'aws:PrincipalOrgID': o } })));
}

const isRoot = (principal: string) => principalForm('AWS', principal).form === 'account' || principal === THIS_ACCOUNT;

export interface KeyControlOptions {
  /** Stop at the first certain keeper. */
  first?: boolean;
  /** Stop as soon as `lockout` is answered (at the first principal that keeps, or may keep, control). */
  decide?: boolean;
}

/** Who keeps kms:PutKeyPolicy after the Denies. */
export function keyControl(policy: EvalPolicy, options: KeyControlOptions = {}): KeyControl {
  const keepers: string[] = [];
  const maybeKeepers: KeyControl['maybeKeepers'] = [];
  const denies = new Set<number>();
  for (const c of controlCandidates(policy)) {
    const r = evaluate(policy, openRequest(adminRequest(c.principal, c.account, 'kms:PutKeyPolicy', c.extra)));
    if (r.decision === 'Allow' && !r.undecided) {
      // A role allowed only through the account is the account's IAM administrators' control: its root says so.
      if (r.allowedVia === 'account-delegation' && !isRoot(c.principal)) continue;
      if (!keepers.includes(c.principal)) keepers.push(c.principal);
      if (options.first || options.decide) break;
    } else if (r.undecided?.possible.includes('Allow') || r.decision === 'Allow') {
      maybeKeepers.push({ principal: c.principal, dependsOn: r.undecided?.dependsOn ?? [] });
      if (options.decide) break;
    } else if (r.decision === 'ExplicitDeny') r.decidingStatements.forEach((i) => denies.add(i));
  }
  return { keepers, maybeKeepers, denies: [...denies], lockout: keepers.length === 0 && maybeKeepers.length === 0 };
}

/** Whether lockout holds in every variant of a policy (a template's statements that may be absent, its choices). */
export const lockoutInEveryVariant = (variants: readonly EvalPolicy[]): boolean => variants.length > 0 && variants.every((v) => keyControl(v).lockout);

/** Documents' key control by content and options: the last few policies edited, and a template's changed ones. */
const remembered = new ContentMemo<KeyControl>(16);

/**
 * Key control of a document, read as its author evidently meant its principals (see intended.ts): a pure function
 * of what the evaluator reads, remembered by it (contentKey.ts).
 */
export const modelKeyControl = (model: PolicyModel, options: KeyControlOptions = {}): KeyControl =>
  remembered.get(`${options.first ? 1 : 0}${options.decide ? 1 : 0}${contentKey(model)}`, () => keyControl(intendedPolicy(model), options));
