/**
 * Whether a key policy is meant for HealthLake, which statements give HealthLake-scoped access, and to whom.
 * Malformed principals with an obvious correction (the HealthLake guide's `...:HealthLakeFullAccessRole`) are
 * simulated as corrected, so the other problems show at once; the principal itself is another rule's finding.
 */
import { intendedPolicy } from '../evaluate/intended';
import { principalForm } from '../evaluate/principals';
import type { EvalPolicy } from '../evaluate/index';
import { hasHoles, isWholeHole, referenceAccount } from '../symbolic';
import type { PolicyModel, Statement } from '../model';
import type { ServiceSettings } from '../types';
import { mentionsHealthLake } from './facts';
import { actionMatch } from '../evaluate/index';

/** The calls that use a key's material (HealthLake's data calls, and encryption). */
const HEALTHLAKE_DATA_ACTIONS = ['kms:Decrypt', 'kms:GenerateDataKey', 'kms:Encrypt'];

/** A mention of HealthLake in a Sid, a service principal or a condition value, or the setting. */
export function isMeantForHealthLake(model: PolicyModel, settings: Pick<ServiceSettings, 'healthLake'>): boolean {
  if (model.kind !== 'key-policy') return false;
  return settings.healthLake || model.statements.some(statementMentionsHealthLake);
}

export function statementMentionsHealthLake(st: Statement): boolean {
  if (st.sid && mentionsHealthLake(st.sid.value)) return true;
  if (st.principal?.entries.some((e) => e.type === 'Service' && e.values.items.some((v) => mentionsHealthLake(v.value)))) return true;
  return (st.condition?.operators ?? []).some((op) => op.keys.some((k) => k.values.some((v) => typeof v.value === 'string' && mentionsHealthLake(v.value))));
}

export interface NamedPrincipal {
  /** The ARN simulated (a root ARN for an account). */
  arn: string;
  account: string;
  /** As written in the policy. */
  written: string;
  /** Set when the written value is malformed and `arn` is its correction. */
  corrected: boolean;
}

/** The IAM principals (accounts, roles, users, sessions) a statement names, corrected where obvious. */
export function namedPrincipals(st: Statement): NamedPrincipal[] {
  const out: NamedPrincipal[] = [];
  for (const entry of st.principal?.entries ?? []) {
    if (entry.type !== 'AWS') continue;
    for (const { value } of entry.values.items) {
      const f = principalForm('AWS', value);
      if (f.form === 'symbol') {
        if (isWholeHole(value)) out.push({ arn: value, account: referenceAccount(value), written: value, corrected: false });
        continue;
      }
      if (f.form === 'account' && hasHoles(f.account)) {
        out.push({ arn: value.startsWith('arn:') ? value : `arn:aws:iam::${f.account}:root`, account: f.account, written: value, corrected: false });
        continue;
      }
      if (f.form === 'account') out.push({ arn: `arn:aws:iam::${f.account}:root`, account: f.account, written: value, corrected: false });
      else if (f.form === 'role' || f.form === 'user' || f.form === 'assumed-role') out.push({ arn: value, account: f.account, written: value, corrected: false });
      else if (f.form === 'invalid' && f.suggestion && f.account) out.push({ arn: f.suggestion, account: f.account, written: value, corrected: true });
    }
  }
  return out;
}

/** Allow statements meant for HealthLake; without any explicit one, every Allow that covers one of its four calls. */
export function healthLakeStatements(model: PolicyModel): Statement[] {
  const allows = model.statements.filter((s) => s.effect?.value === 'Allow' && s.principal && namedPrincipals(s).length > 0);
  const scoped = allows.filter(statementMentionsHealthLake);
  if (scoped.length > 0) return scoped;
  // A statement that only administers the key (`kms:Describe*`) or manages grants serves another purpose: only one
  // that lets its principals use the key material (encrypt, decrypt, data keys) is taken as meant for HealthLake.
  return allows.filter((s) => HEALTHLAKE_DATA_ACTIONS.some((a) =>
    s.action ? s.action.items.some((i) => actionMatch(i.value, a)) : s.notAction ? !s.notAction.items.some((i) => actionMatch(i.value, a)) : false));
}

/** The policy as the evaluator reads it, with obviously malformed principals corrected (others match nobody, as in AWS). */
export const correctedPolicy = (model: PolicyModel): EvalPolicy => intendedPolicy(model, { unknownWhenMalformed: false });
