/**
 * The principals either version of a key policy names or implies: the accounts it is about (as their root),
 * IAM roles, users and sessions in Principal, NotPrincipal and aws:PrincipalArn values, service principals,
 * always "anyone" (a caller from an unrelated account), and anyone whose request carries a value a condition
 * names (an organization, a principal tag, a VPC endpoint): changing an organization id is a change.
 */
import { parsePrincipal } from '../arn';
import { displayValue } from '../symbolic';
import type { PolicyModel } from '../model';
import { policyAccounts } from './judgements';
import type { DiffPrincipal } from './types';

const ORDER: DiffPrincipal['kind'][] = ['account', 'role', 'user', 'session', 'service', 'anyone'];
export const ANYONE: DiffPrincipal = { id: '*', label: 'anyone (any AWS account)', kind: 'anyone' };

export function diffPrincipals(models: readonly PolicyModel[]): DiffPrincipal[] {
  const found = new Map<string, DiffPrincipal>();
  const add = (p: DiffPrincipal | undefined) => { if (p && !found.has(p.id.toLowerCase())) found.set(p.id.toLowerCase(), p); };
  for (const model of models) {
    for (const account of policyAccounts(model)) add(iamPrincipal(`arn:aws:iam::${account}:root`));
    for (const st of model.statements) {
      for (const e of [...(st.principal?.entries ?? []), ...(st.notPrincipal?.entries ?? [])]) {
        for (const v of e.values.items) add(e.type === 'Service' ? servicePrincipal(v.value) : e.type === 'AWS' ? iamPrincipal(v.value) : undefined);
      }
      for (const op of st.condition?.operators ?? []) {
        for (const k of op.keys) {
          for (const v of k.values) {
            if (typeof v.value !== 'string' || /[?$]/.test(v.value)) continue;
            if (k.key.toLowerCase() === 'aws:principalarn' && !v.value.includes('*')) add(iamPrincipal(v.value));
            else if (CARRIED.test(k.key)) add(carrying(k.key, v.value));
          }
        }
      }
    }
  }
  add(ANYONE);
  return [...found.values()].sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind) || a.id.localeCompare(b.id));
}

/** An IAM principal as the evaluator's caller; undefined for `*` (anyone is added once) and malformed values. */
function iamPrincipal(value: string): DiffPrincipal | undefined {
  const f = parsePrincipal('AWS', value);
  switch (f.form) {
    case 'account': return { id: `arn:aws:iam::${f.account}:root`, label: displayValue(`account ${f.account}`), kind: 'account', account: f.account };
    case 'role': case 'user': return { id: value, label: displayValue(`${f.form}/${f.name} (${f.account})`), kind: f.form, account: f.account };
    case 'assumed-role': case 'federated-user': return { id: value, label: displayValue(`session ${f.name} (${f.account})`), kind: 'session', account: f.account };
    default: return undefined;
  }
}

/** Keys whose value the caller's request carries and the diff cannot know: each value named is probed. */
const CARRIED = /^aws:(PrincipalOrgID|PrincipalOrgPaths|PrincipalTag\/.+|SourceVpce|SourceVpc)$/i;

function carrying(key: string, value: string): DiffPrincipal {
  return { id: `* with ${key}=${value}`, label: displayValue(`anyone with ${key} ${value}`), kind: 'anyone', carries: { key, value } };
}

function servicePrincipal(value: string): DiffPrincipal | undefined {
  const f = parsePrincipal('Service', value);
  return f.form === 'service' ? { id: f.service, label: `service ${f.service}`, kind: 'service' } : undefined;
}
