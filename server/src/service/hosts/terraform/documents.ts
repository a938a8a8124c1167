/**
 * The `aws_iam_policy_document`s of a module as parts of each other: which kind of policy a document feeds (and
 * whether it is only merged into others), and each document's value with the documents it merges read in place
 * (statements.ts merges them as the data source does).
 */
import type { FileFacts } from './folder';
import type { HostValue, PolicySite, Range, SiteKind } from '../types';
import { unknownStatements } from '../unknownStatements';
import { withLazyValue, withSiteProperties, type BlockSite } from './blocks';
import { copied } from './copied';
import { mergedDocument, relocated } from './statements';

/**
 * The kind of policy a document feeds in the module (`unknown` when nothing uses it), and whether it is only a part of one: a document merged into others
 * (`source_policy_documents`) and used by no resource is checked as that kind of policy with the rest of the
 * policy as statements that may exist.
 */
export function documentUse(name: string, facts: readonly FileFacts[], seen = new Set<string>()): { kind: SiteKind; part: boolean } {
  if (seen.has(name)) return { kind: 'unknown', part: false };
  seen.add(name);
  const uses = facts.flatMap((f) => f.documents.get(name) ?? []);
  const direct = uses.find((k) => !k.startsWith('doc:'));
  if (direct) return { kind: direct as SiteKind, part: false };
  for (const k of uses) {
    const via = documentUse(k.slice(4), facts, seen).kind;
    if (via !== 'unknown') return { kind: via, part: true };
  }
  return { kind: 'unknown', part: uses.length > 0 };
}

/** A document that is a part of another policy: its statements, then statements that may exist (the rest). */
export function asPart(site: PolicySite, anchor: Range): PolicySite {
  const out = withSiteProperties(site, {});
  delete out.reuse;
  return withLazyValue(out, () => {
    const value = copied(site.value, 0);
    const list = value.type === 'object' ? value.entries.find((e) => e.key === 'Statement')?.value : undefined;
    if (list?.type === 'array') list.items = [...list.items, unknownStatements(anchor, 'the policies that merge this document')];
    return value;
  });
}

/** Statements that the documents of one file merge from each other, in all (each is linted in every document that merges it). */
const MAX_MERGED_STATEMENTS = 2000;

/**
 * Each document site with the documents of this file it merges (`source_policy_documents`,
 * `override_policy_documents`) read in place, their statements at their own blocks (a finding in one is reported
 * there, once however many documents merge it). Such a site depends on other blocks, so it has no `reuse`
 * identity, and its range runs from the first block it merges to the last; its value is merged when first read.
 */
export function documentMerger(sites: readonly BlockSite[], elsewhere: ReadonlyMap<string, HostValue>): (s: BlockSite) => BlockSite {
  const documents = new Map(sites.filter((s) => s.document).map((s) => [s.document!, s.site]));
  const statements = new Map<string, HostValue[] | undefined>();
  const merged = (name: string): HostValue[] | undefined => {
    if (statements.has(name)) return statements.get(name);
    statements.set(name, undefined); // a document that merges itself, directly or not, is not read again
    const own = documents.get(name)?.value ?? elsewhere.get(name);
    const value = own && (mergedDocument(own, statementsOf) ?? own);
    const list = value?.type === 'object' ? value.entries.find((e) => e.key === 'Statement')?.value : undefined;
    const out = list?.type === 'array' ? list.items : undefined;
    statements.set(name, out);
    return out;
  };
  // A document of another file of the module is read where it is referenced here (its own file reports on it).
  const statementsOf = (name: string, at?: HostValue): HostValue[] | undefined => {
    const list = merged(name);
    return list && at && !documents.has(name) ? relocated(list, at) : list;
  };
  // Statements the merged documents of the file may have in all: past it, documents stay statements that may exist.
  let budget = MAX_MERGED_STATEMENTS;
  return (s) => {
    if (!s.merges) return s;
    const merged = statementsOf(s.document!) ?? [];
    if (merged.length > budget) return s;
    budget -= merged.length;
    // The policy is written from its first merged block to its last: its findings are remembered by that text.
    const start = Math.min(s.site.range.offset, ...merged.map((m) => m.range.offset));
    const end = Math.max(s.site.range.offset + s.site.range.length, ...merged.map((m) => m.range.offset + m.range.length));
    const site = withSiteProperties(s.site, { range: { offset: start, length: end - start } });
    delete site.reuse;
    const original = s.site;
    return { ...s, site: withLazyValue(site, () => mergedDocument(original.value, statementsOf) ?? original.value) };
  };
}
