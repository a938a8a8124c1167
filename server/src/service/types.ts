/** Plain data shared by every part of the language service. No LSP, no I/O. */

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type PolicyKind = 'key-policy' | 'identity-policy' | 'not-a-policy';
export type KindSetting = 'auto' | 'key-policy' | 'identity-policy';

/** A text replacement at an offset of the original document (what jsonc-parser `modify` returns). */
export interface Edit {
  offset: number;
  length: number;
  content: string;
}

/** One way to resolve a finding: a title for the lightbulb and the edits that do it. */
export interface Fix {
  title: string;
  edits: Edit[];
  /** The one obvious fix: shown first and applied by "quick fix" keybindings. */
  preferred?: boolean;
  /** Safe to apply without review (part of "fix all"). */
  safe?: boolean;
}

export interface RelatedLocation {
  offset: number;
  length: number;
  message: string;
}

export interface FindingData {
  fixes?: Fix[];
  [key: string]: unknown;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  offset: number;
  length: number;
  data?: FindingData;
  related?: RelatedLocation[];
  /** Rendered faded (unnecessary) or struck through (deprecated) by editors that support it. */
  tags?: ('unnecessary' | 'deprecated')[];
}

/** Settings the service understands; every front end maps its own configuration onto this. */
export interface ServiceSettings {
  kind: KindSetting;
  /** Treat a key policy as meant for HealthLake even without any mention of it. */
  healthLake: boolean;
  /** Region used by fixes when the policy names none (e.g. for kms:ViaService). */
  defaultRegion?: string;
  /** Report JSON syntax errors even in text that does not look like a policy (the CLI, for files named explicitly). */
  syntaxOfAnyJson?: boolean;
  /** Per rule id: a severity, or 'off'. */
  rules: Record<string, Severity | 'off'>;
}

export const defaultSettings: ServiceSettings = { kind: 'auto', healthLake: false, rules: {} };

export function mergeSettings(partial: Partial<ServiceSettings> = {}): ServiceSettings {
  return { ...defaultSettings, ...partial, rules: { ...defaultSettings.rules, ...(partial.rules ?? {}) } };
}
