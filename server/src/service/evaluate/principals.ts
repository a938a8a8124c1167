/**
 * Principal / NotPrincipal matching. An account principal (`root` or a bare account id) matches every caller
 * of that account, but only as a delegation to the account's IAM policies; a role matches its sessions.
 */
import { isAccountId, parsePrincipal, type PrincipalForm } from '../arn';
import type { EvalPrincipal, EvalPrincipalEntry } from './statements';

export interface Caller {
  /** As given in the request. */
  text: string;
  kind: 'root' | 'role' | 'user' | 'assumed-role' | 'federated-user' | 'service' | 'anonymous' | 'other';
  account?: string;
  /** Role or user name (for a session: its role's name). */
  name?: string;
}

export type PrincipalMatch = 'direct' | 'account-delegation' | 'none';

export function parseCaller(text: string): Caller {
  if (text === '*' || text.toLowerCase() === 'anonymous') return { text, kind: 'anonymous' };
  if (isAccountId(text)) return { text, kind: 'root', account: text };
  if (!text.startsWith('arn:') && /\.amazonaws\.com(\.cn)?$/.test(text)) return { text, kind: 'service' };
  const form = parsePrincipal('AWS', text);
  switch (form.form) {
    case 'account': return { text, kind: 'root', account: form.account };
    case 'role': case 'user': case 'federated-user': return { text, kind: form.form, account: form.account, name: form.name };
    case 'assumed-role': return { text, kind: 'assumed-role', account: form.account, name: form.name.split('/')[0] };
    default: return { text, kind: 'other' };
  }
}

const same = (a: string | undefined, b: string | undefined) => a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();

/** The parsed form of an entry, computed once and kept on the (cached) entry. */
const formOf = (e: EvalPrincipalEntry): PrincipalForm => (e.form ??= parsePrincipal(e.type, e.value));

/** How one principal value (of a type: AWS, Service, ...) matches the caller. */
export function matchEntry(entry: EvalPrincipalEntry, caller: Caller): PrincipalMatch {
  const { type, value } = entry;
  if (value === '*' && (type === 'AWS' || type === '*')) return 'direct';
  if (type === 'Service') return caller.kind === 'service' && same(value, caller.text) ? 'direct' : 'none';
  if (type !== 'AWS') return value === caller.text ? 'direct' : 'none';
  const form = formOf(entry);
  switch (form.form) {
    case 'account':
      if (form.account !== caller.account) return 'none';
      return caller.kind === 'root' ? 'direct' : 'account-delegation';
    case 'role':
      return form.account === caller.account && (caller.kind === 'role' || caller.kind === 'assumed-role') && same(form.name, caller.name) ? 'direct' : 'none';
    case 'user':
      return form.account === caller.account && caller.kind === 'user' && same(form.name, caller.name) ? 'direct' : 'none';
    case 'assumed-role':
    case 'federated-user':
      return value === caller.text ? 'direct' : 'none';
    default:
      return 'none';
  }
}

/** The best match of a Principal element: a direct match beats a delegation to the account. */
export function matchPrincipal(p: EvalPrincipal, caller: Caller): PrincipalMatch {
  if (p.wildcard) return 'direct';
  let best: PrincipalMatch = 'none';
  for (const e of p.entries) {
    const m = matchEntry(e, caller);
    if (m === 'direct') return m;
    if (m === 'account-delegation') best = m;
  }
  return best;
}

/**
 * Whether a NotPrincipal element exempts the caller. AWS checks the account first, then the role or user,
 * then the session: a caller is exempt only when its account is listed and (unless it is the account itself)
 * its user, role or session is listed too. A wildcard exempts everyone.
 */
export function exemptedBy(p: EvalPrincipal, caller: Caller): boolean {
  if (p.wildcard) return true;
  const direct = p.entries.some((e) => matchEntry(e, caller) === 'direct');
  if (caller.kind === 'service' || caller.kind === 'anonymous' || caller.kind === 'other') return direct;
  const accountListed = p.entries.some((e) => {
    const f = formOf(e);
    return f.form === 'account' && f.account === caller.account;
  });
  return accountListed && (caller.kind === 'root' || direct);
}
