/**
 * Completion inside policy documents, from the JSON location of the cursor (works on partial and
 * broken text): keys, Effect values, actions, principals, resources, condition operators, keys and values.
 */
import { getLocation, type Node } from 'jsonc-parser';
import type { Catalog } from './catalog';
import type { PolicyModel } from './model';
import { TOP_LEVEL_KEYS } from './policyGrammar';
import { actionProposals, conditionValueProposals, principalProposals, resourceProposals, type ValueProposal } from './completionValues';
import { keyProposals, statementKeyTemplate, type KeyProposal } from './completionKeys';
import { locateInStatement } from './statementPath';
import { accountRootStatement, healthLakeKeyPolicy, healthLakeStatement, policyFacts, type PolicyFacts } from './templates';

export type CompletionKind = 'property' | 'value' | 'enum' | 'action' | 'service' | 'operator' | 'conditionKey' | 'constant' | 'snippet';

export interface CompletionEntry {
  label: string;
  kind: CompletionKind;
  detail?: string;
  /** Markdown. */
  documentation?: string;
  insertText: string;
  /** `insertText` uses snippet syntax (`$1`, `${1:default}`). */
  snippet?: boolean;
  /** The range the insert text replaces. */
  offset: number;
  length: number;
  sortText?: string;
  filterText?: string;
  /** Open completion again after inserting (after a service prefix or a key). */
  retrigger?: boolean;
}

export interface CompletionContext {
  catalog: Catalog;
  defaultRegion?: string;
}

/** The string the cursor is in: its content range and what is typed before the cursor. */
interface StringSpan {
  node: Node;
  contentStart: number;
  contentEnd: number;
  typed: string;
}

function stringAt(text: string, node: Node | undefined, offset: number): StringSpan | undefined {
  if (!node || (node.type !== 'string' && node.type !== 'property')) return undefined;
  const closed = node.length >= 2 && text[node.offset + node.length - 1] === '"';
  const contentStart = node.offset + 1;
  const contentEnd = closed ? node.offset + node.length - 1 : node.offset + node.length;
  if (offset < contentStart || offset > contentEnd) return undefined;
  return { node, contentStart, contentEnd, typed: text.slice(contentStart, offset) };
}

const escapeSnippet = (s: string): string => s.replace(/[$}\\]/g, '\\$&');

export function complete(model: PolicyModel, offset: number, context: CompletionContext): CompletionEntry[] {
  const { text } = model;
  if (text.trim() === '') return emptyDocument(model, offset, context);
  const loc = getLocation(text, offset);
  if (!mayBePolicy(model, loc.path)) return [];
  const inString = stringAt(text, loc.previousNode, offset);
  const facts = policyFacts(model, context.defaultRegion);
  const keyPolicy = model.kind !== 'identity-policy';

  if (loc.isAtPropertyKey) {
    const proposals = keyProposals(model, loc.path, context.catalog, keyPolicy);
    return proposals.map((p) => keyEntry(text, offset, inString, p));
  }
  const values = valueProposals(loc.path, inString?.typed ?? '', facts, keyPolicy, context);
  if (values === 'statement') return statementTemplates(offset, facts, inString);
  return values.map((p) => valueEntry(offset, inString, p));
}

/** A non-empty document only gets completions when it is a policy or could become one. */
function mayBePolicy(model: PolicyModel, path: (string | number)[]): boolean {
  if (model.kind !== 'not-a-policy') return true;
  const names = [...model.properties.keys()];
  return names.every((n) => n in TOP_LEVEL_KEYS || (path.length === 1 && n === path[0]));
}

function valueProposals(path: (string | number)[], typed: string, facts: PolicyFacts, keyPolicy: boolean, context: CompletionContext): ValueProposal[] | 'statement' {
  if (path.length === 1 && path[0] === 'Version') return [{ label: '2012-10-17', value: '2012-10-17', kind: 'constant', detail: 'The current policy language' }];
  if (path.length === 2 && path[0] === 'Statement' && typeof path[1] === 'number') return 'statement';
  const at = locateInStatement(path);
  if (!at) return [];
  const [element, second, third] = at.rest;
  switch (element) {
    case 'Effect':
      return ['Allow', 'Deny'].map((v) => ({ label: v, value: v, kind: 'enum' }));
    case 'Action':
    case 'NotAction':
      return actionProposals(context.catalog, typed, keyPolicy);
    case 'Principal':
    case 'NotPrincipal':
      if (second === undefined) return [{ label: '*', value: '*', kind: 'value', detail: 'Everyone: prefer {"AWS": "*"} scoped by conditions' }];
      return principalProposals(String(second), facts);
    case 'Resource':
    case 'NotResource':
      return resourceProposals(keyPolicy, facts);
    case 'Condition':
      return typeof third === 'string' ? conditionValueProposals(context.catalog, third, facts) : [];
  }
  return [];
}

function keyEntry(text: string, offset: number, inString: StringSpan | undefined, p: KeyProposal): CompletionEntry {
  const start = inString ? inString.node.offset : offset;
  const end = inString ? inString.node.offset + inString.node.length : offset;
  const hasColon = /^\s*:/.test(text.slice(end));
  const key = p.keySnippet ?? escapeSnippet(p.label);
  return {
    label: p.label, kind: p.kind, detail: p.detail, documentation: p.documentation, sortText: p.sortText,
    filterText: inString ? `"${p.label}"` : p.label,
    insertText: hasColon ? `"${key}"` : `"${key}": ${p.valueTemplate}`,
    snippet: true, offset: start, length: end - start, retrigger: !hasColon && p.retrigger,
  };
}

function valueEntry(offset: number, inString: StringSpan | undefined, p: ValueProposal): CompletionEntry {
  const value = p.snippet ? p.value : escapeSnippet(p.value);
  const base = { label: p.label, kind: p.kind, detail: p.detail, documentation: p.documentation, sortText: p.sortText, snippet: true, retrigger: p.retrigger };
  if (inString) {
    return { ...base, insertText: value, filterText: p.label, offset: inString.contentStart, length: inString.contentEnd - inString.contentStart };
  }
  return { ...base, insertText: p.bare ? value : `"${value}"`, filterText: p.bare ? p.label : `"${p.label}"`, offset, length: 0 };
}

function statementTemplates(offset: number, facts: PolicyFacts, inString: StringSpan | undefined): CompletionEntry[] {
  if (inString) return [];
  const entry = (label: string, detail: string, value: unknown): CompletionEntry => ({
    label, detail, kind: 'snippet', insertText: escapeSnippet(JSON.stringify(value, null, '\t')), snippet: true, offset, length: 0,
  });
  return [
    entry('HealthLake statement', 'Lets the account use the key through HealthLake only', healthLakeStatement(facts)),
    entry('Account-root statement', 'Lets IAM policies of the account grant use of the key', accountRootStatement(facts)),
    { label: 'Statement', kind: 'snippet', detail: 'An empty statement', insertText: statementKeyTemplate, snippet: true, offset, length: 0 },
  ];
}

function emptyDocument(model: PolicyModel, offset: number, context: CompletionContext): CompletionEntry[] {
  const facts = policyFacts(model, context.defaultRegion);
  return [
    { label: 'HealthLake key policy', kind: 'snippet', detail: 'A key policy for a HealthLake data store', offset, length: 0, snippet: true,
      documentation: 'The account-root statement (so IAM policies can grant use of the key) and the HealthLake statement (the four operations HealthLake calls, through HealthLake only).',
      insertText: escapeSnippet(JSON.stringify(healthLakeKeyPolicy(facts), null, '\t')) },
    { label: 'Empty policy', kind: 'snippet', detail: 'Version and Statement', offset, length: 0, snippet: true,
      insertText: '{\n\t"Version": "2012-10-17",\n\t"Statement": [\n\t\t$0\n\t]\n}' },
  ];
}
