/**
 * The shapes of CDK's policy-validation plugin interface (aws-cdk-lib `IPolicyValidationPlugin` and the older
 * `IPolicyValidationPluginBeta1`), declared here by shape so the plugin never loads aws-cdk-lib: users bring their
 * own CDK version. Only what hlkms reads or returns is declared; CDK passes more (`appConstruct`).
 */

/** What CDK passes to `validate`. `stackTemplates` is there from aws-cdk-lib 2.22x on (the stable interface). */
export interface PolicyValidationContext {
  /** The absolute paths of the stack templates to check. */
  readonly templatePaths: string[];
  readonly stackTemplates?: readonly PolicyValidationStack[];
}

export interface PolicyValidationStack {
  readonly stackConstructPath: string;
  readonly templatePath: string;
  readonly accountId?: string;
  readonly region?: string;
}

export interface PolicyViolatingResource {
  /**
   * The resource's logical id; CDK adds its construct path and the line of code that created it. '' for a finding
   * outside any resource (the older plugin interface requires the field), which then names the stack in `constructPath`.
   */
  readonly resourceLogicalId: string;
  /** The stack's construct path, for a finding outside any resource. */
  readonly constructPath?: string;
  /** Property paths below the resource: `Properties/KeyPolicy/Statement/1/Condition/StringEquals/kms:ViaService`. */
  readonly locations: string[];
  readonly templatePath: string;
}

export interface PolicyViolation {
  /** The hlkms rule id (acknowledge it as `hlkms::<rule id>`). */
  readonly ruleName: string;
  readonly description: string;
  readonly violatingResources: PolicyViolatingResource[];
  readonly fix?: string;
  readonly severity?: 'error' | 'warning' | 'info';
  readonly ruleMetadata?: { readonly [key: string]: string };
}

export interface PolicyValidationPluginReport {
  readonly success: boolean;
  readonly violations: PolicyViolation[];
  readonly pluginVersion?: string;
  readonly metadata?: { readonly [key: string]: string };
}

/** A rule's severity, or `off` (the `hlkms.rules` setting's values). */
export type RuleSetting = 'error' | 'warning' | 'info' | 'hint' | 'off';

export interface HlkmsValidationOptions {
  /** Per rule id: a severity or `off`, as the `hlkms.rules` setting (e.g. `{ 'sid-format': 'off' }`); `info` reports without failing. */
  readonly rules?: { readonly [ruleId: string]: RuleSetting };
  /**
   * The least severe finding that fails synthesis: `error` (the default), `warning`, or `never` (report only).
   * Errors and warnings are reported, and the findings of rules set to `info` in `rules` (never failing); other info
   * and hint findings are notes for the editor.
   */
  readonly failOn?: 'error' | 'warning' | 'never';
  /** Treat every key policy as meant for a HealthLake data store, even one no data store in the app uses (`hlkms.healthLake`). */
  readonly healthLake?: boolean;
  /** The Region that fixes name when a policy names none (`hlkms.defaultRegion`). */
  readonly defaultRegion?: string;
}
