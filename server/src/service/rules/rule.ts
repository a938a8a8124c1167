/** What a rule is: metadata plus `check(model, context) => findings`. One rule per file. */
import type { Catalog } from '../catalog';
import type { PolicyModel } from '../model';
import type { Finding, PolicyKind, ServiceSettings, Severity } from '../types';

export type RuleCategory = 'syntax' | 'grammar' | 'reference' | 'key-policy' | 'healthlake' | 'safety';

export interface RuleContext {
  catalog: Catalog;
  settings: ServiceSettings;
}

/** A finding as a rule reports it: the engine adds the rule id and applies severity settings. */
export type RuleFinding = Omit<Finding, 'ruleId' | 'severity'> & { severity?: Severity };

export interface Rule {
  /** Stable, kebab-case; used in settings, `// ` docs anchors and machine output. */
  id: string;
  /** One line: what it protects against (shown in docs, SARIF and hover). */
  description: string;
  category: RuleCategory;
  defaultSeverity: Severity;
  /** Which kinds of policy it runs on (`resource-policy`: trust and other resource policies). */
  kinds: readonly (PolicyKind | 'resource-policy')[];
  check(model: PolicyModel, context: RuleContext): RuleFinding[];
}

export const ALL_POLICY_KINDS = ['key-policy', 'identity-policy', 'resource-policy'] as const;
