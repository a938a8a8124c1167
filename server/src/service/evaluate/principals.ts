/**
 * Principal / NotPrincipal matching. An account principal (`root` or a bare account id) matches every caller
 * of that account, but only as a delegation to the account's IAM policies; a role matches its sessions.
 */
import { isAccountId, parsePrincipal, type PrincipalForm } from '../arn';
import { hasHoles, holes, isWholeHole, referenceAccount } from '../symbolic';
import { triEquals, triOr, type Tri } from './symbols';

/** How the evaluator reads a principal: as AWS does, or `symbol` for a value that is a reference as a whole. */
export type EvalPrincipalForm = PrincipalForm | { form: 'symbol' };

export interface EvalPrincipalEntry {
  type: string;
  value: string;
  /** How AWS reads the value; parsed once, on first use. */
  form?: EvalPrincipalForm;
}

export interface EvalPrincipal {
  /** `"Principal": "*"` */
  wildcard: boolean;
  entries: EvalPrincipalEntry[];
}

/**
 * The form of a principal value that may have holes: each hole stands in for what its position needs (an
 * account id, a name), the value is parsed, and the holes are put back, so `arn:aws:iam::${AWS::AccountId}:root`
 * is that account's root. A value that is one reference, or that only a reference could make valid, is a symbol.
 */
export function principalForm(type: string, value: string): EvalPrincipalForm {
  if (!hasHoles(value)) return parsePrincipal(type, value);
  if (isWholeHole(value)) return { form: 'symbol' };
  const found = holes(value);
  let masked = '';
  let last = 0;
  const back: [string, string][] = [];
  found.forEach((h, i) => {
    const stand = h.kind === 'partition' ? 'aws' : `0000000000${10 + i}`;
    masked += value.slice(last, h.start) + stand;
    if (h.kind !== 'partition') back.push([stand, value.slice(h.start, h.end)]);
    last = h.end;
  });
  masked += value.slice(last);
  const form = parsePrincipal(type, masked);
  const restore = (s: string) => back.reduce((acc, [stand, text]) => acc.split(stand).join(text), s);
  // What the literal part already decides is kept (`...:${AWS::AccountId}:HealthLakeFullAccessRole` lacks `role/`).
  if (form.form === 'invalid' && form.suggestion) return { ...form, suggestion: restore(form.suggestion), account: form.account && restore(form.account) };
  if (form.form === 'invalid' || form.form === 'wildcard') return { form: 'symbol' };
  switch (form.form) {
    case 'account': return { ...form, account: restore(form.account) };
    case 'role': case 'user': case 'assumed-role': case 'federated-user': case 'group':
      return { ...form, account: restore(form.account), name: restore(form.name), path: restore(form.path) };
    case 'service': return { form: 'service', service: value };
    case 'federated': return { form: 'federated', provider: value };
    default: return { form: 'symbol' };
  }
}

export interface Caller {
  /** As given in the request. */
  text: string;
  kind: 'root' | 'role' | 'user' | 'assumed-role' | 'federated-user' | 'service' | 'anonymous' | 'other';
  account?: string;
  /** Role or user name (for a session: its role's name). */
  name?: string;
}

/** `maybe`: whether the statement names the caller depends on a hole. */
export type PrincipalMatch = 'direct' | 'account-delegation' | 'none' | 'maybe';

export function parseCaller(text: string): Caller {
  if (text === '*' || text.toLowerCase() === 'anonymous') return { text, kind: 'anonymous' };
  if (isAccountId(text) || (isWholeHole(text) && holes(text)[0]!.kind === 'account')) return { text, kind: 'root', account: text };
  if (!text.startsWith('arn:') && /\.amazonaws\.com(\.cn)?$/.test(text)) return { text, kind: 'service' };
  const kind = isWholeHole(text) ? holes(text)[0]!.kind : undefined;
  if (kind === 'arn:role' || kind === 'arn:user') return { text, kind: kind === 'arn:role' ? 'role' : 'user', account: referenceAccount(text) };
  const form = principalForm('AWS', text);
  switch (form.form) {
    case 'account': return { text, kind: 'root', account: form.account };
    case 'role': case 'user': case 'federated-user': return { text, kind: form.form, account: form.account, name: form.name };
    case 'assumed-role': return { text, kind: 'assumed-role', account: form.account, name: form.name.split('/')[0] };
    default: return { text, kind: 'other' };
  }
}

/** Case-insensitive equality of names and accounts, undecided where a hole is involved. */
const same = (a: string | undefined, b: string | undefined): Tri => (a !== undefined && b !== undefined ? triEquals(a, b, true) : false);

/** The parsed form of an entry, computed once and kept on the (cached) entry. */
export const formOf = (e: EvalPrincipalEntry): EvalPrincipalForm => (e.form ??= principalForm(e.type, e.value));

/** `direct` when certain, `maybe` when it depends on a hole. */
const when = (t: Tri, m: PrincipalMatch = 'direct'): PrincipalMatch => (t === true ? m : t === 'maybe' ? 'maybe' : 'none');
const both = (a: Tri, b: boolean | Tri, c: Tri = true): Tri => (a === false || b === false || c === false ? false : a === true && b === true && c === true ? true : 'maybe');

/** How one principal value (of a type: AWS, Service, ...) matches the caller. */
export function matchEntry(entry: EvalPrincipalEntry, caller: Caller): PrincipalMatch {
  const { type, value } = entry;
  if (value === '*' && (type === 'AWS' || type === '*')) return 'direct';
  if (type === 'Service') return caller.kind === 'service' ? when(same(value, caller.text)) : 'none';
  if (type !== 'AWS') return when(triEquals(value, caller.text));
  const form = formOf(entry);
  switch (form.form) {
    case 'symbol':
    case 'unknown':
      return when(triEquals(value, caller.text)) === 'direct' ? 'direct' : 'maybe';
    case 'account': {
      const account = same(form.account, caller.account);
      return when(account, caller.kind === 'root' ? 'direct' : 'account-delegation');
    }
    case 'role':
      return when(both(same(form.account, caller.account), caller.kind === 'role' || caller.kind === 'assumed-role', same(form.name, caller.name)));
    case 'user':
      return when(both(same(form.account, caller.account), caller.kind === 'user', same(form.name, caller.name)));
    case 'assumed-role':
    case 'federated-user':
      return when(triEquals(value, caller.text));
    default:
      return 'none';
  }
}

const RANK: Record<PrincipalMatch, number> = { direct: 3, 'account-delegation': 2, maybe: 1, none: 0 };

/** The best match of a Principal element: a direct match beats a delegation to the account, which beats an undecided one. */
export function matchPrincipal(p: EvalPrincipal, caller: Caller): PrincipalMatch {
  if (p.wildcard) return 'direct';
  let best: PrincipalMatch = 'none';
  for (const e of p.entries) {
    const m = matchEntry(e, caller);
    if (m === 'direct') return m;
    if (RANK[m] > RANK[best]) best = m;
  }
  return best;
}

/**
 * Whether a NotPrincipal element exempts the caller. AWS checks the account first, then the role or user,
 * then the session: a caller is exempt only when its account is listed and (unless it is the account itself)
 * its user, role or session is listed too. A wildcard exempts everyone.
 */
export function exemptedBy(p: EvalPrincipal, caller: Caller): Tri {
  if (p.wildcard) return true;
  const asTri = (m: PrincipalMatch): Tri => (m === 'direct' ? true : m === 'maybe' ? 'maybe' : false);
  const direct = p.entries.reduce<Tri>((acc, e) => triOr(acc, asTri(matchEntry(e, caller))), false);
  if (caller.kind === 'service' || caller.kind === 'anonymous' || caller.kind === 'other') return direct;
  const accountListed = p.entries.reduce<Tri>((acc, e) => {
    const f = formOf(e);
    return triOr(acc, f.form === 'account' ? same(f.account, caller.account) : f.form === 'symbol' ? 'maybe' : false);
  }, false);
  return both(accountListed, caller.kind === 'root' ? true : direct);
}
