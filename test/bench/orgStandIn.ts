/**
 * A fast in-process stand-in for an organization at scale, on the wire (moto with hundreds of accounts is too
 * slow to benchmark against): Organizations (JSON 1.1), STS (query/XML), Account ListRegions (REST-JSON),
 * HealthLake (JSON 1.0) and the KMS calls of a key report (JSON 1.1). Assumed-role access keys carry their
 * account (`ASIA<account>...`), so every service answers the account that signed. Token buckets throttle
 * Organizations (per organization), STS (per caller), HealthLake and KMS (per Region): over quota, the
 * service's own throttling error. Counts every call, every throttled answer and each key's policy reads.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { healthLakeKeyPolicy } from '../aws/seed';

export interface OrgWorld {
  management: string;
  accounts: { id: string; name: string; status: string }[];
  /** account -> Region -> data stores. */
  datastores: Map<string, Map<string, { id: string; name: string; keyArn?: string }[]>>;
  /** Role ARNs whose AssumeRole is denied. */
  deniedRoles: Set<string>;
  /** `account/region` pairs a service control policy denies. */
  scpDenied: Set<string>;
  /** Requests per second and burst, per bucket. */
  rates: { organizations: [number, number]; sts: [number, number]; healthlake: [number, number]; kms: [number, number] };
}

export interface OrgCounters {
  calls: Map<string, number>;
  throttled: Map<string, number>;
  policyReads: Map<string, number>;
}

const ALL_NINE = ['CreateGrant', 'Decrypt', 'DescribeKey', 'Encrypt', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'ReEncryptFrom', 'ReEncryptTo', 'RetireGrant'];

const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);

export async function startOrgStandIn(world: OrgWorld): Promise<{ endpoint: string; counters: OrgCounters; stop(): Promise<void> }> {
  const counters: OrgCounters = { calls: new Map(), throttled: new Map(), policyReads: new Map() };
  const buckets = new Map<string, { tokens: number; at: number }>();
  const overQuota = (key: string, [perSecond, burst]: [number, number]): boolean => {
    const now = Date.now();
    const b = buckets.get(key) ?? { tokens: burst, at: now };
    b.tokens = Math.min(burst, b.tokens + ((now - b.at) / 1000) * perSecond);
    b.at = now;
    buckets.set(key, b);
    if (b.tokens < 1) return true;
    b.tokens -= 1;
    return false;
  };
  /** By key ARN and by key id. */
  const keys = new Map<string, { arn: string; keyId: string; account: string; region: string }>();
  for (const [account, regions] of world.datastores) {
    for (const [region, stores] of regions) {
      for (const s of stores) {
        if (!s.keyArn) continue;
        const entry = { arn: s.keyArn, keyId: s.keyArn.split('/').pop()!, account, region };
        keys.set(entry.arn, entry).set(entry.keyId, entry);
      }
    }
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => serve(req, res, Buffer.concat(chunks).toString('utf8')));
  });

  function serve(req: IncomingMessage, res: ServerResponse, text: string): void {
    const auth = String(req.headers.authorization ?? '');
    const accessKey = /Credential=([^/]+)\//.exec(auth)?.[1] ?? '';
    const region = /Credential=[^/]+\/\d{8}\/([a-z0-9-]+)\//.exec(auth)?.[1] ?? '';
    const account = /^ASIA(\d{12})/.exec(accessKey)?.[1] ?? world.management;
    const target = String(req.headers['x-amz-target'] ?? '');
    const json = (status: number, body: unknown, contentType: string, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': contentType, ...headers });
      res.end(JSON.stringify(body));
    };
    if (req.url?.startsWith('/listRegions')) {
      bump(counters.calls, 'account');
      return json(200, { Regions: ['us-east-1', 'us-east-2', 'us-west-2', 'eu-west-1'].map((r) => ({ RegionName: r, RegionOptStatus: 'ENABLED_BY_DEFAULT' })) }, 'application/json');
    }
    if (target.startsWith('AWSOrganizationsV20161128.')) {
      const type = 'application/x-amz-json-1.1';
      bump(counters.calls, 'organizations');
      if (overQuota('organizations', world.rates.organizations)) {
        bump(counters.throttled, 'organizations');
        return json(400, { __type: 'TooManyRequestsException', Message: 'AWS Organizations can\'t complete your request because another request is already in progress.' }, type);
      }
      const input = JSON.parse(text || '{}') as { NextToken?: string };
      const start = input.NextToken ? Number(input.NextToken) : 0;
      const end = start + 20;
      return json(200, {
        Accounts: world.accounts.slice(start, end).map((a) => ({ Id: a.id, Arn: `arn:aws:organizations::${world.management}:account/o-bench/${a.id}`, Name: a.name, Email: `${a.name}@example.com`, Status: a.status, State: a.status, JoinedMethod: 'CREATED', JoinedTimestamp: 1767225600 })),
        ...(end < world.accounts.length ? { NextToken: String(end) } : {}),
      }, type);
    }
    if (target.startsWith('HealthLake.')) {
      const type = 'application/x-amz-json-1.0';
      bump(counters.calls, 'healthlake');
      if (overQuota(`healthlake:${region}`, world.rates.healthlake)) {
        bump(counters.throttled, 'healthlake');
        return json(400, { __type: 'ThrottlingException', message: 'Rate exceeded' }, type);
      }
      if (world.scpDenied.has(`${account}/${region}`)) {
        return json(400, { __type: 'AccessDeniedException', message: `User: arn:aws:sts::${account}:assumed-role/HlkmsAudit/hlkms-audit is not authorized to perform: healthlake:ListFHIRDatastores on resource: * with an explicit deny in a service control policy` }, type);
      }
      const stores = world.datastores.get(account)?.get(region) ?? [];
      return json(200, {
        DatastorePropertiesList: stores.map((s) => ({
          DatastoreId: s.id, DatastoreArn: `arn:aws:healthlake:${region}:${account}:datastore/fhir/${s.id}`, DatastoreName: s.name, DatastoreStatus: 'ACTIVE',
          CreatedAt: 1767225600, DatastoreTypeVersion: 'R4', DatastoreEndpoint: `https://healthlake.${region}.amazonaws.com/datastore/${s.id}/r4/`,
          SseConfiguration: { KmsEncryptionConfig: s.keyArn ? { CmkType: 'CUSTOMER_MANAGED_KMS_KEY', KmsKeyId: s.keyArn } : { CmkType: 'AWS_OWNED_KMS_KEY' } },
        })),
      }, type);
    }
    if (target.startsWith('TrentService.')) {
      const type = 'application/x-amz-json-1.1';
      const operation = target.slice('TrentService.'.length);
      bump(counters.calls, 'kms');
      if (overQuota(`kms:${account}:${region}`, world.rates.kms)) {
        bump(counters.throttled, 'kms');
        return json(400, { __type: 'ThrottlingException', message: 'Rate exceeded' }, type);
      }
      const { KeyId } = JSON.parse(text || '{}') as { KeyId?: string };
      const key = KeyId ? keys.get(KeyId) : undefined;
      if (!KeyId || !key || key.account !== account || key.region !== region) return json(400, { __type: 'NotFoundException', message: `Key '${KeyId}' does not exist` }, type);
      const { arn, keyId } = key;
      switch (operation) {
        case 'DescribeKey':
          return json(200, { KeyMetadata: {
            AWSAccountId: account, KeyId: keyId, Arn: arn, CreationDate: 1767225600, Enabled: true, KeyState: 'Enabled', KeyUsage: 'ENCRYPT_DECRYPT',
            KeySpec: 'SYMMETRIC_DEFAULT', CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT', KeyManager: 'CUSTOMER', Origin: 'AWS_KMS', MultiRegion: false, EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
          } }, type);
        case 'GetKeyPolicy':
          bump(counters.policyReads, arn);
          return json(200, { PolicyName: 'default', Policy: healthLakeKeyPolicy(region, account) }, type);
        case 'GetKeyRotationStatus':
          return json(200, { KeyRotationEnabled: true }, type);
        case 'ListAliases':
          return json(200, { Aliases: [], Truncated: false }, type);
        case 'ListResourceTags':
          return json(200, { Tags: [], Truncated: false }, type);
        case 'ListGrants':
          return json(200, { Grants: [{ KeyId: arn, GrantId: `g-${keyId}`, Name: '', CreationDate: 1767225600, GranteePrincipal: `healthlake.${region}.amazonaws.com`, RetiringPrincipal: `healthlake.${region}.amazonaws.com`, IssuingAccount: `arn:aws:iam::${account}:root`, Operations: ALL_NINE }], Truncated: false }, type);
        default:
          return json(400, { __type: 'UnsupportedOperationException', message: operation }, type);
      }
    }
    const form = new URLSearchParams(text);
    const xml = (status: number, body: string) => {
      res.writeHead(status, { 'content-type': 'text/xml' });
      res.end(body);
    };
    const stsError = (status: number, code: string, message: string) => xml(status, `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>bench</RequestId></ErrorResponse>`);
    bump(counters.calls, 'sts');
    if (overQuota(`sts:${account}`, world.rates.sts)) {
      bump(counters.throttled, 'sts');
      return stsError(400, 'Throttling', 'Rate exceeded');
    }
    const action = form.get('Action');
    if (action === 'GetCallerIdentity') {
      return xml(200, `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::${account}:user/auditor</Arn><UserId>AIDABENCH</UserId><Account>${account}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>bench</RequestId></ResponseMetadata></GetCallerIdentityResponse>`);
    }
    if (action === 'AssumeRole') {
      const roleArn = form.get('RoleArn') ?? '';
      const target = /^arn:aws:iam::(\d{12}):role\/(.+)$/.exec(roleArn);
      if (!target || world.deniedRoles.has(roleArn)) return stsError(403, 'AccessDenied', `User: arn:aws:iam::${account}:user/auditor is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`);
      const expiration = new Date(Date.now() + 3600_000).toISOString();
      return xml(200, `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials><AccessKeyId>ASIA${target[1]}BENCH</AccessKeyId><SecretAccessKey>secret</SecretAccessKey><SessionToken>token-${target[1]}</SessionToken><Expiration>${expiration}</Expiration></Credentials><AssumedRoleUser><AssumedRoleId>AROABENCH:${form.get('RoleSessionName')}</AssumedRoleId><Arn>arn:aws:sts::${target[1]}:assumed-role/${target[2]}/${form.get('RoleSessionName')}</Arn></AssumedRoleUser></AssumeRoleResult><ResponseMetadata><RequestId>bench</RequestId></ResponseMetadata></AssumeRoleResponse>`);
    }
    return stsError(400, 'InvalidAction', `Unknown action ${action}`);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`, counters,
    stop: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

