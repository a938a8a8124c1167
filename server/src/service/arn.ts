/** ARNs and principals, parsed: partition, service, region, account, resource; principal forms. */

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

/** Splits an ARN into its parts; undefined when it does not have the `arn:` prefix and six parts. */
export const parseArn: (text: string) => Readonly<Arn> | undefined = memo((text) => deepFreeze(splitArn(text)));

function splitArn(text: string): Arn | undefined {
  if (!text.startsWith('arn:')) return undefined;
  const parts = text.split(':');
  if (parts.length < 6) return undefined;
  const [, partition, service, region, account] = parts as [string, string, string, string, string];
  return { partition, service, region, account, resource: parts.slice(5).join(':') };
}

export const isKnownPartition = (p: string): boolean => PARTITIONS.includes(p);
export const isAccountId = (s: string): boolean => /^\d{12}$/.test(s);

export type PrincipalForm =
  | { form: 'wildcard' }
  | { form: 'account'; account: string; /** written as a bare 12-digit id rather than the root ARN */ bare: boolean }
  | { form: 'role' | 'user' | 'assumed-role' | 'federated-user' | 'group'; account: string; name: string; path: string; arn: Arn }
  | { form: 'service'; service: string }
  | { form: 'federated'; provider: string }
  | { form: 'canonical-user'; id: string }
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

function readPrincipal(type: string, value: string): PrincipalForm {
  if (value === '*') return { form: 'wildcard' };
  switch (type) {
    case 'Service':
      return /^[a-z0-9][a-z0-9.-]*\.amazonaws\.com(\.cn)?$/.test(value) || /^[a-z0-9-]+\.amazonaws\.com$/.test(value)
        ? { form: 'service', service: value }
        : { form: 'invalid', reason: 'a service principal looks like `<service>.amazonaws.com`' };
    case 'Federated':
      return { form: 'federated', provider: value };
    case 'CanonicalUser':
      return /^[0-9a-f]{64}$/.test(value) ? { form: 'canonical-user', id: value } : { form: 'invalid', reason: 'a canonical user id is 64 hexadecimal characters' };
    case 'AWS':
      return parseAwsPrincipal(value);
    default:
      return { form: 'invalid', reason: `\`${type}\` is not a principal type (use AWS, Service, Federated or CanonicalUser)` };
  }
}

function parseAwsPrincipal(value: string): PrincipalForm {
  if (isAccountId(value)) return { form: 'account', account: value, bare: true };
  const arn = parseArn(value);
  if (!arn) return { form: 'invalid', reason: 'an AWS principal is `*`, a 12-digit account id, or an IAM ARN' };
  const { account, resource, service } = arn;
  if (!isKnownPartition(arn.partition)) return { form: 'invalid', reason: `\`${arn.partition}\` is not an AWS partition`, account };
  if (service === 'sts') {
    const m = /^(assumed-role|federated-user)\/(.+)$/.exec(resource);
    if (m && isAccountId(account)) return { form: m[1] as 'assumed-role' | 'federated-user', account, name: m[2]!, path: '/', arn };
    return { form: 'invalid', reason: 'an STS principal is `arn:aws:sts::<account>:assumed-role/<role>/<session>`', account };
  }
  if (service !== 'iam') return { form: 'invalid', reason: `an AWS principal is an IAM ARN (\`arn:aws:iam::...\`), not a \`${service}\` ARN`, account };
  if (arn.region !== '') return { form: 'invalid', reason: 'IAM ARNs have no region (`arn:aws:iam::<account>:...`)', account };
  if (!isAccountId(account)) return { form: 'invalid', reason: `\`${account}\` is not a 12-digit account id`, account };
  if (resource === 'root') return { form: 'account', account, bare: false };
  const m = /^(role|user|group)(\/(?:[^/]+\/)*)([^/]+)$/.exec(resource);
  if (m) return { form: m[1] as 'role' | 'user' | 'group', account, path: m[2]!, name: m[3]!, arn };
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
