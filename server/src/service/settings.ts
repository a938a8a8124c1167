/**
 * The `hlkms.*` settings, typed: read from whatever an editor sends (untrusted JSON), validated, and
 * mapped onto the service settings. package.json declares the same settings for VS Code.
 */
import { globMatcher } from './glob';
import { mergeSettings, type ServiceSettings, type Severity } from './types';
import type { HostName } from './hosts/types';

export type TraceLevel = 'off' | 'messages' | 'verbose';

export interface HlkmsSettings {
  /** Globs of files analysed as policies even when they do not look like one (`hlkms.files.include`). */
  include: string[];
  /** Globs of files never analysed (`hlkms.files.exclude`). */
  exclude: string[];
  /** Per rule id: a severity or `off` (`hlkms.rules`). */
  rules: Record<string, Severity | 'off'>;
  /** Region used by fixes and templates when the policy names none (`hlkms.defaultRegion`). */
  defaultRegion?: string;
  /** Treat every key policy as meant for a HealthLake data store (`hlkms.healthLake`). */
  healthLake: boolean;
  /** LSP message tracing (`hlkms.trace.server`), handled by the client; kept for completeness. */
  trace: TraceLevel;
  /** Which infrastructure-code hosts are read (`hlkms.hosts.*`); each can be turned off. */
  hosts: HostSettings;
}

/** `hlkms.hosts.cloudFormation`, `hlkms.hosts.terraform`, `hlkms.hosts.serverless`, `hlkms.hosts.templatedJson`: on unless set to false. */
export interface HostSettings {
  cloudFormation: boolean;
  terraform: boolean;
  serverless: boolean;
  templatedJson: boolean;
}

export const defaultHostSettings: HostSettings = { cloudFormation: true, terraform: true, serverless: true, templatedJson: true };

/** The hosts the engine reads under these settings (plain JSON policies always). */
export function enabledHosts(hosts: HostSettings): HostName[] {
  const on: HostName[] = ['json'];
  if (hosts.templatedJson) on.push('template-json');
  if (hosts.cloudFormation) on.push('cloudformation');
  if (hosts.terraform) on.push('terraform');
  if (hosts.serverless) on.push('serverless');
  return on;
}

export const defaultHlkmsSettings: HlkmsSettings = { include: [], exclude: [], rules: {}, healthLake: false, trace: 'off', hosts: defaultHostSettings };

const SEVERITIES = new Set(['error', 'warning', 'info', 'hint', 'off']);
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? v as Record<string, unknown> : {});
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string' && s.length > 0) : []);

/** The `hlkms` section as an editor sends it; anything malformed falls back to the default. */
export function readSettings(section: unknown): HlkmsSettings {
  const raw = obj(section);
  const files = obj(raw.files);
  const rules: HlkmsSettings['rules'] = {};
  for (const [id, value] of Object.entries(obj(raw.rules))) {
    if (typeof value === 'string' && SEVERITIES.has(value)) rules[id] = value as Severity | 'off';
  }
  const region = typeof raw.defaultRegion === 'string' && REGION.test(raw.defaultRegion) ? raw.defaultRegion : undefined;
  const trace = obj(raw.trace).server;
  const hosts = obj(raw.hosts);
  return {
    include: strings(files.include),
    exclude: strings(files.exclude),
    rules,
    ...(region ? { defaultRegion: region } : {}),
    healthLake: raw.healthLake === true,
    trace: trace === 'messages' || trace === 'verbose' ? trace : 'off',
    hosts: {
      cloudFormation: hosts.cloudFormation !== false,
      terraform: hosts.terraform !== false,
      serverless: hosts.serverless !== false,
      templatedJson: hosts.templatedJson !== false,
    },
  };
}

export function toServiceSettings(settings: HlkmsSettings): ServiceSettings {
  return mergeSettings({ rules: settings.rules, defaultRegion: settings.defaultRegion, healthLake: settings.healthLake });
}

export type FileDecision = 'auto' | 'include' | 'exclude';

/** Whether a document (by URI or path) is excluded, force-included, or left to auto-detection. */
export function fileDecision(settings: HlkmsSettings, uri: string): FileDecision {
  const path = decodeURIComponent(uri.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, ''));
  if (settings.exclude.some((g) => globMatcher(g)(path))) return 'exclude';
  if (settings.include.some((g) => globMatcher(g)(path))) return 'include';
  return 'auto';
}
