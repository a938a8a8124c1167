/** What a host rule is: a check of how a template writes its policies (not of the policy itself). One rule per file. */
import type { Finding, Severity } from '../../types';
import type { Raw } from '../cloudformation/raw';
import type { TemplateFacts } from '../cloudformation/intrinsics';
import type { PolicySite } from '../types';

export interface TemplateView {
  text: string;
  format: 'yaml' | 'json';
  sites: readonly PolicySite[];
  /** How each site's policy was written. */
  rawOf: ReadonlyMap<PolicySite, Raw>;
  /** Every parsed part of the template (resource blocks, or the whole file). */
  parts: readonly Raw[];
  facts: TemplateFacts;
}

export interface HostRule {
  id: string;
  /** One line: what it protects against (docs, SARIF). */
  description: string;
  defaultSeverity: Severity;
  check(view: TemplateView): Omit<Finding, 'ruleId' | 'severity'>[];
}

/** Every node of a raw tree, depth first (bounded), in an array (cheaper than a generator on big templates). */
export function walk(raw: Raw | undefined, out: Raw[] = [], depth = 0): Raw[] {
  if (!raw || depth > 200) return out;
  out.push(raw);
  if (raw.kind === 'map') for (const e of raw.entries) walk(e.value, out, depth + 1);
  else if (raw.kind === 'seq') for (const i of raw.items) walk(i, out, depth + 1);
  return out;
}
