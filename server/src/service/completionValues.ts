/** Value completions: what may go in Effect, Principal, Resource and condition values. */
import type { Catalog } from './catalog';
import { HEALTHLAKE_ACTION_NOTES } from './policyGrammar';
import { HEALTHLAKE_GRANT_OPERATIONS, HEALTHLAKE_REGIONS, viaServiceFor, type PolicyFacts } from './templates';

/** A value before it is placed: the service turns it into an entry with a range. */
export interface ValueProposal {
  label: string;
  /** The value as it goes inside the quotes (snippet syntax when `snippet`). */
  value: string;
  detail?: string;
  documentation?: string;
  kind: 'value' | 'enum' | 'action' | 'service' | 'constant';
  snippet?: boolean;
  sortText?: string;
  retrigger?: boolean;
  /** Booleans go in bare when the cursor is not in a string. */
  bare?: boolean;
}

export function actionProposals(catalog: Catalog, typed: string, keyPolicy: boolean): ValueProposal[] {
  const colon = typed.indexOf(':');
  const prefix = colon > 0 ? typed.slice(0, colon) : keyPolicy ? 'kms' : undefined;
  if (!prefix) {
    const first = ['kms', 'healthlake', 'iam', 's3'];
    return catalog.servicePrefixes().map((p) => ({
      label: `${p}:`, value: `${p}:`, kind: 'service', detail: catalog.serviceName(p), retrigger: true,
      sortText: `${first.includes(p) ? first.indexOf(p) : 9}${p}`,
    }));
  }
  const service = catalog.service(prefix);
  if (!service) return [];
  const actions: ValueProposal[] = [...service.actions.values()].map((a) => {
    const note = service.prefix === 'kms' ? HEALTHLAKE_ACTION_NOTES[a.name.toLowerCase()] : undefined;
    return {
      label: `${service.prefix}:${a.name}`, value: `${service.prefix}:${a.name}`, kind: 'action', detail: a.accessLevel,
      documentation: note ? `${a.description}\n\n**HealthLake:** ${note}` : a.description,
      sortText: `${note ? 0 : 1}${a.name}`,
    };
  });
  actions.push({ label: `${service.prefix}:*`, value: `${service.prefix}:*`, kind: 'action', detail: 'Every action', documentation: `Every action of ${service.name}.`, sortText: '2' });
  return actions;
}

export function conditionValueProposals(catalog: Catalog, key: string, facts: PolicyFacts): ValueProposal[] {
  const lower = key.toLowerCase();
  const info = catalog.conditionKey(key);
  if (info?.type === 'Bool' || info?.type === 'ArrayOfBool') {
    return ['true', 'false'].map((v) => ({ label: v, value: v, kind: 'constant', bare: true }));
  }
  if (lower === 'kms:viaservice') {
    const regions = [...new Set([facts.region, ...HEALTHLAKE_REGIONS].filter((r): r is string => Boolean(r)))];
    return [
      ...regions.map((r, i) => ({ label: viaServiceFor(r), value: viaServiceFor(r), kind: 'value' as const, detail: `HealthLake in ${r}`, sortText: String(i).padStart(3, '0') })),
      { label: 'healthlake.*.amazonaws.com', value: 'healthlake.*.amazonaws.com', kind: 'value', detail: 'HealthLake in every Region (use StringLike)', sortText: '999' },
    ];
  }
  if (lower === 'kms:grantoperations') {
    return HEALTHLAKE_GRANT_OPERATIONS.map((op) => ({ label: op, value: op, kind: 'enum', detail: 'An operation of HealthLake\'s grant' }));
  }
  if (lower === 'iam:passedtoservice') return [{ label: 'healthlake.amazonaws.com', value: 'healthlake.amazonaws.com', kind: 'value', detail: 'HealthLake import and export jobs' }];
  if (['kms:calleraccount', 'aws:principalaccount', 'aws:sourceaccount', 'aws:resourceaccount'].includes(lower)) {
    return [{ label: facts.account, value: facts.account, kind: 'value', detail: 'The account this policy names' }];
  }
  if (lower === 'kms:granteeprincipal' || lower === 'kms:retiringprincipal') {
    return (facts.region ? [facts.region] : HEALTHLAKE_REGIONS).map((r) => ({ label: viaServiceFor(r), value: viaServiceFor(r), kind: 'value', detail: 'HealthLake\'s grant' }));
  }
  return [];
}

export function principalProposals(type: string, facts: PolicyFacts): ValueProposal[] {
  const iam = `arn:${facts.partition}:iam::${facts.account}`;
  if (type === 'Service') return [{ label: 'healthlake.amazonaws.com', value: 'healthlake.amazonaws.com', kind: 'value', detail: 'HealthLake (trust policies)' }];
  if (type !== 'AWS') return [];
  return [
    { label: `${iam}:root`, value: `${iam}:root`, kind: 'value', detail: 'The account: delegates to its IAM policies', sortText: '0' },
    { label: `${iam}:role/…`, value: `${iam}:role/\${1:RoleName}`, kind: 'value', detail: 'An IAM role', snippet: true, sortText: '1' },
    { label: `${iam}:user/…`, value: `${iam}:user/\${1:UserName}`, kind: 'value', detail: 'An IAM user', snippet: true, sortText: '2' },
    { label: '*', value: '*', kind: 'value', detail: 'Everyone: scope it with conditions', sortText: '3' },
  ];
}

export function resourceProposals(keyPolicy: boolean, facts: PolicyFacts): ValueProposal[] {
  const star: ValueProposal = { label: '*', value: '*', kind: 'value', detail: keyPolicy ? 'This key' : 'Every resource', sortText: '0' };
  if (keyPolicy) return [star];
  const region = facts.region ?? 'us-east-1';
  const base = (service: string) => `arn:${facts.partition}:${service}:${region}:${facts.account}`;
  return [
    star,
    { label: `${base('kms')}:key/…`, value: `${base('kms')}:key/\${1:key-id}`, kind: 'value', detail: 'A KMS key (by key ARN)', snippet: true, sortText: '1' },
    { label: `${base('healthlake')}:datastore/fhir/…`, value: `${base('healthlake')}:datastore/fhir/\${1:datastore-id}`, kind: 'value', detail: 'A HealthLake data store', snippet: true, sortText: '2' },
    { label: `arn:${facts.partition}:iam::${facts.account}:role/…`, value: `arn:${facts.partition}:iam::${facts.account}:role/\${1:RoleName}`, kind: 'value', detail: 'An IAM role (iam:PassRole)', snippet: true, sortText: '3' },
  ];
}
