/**
 * Hover: what an action, condition key, operator, principal or ARN means, and what HealthLake needs
 * from it. Pure: (model, offset) in, markdown and the hovered range out.
 */
import type { Node } from 'jsonc-parser';
import { getNodePath } from 'jsonc-parser';
import type { Catalog } from './catalog';
import { nodeAt, type PolicyModel } from './model';
import { HEALTHLAKE_ACTION_NOTES, HEALTHLAKE_KEY_NOTES, PRINCIPAL_TYPES, STATEMENT_KEYS, TOP_LEVEL_KEYS, describeOperator, parseOperator } from './policyGrammar';
import { arnMarkdown, principalMarkdown } from './hoverPrincipals';
import { locateInStatement } from './statementPath';

export interface HoverResult {
  markdown: string;
  offset: number;
  length: number;
}

export interface HoverContext {
  catalog: Catalog;
  /** The statement's HealthLake verdict as markdown, when an evaluator is available. */
  verdict?: (model: PolicyModel, statementIndex: number) => string | undefined;
}

const isKeyNode = (node: Node): boolean => node.parent?.type === 'property' && node.parent.children?.[0] === node;

export function hover(model: PolicyModel, offset: number, context: HoverContext): HoverResult | undefined {
  if (model.kind === 'not-a-policy') return undefined;
  const node = nodeAt(model, offset);
  if (!node || (node.type !== 'string' && !isKeyNode(node))) return undefined;
  const markdown = describe(model, node, context);
  return markdown ? { markdown, offset: node.offset, length: node.length } : undefined;
}

function describe(model: PolicyModel, node: Node, context: HoverContext): string | undefined {
  const path = getNodePath(node);
  const isKey = isKeyNode(node);
  const value = String(node.value);
  if (path.length === 1 && isKey) return TOP_LEVEL_KEYS[value] && `**${value}**\n\n${TOP_LEVEL_KEYS[value]}`;
  const at = locateInStatement(path);
  if (!at) return undefined;
  const [element, second] = at.rest;
  if (at.rest.length === 1 && isKey) {
    const doc = STATEMENT_KEYS[value] && `**${value}**\n\n${STATEMENT_KEYS[value]}`;
    const verdict = context.verdict?.(model, at.index);
    return [doc, verdict].filter(Boolean).join('\n\n---\n\n') || undefined;
  }
  if (isKey && element === 'Principal' || isKey && element === 'NotPrincipal') {
    return PRINCIPAL_TYPES[value] && `**${value}** principal\n\n${PRINCIPAL_TYPES[value]}`;
  }
  switch (element) {
    case 'Sid':
      return context.verdict?.(model, at.index);
    case 'Action':
    case 'NotAction':
      return actionMarkdown(value, context.catalog);
    case 'Principal':
    case 'NotPrincipal':
      return principalMarkdown(typeof second === 'string' ? second : 'AWS', value);
    case 'Resource':
    case 'NotResource':
      return value === '*' ? (model.kind === 'key-policy' ? '`"*"` in a key policy means **this key**.' : '`"*"`: every resource.') : arnMarkdown(value);
    case 'Condition':
      if (at.rest.length === 2 && isKey) {
        const parts = parseOperator(value);
        return parts ? `**${value}** (condition operator)\n\n${describeOperator(parts)}` : undefined;
      }
      if (at.rest.length === 3 && isKey) return conditionKeyMarkdown(value, context.catalog);
      return conditionValueMarkdown(String(at.rest[2] ?? ''), value);
  }
  return undefined;
}

export function actionMarkdown(text: string, catalog: Catalog): string | undefined {
  const colon = text.indexOf(':');
  if (text === '*') return '`*`: every action of every service.';
  if (colon <= 0) return undefined;
  const prefix = text.slice(0, colon);
  const name = text.slice(colon + 1);
  const service = catalog.service(prefix);
  if (!service) return `\`${prefix}\` is not a known service prefix.`;
  if (/[*?]/.test(name)) {
    const matched = catalog.matchActions(prefix, name);
    const names = matched.slice(0, 25).map((a) => a.name).join(', ');
    const more = matched.length > 25 ? `, and ${matched.length - 25} more` : '';
    return `**${text}** matches ${matched.length} action${matched.length === 1 ? '' : 's'} of ${service.name}${matched.length ? `: ${names}${more}.` : '.'}`;
  }
  const action = catalog.action(prefix, name);
  if (!action) return `\`${name}\` is not an action of ${service.name}.`;
  const lines = [`**${service.prefix}:${action.name}** (${service.name})`, action.description, `**Access level:** ${action.accessLevel}`];
  if (action.resourceTypes.length) lines.push(`**Resource types:** ${action.resourceTypes.map((r) => `${r.name}${r.required ? ' (required)' : ''}`).join(', ')}`);
  if (action.conditionKeys.length) lines.push(`**Condition keys:** ${action.conditionKeys.map((k) => `\`${k}\``).join(', ')}`);
  const note = service.prefix === 'kms' ? HEALTHLAKE_ACTION_NOTES[action.name.toLowerCase()] : undefined;
  if (note) lines.push(`---\n\n**Why HealthLake needs it:** ${note}`);
  return lines.join('\n\n');
}

export function conditionKeyMarkdown(key: string, catalog: Catalog): string | undefined {
  const info = catalog.conditionKey(key);
  if (!info) return `\`${key}\` is not a known condition key.`;
  const lines = [`**${info.key}** (${info.type}${info.global ? ', global' : ''})`];
  if (info.description) lines.push(info.description);
  if (info.type.startsWith('ArrayOf')) lines.push('Multi-valued: a request can carry several values. A plain operator compares a single value, so it never matches a request with several; use it with `ForAnyValue:` or `ForAllValues:`.');
  const note = HEALTHLAKE_KEY_NOTES[info.key.toLowerCase()];
  if (note) lines.push(`---\n\n**HealthLake:** ${note}`);
  return lines.join('\n\n');
}

function conditionValueMarkdown(key: string, value: string): string | undefined {
  const lower = key.toLowerCase();
  if (lower === 'kms:viaservice') {
    if (value === 'healthlake.amazonaws.com') return '`healthlake.amazonaws.com` is the **global** service name: HealthLake calls KMS through `healthlake.<region>.amazonaws.com`, so under `StringEquals` this never matches. Use the regional name.';
    const region = /^healthlake\.([^.]+)\.amazonaws\.com$/.exec(value)?.[1];
    if (region) return region === '*' ? 'HealthLake in every Region (needs `StringLike`).' : `HealthLake in **${region}**.`;
  }
  return value.startsWith('arn:') ? arnMarkdown(value) : undefined;
}
