/**
 * ARNs and principals, parsed: partition, service, region, account, resource; principal forms.
 *
 * Unknown-safe (symbolic.ts): a hole is never a malformed part. An account / Region / partition hole is a
 * valid account / Region / partition; a part holding a reference or opaque hole is undecided, so valid; a value
 * whose very shape a hole leaves open (`${var.key_arn}`, `arn:${var.rest}`) is "unknown" (`arnUndecided`,
 * principal form `unknown`). What the literal part decides is still decided: `arn:aws:iam::${AWS::AccountId}:X`
 * lacks `role/` whatever the account.
 */
import { hasHoles, holes, isWholeHole, HOLE_END, HOLE_START } from './symbolic';

export interface Arn {
  partition: string;
  service: string;
  region: string;
  account: string;
  /** Everything after the fifth colon, e.g. `role/Admin` or `key/1234abcd-...`. */
  resource: string;
}

const PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc'];

/**
 * A bounded memo of pure parses by input string: a policy repeats the same few ARNs and principals across
 * statements, rules and edits. Results are frozen, since every caller shares them.
 */
function memo<T>(parse: (text: string) => T): (text: string) => T {
  const cache = new Map<string, T>();
  return (text) => {
    let hit = cache.get(text);
    if (hit === undefined && !cache.has(text)) {
      hit = parse(text);
      if (cache.size >= 2000) cache.clear();
      cache.set(text, hit);
    }
    return hit as T;
  };
}

const deepFreeze = <T>(value: T): T => {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
};

/**
 * Splits an ARN into its parts; undefined when it does not have the `arn:` prefix and six parts (or, with
 * holes, when its shape is undecided: see `arnUndecided`). Parts keep their holes.
 */
export const parseArn: (text: string) => Readonly<Arn> | undefined = memo((text) => deepFreeze(splitArn(text)));

function splitArn(text: string): Arn | undefined {
  if (!text.startsWith('arn:')) return undefined;
  const parts = splitOutsideHoles(text);
  if (parts.length < 6) return undefined;
  const [, partition, service, region, account] = parts as [string, string, string, string, string];
  return { partition, service, region, account, resource: parts.slice(5).join(':') };
}

/** `text.split(':')`, except that colons inside a hole (`${AWS::AccountId}`) do not split. */
function splitOutsideHoles(text: string): string[] {
  if (!hasHoles(text)) return text.split(':');
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === HOLE_START) depth++;
    else if (c === HOLE_END) depth = Math.max(0, depth - 1);
    else if (c === ':' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** What a hole of each known kind always looks like, for checks of the literal part around it. */
const SAMPLES: Record<string, string> = { account: '111122223333', region: 'us-east-1', partition: 'aws', urlsuffix: 'amazonaws.com' };

/**
 * The value with each this-account / Region / partition / URL-suffix hole replaced by a value of its shape;
 * undefined when a reference or opaque hole leaves it undecided. Checks test the sample (`fits`).
 */
export function sampleOf(value: string): string | undefined {
  if (!hasHoles(value)) return value;
  let out = '';
  let last = 0;
  for (const h of holes(value)) {
    const sample = SAMPLES[h.kind];
    if (sample === undefined) return undefined;
    out += value.slice(last, h.start) + sample;
    last = h.end;
  }
  return out + value.slice(last);
}

/** The literal text of a value, holes left out (`symbolic.literalParts` also returns each hole's kind and display). */
export const literalText = (value: string): string => (hasHoles(value) ? value.replace(/\uE010[^\uE011]*\uE011/g, '') : value);

/** Whether a reference or opaque hole leaves the value (or ARN part) undecided. */
export const undecided = (value: string): boolean => sampleOf(value) === undefined;

/** Whether a value (a whole value or one ARN part) passes `test`, or a hole leaves it undecided. */
export const fits = (value: string, test: (s: string) => boolean): boolean => {
  const s = sampleOf(value);
  return s === undefined || test(s);
};

/** Whether holes leave open if this is an ARN at all (`${var.key_arn}`, `arn:${var.rest}`): nothing to report. */
export function arnUndecided(text: string): boolean {
  if (!hasHoles(text)) return false;
  if (text.startsWith(HOLE_START)) return undecided(text);
  return text.startsWith('arn:') && splitOutsideHoles(text).length < 6 && undecided(text);
}

export const isKnownPartition = (p: string): boolean => fits(p, (s) => PARTITIONS.includes(s));
export const isAccountId = (s: string): boolean => fits(s, (v) => /^\d{12}$/.test(v));
export const isRegionName = (s: string): boolean => fits(s, (v) => /^[a-z]{2,4}(-[a-z]+)+-\d+$/.test(v));

export type PrincipalForm =
  | { form: 'wildcard' }
  | { form: 'account'; account: string; /** written as a bare 12-digit id rather than the root ARN */ bare: boolean }
  | { form: 'role' | 'user' | 'assumed-role' | 'federated-user' | 'group'; account: string; name: string; path: string; arn: Arn }
  | { form: 'service'; service: string }
  | { form: 'federated'; provider: string }
  | { form: 'canonical-user'; id: string }
  /** A hole decides it (`!GetAtt Role.Arn`, `var.principal`): `kind` is the hole's kind, e.g. `arn:role`. */
  | { form: 'unknown'; kind: string }
  | { form: 'invalid'; reason: string; suggestion?: string; account?: string };

const principalParsers = new Map<string, (value: string) => PrincipalForm>();

/** How AWS reads one principal value of a given principal type (`AWS`, `Service`, ...). Shared: do not mutate. */
export function parsePrincipal(type: string, value: string): PrincipalForm {
  let parse = principalParsers.get(type);
  if (!parse) {
    if (principalParsers.size >= 50) principalParsers.clear(); // types are a handful, unless a document misspells many
    principalParsers.set(type, (parse = memo((v) => deepFreeze(readPrincipal(type, v)))));
  }
  return parse(value);
}

const SERVICE_PRINCIPAL = /^[a-z0-9][a-z0-9.-]*\.amazonaws\.com(\.cn)?$/;

function readPrincipal(type: string, value: string): PrincipalForm {
  if (value === '*') return { form: 'wildcard' };
  if (isWholeHole(value) && undecided(value)) return { form: 'unknown', kind: holes(value)[0]!.kind };
  switch (type) {
    case 'Service':
      return fits(value, (v) => SERVICE_PRINCIPAL.test(v)) && serviceTailFits(value)
        ? { form: 'service', service: value }
        : { form: 'invalid', reason: 'a service principal looks like `<service>.amazonaws.com`' };
    case 'Federated':
      return { form: 'federated', provider: value };
    case 'CanonicalUser':
      return fits(value, (v) => /^[0-9a-f]{64}$/.test(v)) ? { form: 'canonical-user', id: value } : { form: 'invalid', reason: 'a canonical user id is 64 hexadecimal characters' };
    case 'AWS':
      return parseAwsPrincipal(value);
    default:
      return { form: 'invalid', reason: `\`${type}\` is not a principal type (use AWS, Service, Federated or CanonicalUser)` };
  }
}

/** The text after the last hole of a service principal can still end one (`${var.name}.amazonaws.com`, not `${var.x}.example.com`). */
function serviceTailFits(value: string): boolean {
  const last = value.lastIndexOf(HOLE_END);
  if (last < 0) return true;
  const tail = value.slice(last + 1);
  return /\.amazonaws\.com(\.cn)?$/.test(tail) || '.amazonaws.com'.endsWith(tail) || '.amazonaws.com.cn'.endsWith(tail);
}

function parseAwsPrincipal(value: string): PrincipalForm {
  if (isWholeHole(value) ? isAccountId(value) : /^\d{12}$/.test(value)) return { form: 'account', account: value, bare: true };
  const arn = parseArn(value);
  if (!arn) {
    return arnUndecided(value) ? { form: 'unknown', kind: 'opaque' } : { form: 'invalid', reason: 'an AWS principal is `*`, a 12-digit account id, or an IAM ARN' };
  }
  const { account, resource, service } = arn;
  if (!isKnownPartition(arn.partition)) return { form: 'invalid', reason: `\`${arn.partition}\` is not an AWS partition`, account };
  if (!fits(service, (s) => s === 'iam' || s === 'sts')) {
    return { form: 'invalid', reason: `an AWS principal is an IAM ARN (\`arn:aws:iam::...\`), not a \`${service}\` ARN`, account };
  }
  if (undecided(service)) return { form: 'unknown', kind: 'opaque' };
  if (service === 'sts') {
    const m = /^(assumed-role|federated-user)\/(.+)$/s.exec(resource);
    if (m && isAccountId(account)) return { form: m[1] as 'assumed-role' | 'federated-user', account, name: m[2]!, path: '/', arn };
    if (!undecided(resource)) {
      return { form: 'invalid', reason: 'an STS principal is `arn:aws:sts::<account>:assumed-role/<role>/<session>` or `federated-user/<name>`', account };
    }
    return { form: 'unknown', kind: 'opaque' };
  }
  if (!fits(arn.region, (r) => r === '')) return { form: 'invalid', reason: 'IAM ARNs have no region (`arn:aws:iam::<account>:...`)', account };
  // CloudFront origin access identities: arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity E2QWRUHAPOMQZL
  if (account === 'cloudfront' && fits(resource, (r) => /^user\/CloudFront Origin Access Identity [A-Z0-9]+$/.test(r))) {
    return { form: 'user', account, path: '/', name: resource.slice('user/'.length), arn };
  }
  if (!isAccountId(account)) return { form: 'invalid', reason: `\`${account}\` is not a 12-digit account id`, account };
  if (resource === 'root') return { form: 'account', account, bare: false };
  const m = /^(role|user|group)(\/(?:[^/]+\/)*)([^/]+)$/s.exec(resource);
  if (m) return { form: m[1] as 'role' | 'user' | 'group', account, path: m[2]!, name: m[3]!, arn };
  if (undecided(resource)) return { form: 'unknown', kind: 'opaque' }; // `${var.role_path_and_name}`
  if (!resource.includes('/')) {
    // arn:aws:iam::111122223333:HealthLakeFullAccessRole — the HealthLake guide's own example.
    return {
      form: 'invalid', account,
      reason: `\`${resource}\` is neither \`root\` nor \`role/<name>\` or \`user/<name>\`; KMS rejects the policy with MalformedPolicyDocumentException (invalid principals)`,
      suggestion: `arn:${arn.partition}:iam::${account}:role/${resource}`,
    };
  }
  return { form: 'invalid', reason: 'an IAM principal ARN names `root`, `role/<name>` or `user/<name>`', account };
}

/** The account a principal belongs to, when it has one. */
export function principalAccount(p: PrincipalForm): string | undefined {
  return 'account' in p ? p.account : undefined;
}
