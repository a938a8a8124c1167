/** Property-name completions: top-level keys, statement keys, principal types, operators, condition keys. */
import type { Catalog, ConditionKeyInfo } from './catalog';
import type { PolicyModel } from './model';
import { HEALTHLAKE_KEY_NOTES, OPERATOR_COMPLETIONS, PRINCIPAL_TYPES, STATEMENT_KEYS, TOP_LEVEL_KEYS, describeOperator, parseOperator } from './policyGrammar';
import { locateInStatement } from './statementPath';

export interface KeyProposal {
  label: string;
  kind: 'property' | 'operator' | 'conditionKey';
  detail?: string;
  documentation?: string;
  /** The key in snippet syntax, when it has placeholders (templated condition keys). */
  keySnippet?: string;
  /** What follows `"Key": ` (snippet syntax). */
  valueTemplate: string;
  sortText?: string;
  retrigger?: boolean;
}

export const statementKeyTemplate = '{\n\t"Effect": "${1|Allow,Deny|}",\n\t"Action": "$2",\n\t"Resource": "${3:*}"\n}';

const VALUE_TEMPLATES: Record<string, string> = {
  Version: '"2012-10-17"', Statement: '[\n\t$0\n]', Effect: '"${1|Allow,Deny|}"',
  Principal: '{\n\t"AWS": "$1"\n}', NotPrincipal: '{\n\t"AWS": "$1"\n}',
  Condition: '{\n\t"$1": {\n\t\t$0\n\t}\n}', Resource: '"${1:*}"',
};
const RETRIGGER = new Set(['Action', 'NotAction', 'Principal', 'NotPrincipal', 'Condition']);

function props(names: Record<string, string>, existing: Set<string>, partial: string): KeyProposal[] {
  return Object.entries(names).filter(([name]) => !existing.has(name) || name === partial).map(([name, doc], i) => ({
    label: name, kind: 'property', documentation: doc, valueTemplate: VALUE_TEMPLATES[name] ?? '"$1"',
    sortText: String(i).padStart(2, '0'), retrigger: RETRIGGER.has(name) || !(name in VALUE_TEMPLATES),
  }));
}

/** Condition keys valid for the statement's actions (their own and their resource types'), then global keys. */
function conditionKeysFor(model: PolicyModel, index: number, catalog: Catalog, keyPolicy: boolean): ConditionKeyInfo[] {
  const st = model.statements[index];
  const patterns = st?.action?.items.map((a) => a.value) ?? [];
  if (patterns.length === 0 || patterns.includes('*')) patterns.push(keyPolicy ? 'kms:*' : '');
  const names = new Set<string>();
  for (const pattern of patterns) {
    const colon = pattern.indexOf(':');
    if (colon <= 0) continue;
    const prefix = pattern.slice(0, colon);
    const service = catalog.service(prefix);
    for (const action of catalog.matchActions(prefix, pattern.slice(colon + 1))) {
      action.conditionKeys.forEach((k) => names.add(k));
      for (const r of action.resourceTypes) service?.resourceTypes.get(r.name)?.conditionKeys.forEach((k) => names.add(k));
    }
  }
  const service = [...names].flatMap((n) => { const info = catalog.conditionKey(n); return info && !info.global ? [info] : []; });
  return [...service, ...catalog.globalKeys];
}

function keyTemplate(info: ConditionKeyInfo): { label: string; template: string } {
  let n = 0;
  const label = info.key.replace(/\$\{([^}]*)\}/g, (_m, name: string) => `<${name}>`);
  const template = info.key.replace(/\$\{([^}]*)\}/g, (_m, name: string) => `\${${++n}:${name}}`);
  return { label, template };
}

export function keyProposals(model: PolicyModel, path: (string | number)[], catalog: Catalog, keyPolicy: boolean): KeyProposal[] {
  const partial = String(path[path.length - 1] ?? '');
  if (path.length === 1) return props(TOP_LEVEL_KEYS, new Set(model.properties.keys()), partial);
  const at = locateInStatement(path);
  if (!at) return [];
  const [element, operator] = at.rest;
  if (at.rest.length === 1) return props(STATEMENT_KEYS, new Set(model.statements[at.index]?.properties.keys() ?? []), partial);
  if (at.rest.length === 2 && (element === 'Principal' || element === 'NotPrincipal')) return props(PRINCIPAL_TYPES, new Set(), partial);
  if (at.rest.length === 2 && element === 'Condition') {
    return OPERATOR_COMPLETIONS.map((op, i) => ({
      label: op, kind: 'operator', documentation: describeOperator(parseOperator(op)!), valueTemplate: '{\n\t"$1": "$2"\n}',
      sortText: String(i).padStart(3, '0'), retrigger: true,
    }));
  }
  if (at.rest.length === 3 && element === 'Condition') {
    const multi = typeof operator === 'string' && /^For(Any|All)Values:/.test(operator);
    return conditionKeysFor(model, at.index, catalog, keyPolicy).map((info) => {
      const { label, template } = keyTemplate(info);
      const note = HEALTHLAKE_KEY_NOTES[info.key.toLowerCase()];
      return {
        label, keySnippet: template === info.key ? undefined : template, kind: 'conditionKey', detail: `${info.type}${info.global ? ' (global)' : ''}`,
        documentation: [info.description, note && `**HealthLake:** ${note}`].filter(Boolean).join('\n\n'),
        valueTemplate: multi || info.type.startsWith('ArrayOf') ? '[\n\t"$0"\n]' : '"$0"',
        sortText: `${info.global ? 1 : 0}${info.key}`, retrigger: true,
      };
    });
  }
  return [];
}
