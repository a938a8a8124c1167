/**
 * What an analysis is: every file hlkms reads (a plain JSON policy, CloudFormation YAML/JSON, templated JSON,
 * Terraform) is a host holding policy sites, each linted on its projections, findings in host offsets. The
 * language service (languageService.ts) builds analyses and answers hover, completion, code actions and symbols
 * over them; this module holds their shape and the hosts' set-up.
 */
import type { Finding } from '../types';
import type { HostDocument, HostName, PolicySite, Range } from './types';
import type { HostInput } from './registry';
import type { Projection } from './projection';
import { ensureBuiltinHosts } from './builtin';

import * as registry from './registry';

export type { HostInput, FolderReader, HostExtractor, Reference } from './registry';
export { registerHost, isPrepared } from './registry';

/** Runs every registered host's one-time set-up (Terraform's WASM parser); await it once before the first such file. */
export function prepareHosts(): Promise<void> {
  ensureBuiltinHosts();
  return registry.prepareHosts();
}

/**
 * Whether a host that would read the file is still setting up: `prepareHosts()` is then worth awaiting for it. Only
 * the hosts not yet set up look at the text (Terraform, by the file's name), so asking before each analysis is cheap.
 */
export function awaitsSetUp(input: HostInput): boolean {
  ensureBuiltinHosts();
  return registry.awaitsSetUp(input);
}

/** What the CLI's JSON output calls a policy's kind (`not-a-policy`: a JSON file that holds none). */
export type ReportKind = 'key-policy' | 'identity-policy' | 'resource-policy' | 'unknown' | 'not-a-policy';

export interface SiteAnalysis {
  site: PolicySite;
  kind: ReportKind;
  /** One projection per variant (choices resolved one way each); the first is what hover and completion use. */
  variants: Projection[];
}

export interface Analysis {
  uri: string;
  /** The text the analysis is of (every offset below is into it). */
  text: string;
  host: HostName;
  document: HostDocument;
  sites: SiteAnalysis[];
  /** Every finding, host offsets, sorted; fixes carry host edits (written by each site's writer). */
  findings: Finding[];
}

/** One entry of the CLI's JSON `policies` list. */
export interface HostPolicy {
  name: string;
  kind: ReportKind;
  range: Range;
  /** The CDK construct of the policy's resource, in a synthesized template. */
  constructPath?: string;
}

/** The policies of an analysis, for the CLI's JSON output (a JSON file that is no policy has none). */
export function hostPolicies(analysis: Analysis): HostPolicy[] {
  return analysis.sites.filter((s) => s.kind !== 'not-a-policy').map((s) => {
    const constructPath = constructPathAt(analysis, s.site.range.offset);
    return { name: s.site.name, kind: s.kind, range: s.site.range, ...(constructPath ? { constructPath } : {}) };
  });
}

/** The CDK construct path of the resource an offset lies in (a policy, a finding), in a template the CDK synthesized. */
export function constructPathAt(analysis: Analysis, offset: number): string | undefined {
  return analysis.document.origins?.find((o) => offset >= o.range.offset && offset < o.range.offset + o.range.length)?.constructPath;
}

/** The site whose policy contains an offset. */
export function siteAt(analysis: Analysis, offset: number): SiteAnalysis | undefined {
  return analysis.sites.find((s) => offset >= s.site.range.offset && offset <= s.site.range.offset + s.site.range.length);
}
