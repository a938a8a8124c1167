/**
 * The AWS side of the tests, on the wire: moto_server for KMS, and a small HTTP stand-in speaking
 * HealthLake's (JSON 1.0) and CloudTrail's (JSON 1.1) protocols with real paging and real error bodies,
 * so the real SDK clients, their paging and their error parsing are exercised. The stand-in answers per
 * Region (read from the request's SigV4 credential scope) and can deny, throttle, drop or refuse a Region;
 * the KMS pager in front of moto can throttle too (a token bucket per Region, like AWS's request quotas).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { waitFor } from '../support/poll';

export interface StandInDatastore {
  DatastoreId: string;
  DatastoreName: string;
  DatastoreStatus: string;
  CmkType: 'AWS_OWNED_KMS_KEY' | 'CUSTOMER_MANAGED_KMS_KEY';
  KmsKeyId?: string;
  /** Default: REGION. */
  region?: string;
  /** The account that owns it; default ACCOUNT. */
  account?: string;
}

export interface StandInEvent {
  EventName: string;
  EventTime: Date;
  /** The key ARN(s) the event names (what LookupEvents' ResourceName matches). */
  resources: string[];
  username: string;
  /** invokedBy / userAgent / sourceIPAddress = healthlake.amazonaws.com */
  byHealthLake: boolean;
}

/** What the stand-in serves; tests change it between calls. */
export interface StandInState {
  datastores: StandInDatastore[];
  events: StandInEvent[];
  /** Items per page (small, so paging is real). */
  pageSize: number;
  /** X-Amz-Target values answered with AccessDeniedException. */
  denied: Set<string>;
  /** X-Amz-Target -> how many more requests get ThrottlingException. */
  throttle: Map<string, number>;
  /** Every request's X-Amz-Target, in order (KMS's included). */
  calls: string[];
  /** Items per page of KMS's ListGrants / ListAliases / ListResourceTags (moto itself returns one page). */
  kmsPageSize: number;
  /** The last request body sent to each KMS target (as the SDK wrote it). */
  kmsRequests: Map<string, Record<string, unknown>>;
  /** Every request's target with the Region of its credential scope, in order (KMS's included). */
  requests: { target: string; region: string; throttled?: true }[];
  /** Regions whose ListFHIRDatastores / DescribeFHIRDatastore get AccessDeniedException. */
  deniedRegions: Set<string>;
  /** Region -> how many more HealthLake requests get ThrottlingException (Infinity: always). */
  throttleRegions: Map<string, number>;
  /** Opt-in Regions not enabled for the account: every request gets UnrecognizedClientException, as AWS answers. */
  optInRegions: Set<string>;
  /** Regions whose endpoint drops the connection (the SDK sees a network error). */
  unreachableRegions: Set<string>;
  /** A request quota per service and Region (token bucket): over it, ThrottlingException. */
  rate?: { perSecond: number; burst: number };
  /** ThrottlingException answers sent (every cause). */
  throttled: number;
  /** Each answer waits this long first (so a test can cancel a request in flight). */
  latencyMs: number;
  /**
   * Access key id -> account, for credentials of an assumed role (the STS front records each AssumeRole's
   * answer); any other key is ACCOUNT's. The stand-in answers each account with its own data stores.
   */
  accountsByKey: Map<string, string>;
  /** `account/region` pairs where a service control policy denies HealthLake (AccessDeniedException naming the SCP). */
  scpDenied: Set<string>;
}

export const TARGET = {
  listDatastores: 'HealthLake.ListFHIRDatastores',
  describeDatastore: 'HealthLake.DescribeFHIRDatastore',
  lookupEvents: 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents',
} as const;

export interface Emulators {
  /** Environment for the SDK: endpoints (KMS through the pager in front of moto), dummy credentials, region. */
  env: Record<string, string>;
  kmsEndpoint: string;
  standInEndpoint: string;
  /** moto itself (Organizations, STS, KMS without the pager). */
  motoEndpoint: string;
  state: StandInState;
  /** Sets `env` on this process (the SDK reads it when a client is created). */
  applyEnv(): void;
  stop(): Promise<void>;
}

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';

export async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function startMoto(): Promise<{ endpoint: string; stop(): Promise<void> }> {
  const port = await freePort();
  const child: ChildProcess = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { detached: true, stdio: 'ignore' });
  let exited = false;
  child.on('exit', () => { exited = true; });
  const endpoint = `http://127.0.0.1:${port}`;
  await waitFor(async () => {
    if (exited) throw new Error('moto_server exited');
    return (await fetch(`${endpoint}/moto-api/`)).status < 500;
  }, 'moto_server to answer', 30_000);
  return {
    endpoint,
    stop: async () => {
      if (exited) return;
      const gone = new Promise((resolve) => child.once('exit', resolve));
      try { process.kill(-child.pid!, 'SIGTERM'); } catch { /* already gone */ }
      await gone;
    },
  };
}

export async function startStandIn(state: StandInState = newState()): Promise<{ endpoint: string; state: StandInState; stop(): Promise<void> }> {
  const server: Server = createServer((req, res) => { void handle(state, req, res); });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`, state,
    stop: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

export function newState(): StandInState {
  return {
    datastores: [], events: [], pageSize: 2, denied: new Set(), throttle: new Map(), calls: [], kmsPageSize: 2, kmsRequests: new Map(),
    requests: [], deniedRegions: new Set(), throttleRegions: new Map(), optInRegions: new Set(), unreachableRegions: new Set(), throttled: 0, latencyMs: 0,
    accountsByKey: new Map(), scpDenied: new Set(),
  };
}

/** The account whose credentials signed the request (ACCOUNT unless they are an assumed role's). */
export function accountOf(state: StandInState, req: IncomingMessage): string {
  const key = /Credential=([^/]+)\//.exec(String(req.headers.authorization ?? ''))?.[1] ?? '';
  return state.accountsByKey.get(key) ?? ACCOUNT;
}

/** The Region of a SigV4-signed request: `Credential=<id>/<date>/<region>/<service>/aws4_request`. */
export function regionOf(req: IncomingMessage): string {
  return /Credential=[^/]+\/\d{8}\/([a-z0-9-]+)\//.exec(String(req.headers.authorization ?? ''))?.[1] ?? '';
}

const buckets = new WeakMap<StandInState, Map<string, { tokens: number; at: number }>>();

/**
 * The fault the state sets for this request, if any: an unreachable Region, an opt-in Region not enabled,
 * a request over the Region's quota. Records the request first.
 */
async function regionFault(state: StandInState, request: StandInState['requests'][number], service: string): Promise<'drop' | 'opt-in' | 'throttle' | undefined> {
  const { region } = request;
  state.requests.push(request);
  if (state.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, state.latencyMs));
  if (state.unreachableRegions.has(region)) return 'drop';
  if (state.optInRegions.has(region)) return 'opt-in';
  if (state.rate) {
    const all = buckets.get(state) ?? new Map<string, { tokens: number; at: number }>();
    buckets.set(state, all);
    const key = `${service}:${region}`;
    const now = Date.now();
    const b = all.get(key) ?? { tokens: state.rate.burst, at: now };
    b.tokens = Math.min(state.rate.burst, b.tokens + ((now - b.at) / 1000) * state.rate.perSecond);
    b.at = now;
    all.set(key, b);
    if (b.tokens < 1) {
      state.throttled++;
      request.throttled = true;
      return 'throttle';
    }
    b.tokens -= 1;
  }
  return undefined;
}

/**
 * KMS through a pager in front of moto: moto answers ListGrants, ListAliases and ListResourceTags in one
 * page whatever the Limit, so the pager cuts its answers into pages with real Marker / NextMarker /
 * Truncated fields. Every other request passes through unchanged.
 */
export async function startKmsPager(motoEndpoint: string, state: StandInState): Promise<{ endpoint: string; stop(): Promise<void> }> {
  const lists: Record<string, string> = { 'TrentService.ListGrants': 'Grants', 'TrentService.ListAliases': 'Aliases', 'TrentService.ListResourceTags': 'Tags' };
  const server = createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const target = String(req.headers['x-amz-target'] ?? '');
      state.calls.push(target);
      const fault = await regionFault(state, { target, region: regionOf(req) }, 'kms');
      if (fault === 'drop') return void req.socket.destroy();
      if (fault) {
        res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
        return void res.end(JSON.stringify(fault === 'throttle'
          ? { __type: 'ThrottlingException', message: 'Rate exceeded' }
          : { __type: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' }));
      }
      const listField = lists[target];
      let body = Buffer.concat(chunks).toString('utf8');
      try { state.kmsRequests.set(target, JSON.parse(body || '{}') as Record<string, unknown>); } catch { /* not JSON */ }
      let start = 0;
      let limit = Infinity;
      if (listField) {
        const input = JSON.parse(body || '{}') as Record<string, unknown>;
        start = typeof input.Marker === 'string' ? Number(Buffer.from(input.Marker, 'base64').toString('utf8')) : 0;
        limit = typeof input.Limit === 'number' ? input.Limit : Infinity;
        delete input.Marker;
        delete input.Limit;
        body = JSON.stringify(input);
      }
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !['host', 'content-length', 'connection'].includes(k)).map(([k, v]) => [k, String(v)]));
      const answer = await fetch(`${motoEndpoint}${req.url ?? '/'}`, { method: req.method, headers, body: req.method === 'GET' || req.method === 'HEAD' ? undefined : body });
      let text = await answer.text();
      if (listField && answer.ok) {
        const output = JSON.parse(text) as Record<string, unknown>;
        const all = (output[listField] as unknown[] | undefined) ?? [];
        const end = start + Math.min(limit, state.kmsPageSize);
        output[listField] = all.slice(start, end);
        output.Truncated = end < all.length;
        if (end < all.length) output.NextMarker = Buffer.from(String(end)).toString('base64');
        else delete output.NextMarker;
        text = JSON.stringify(output);
      }
      res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/x-amz-json-1.1' });
      res.end(text);
    })().catch((e: unknown) => {
      res.writeHead(500, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify({ __type: 'InternalFailure', message: String(e) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { endpoint: `http://127.0.0.1:${port}`, stop: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }) };
}

export async function startEmulators(): Promise<Emulators> {
  const [moto, standIn] = await Promise.all([startMoto(), startStandIn()]);
  const pager = await startKmsPager(moto.endpoint, standIn.state);
  const env = {
    AWS_ENDPOINT_URL_KMS: pager.endpoint,
    AWS_ENDPOINT_URL_HEALTHLAKE: standIn.endpoint,
    AWS_ENDPOINT_URL_CLOUDTRAIL: standIn.endpoint,
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_REGION: REGION,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  return {
    env, kmsEndpoint: pager.endpoint, standInEndpoint: standIn.endpoint, motoEndpoint: moto.endpoint, state: standIn.state,
    applyEnv: () => {
      delete process.env.AWS_PROFILE;
      delete process.env.AWS_SESSION_TOKEN;
      Object.assign(process.env, env);
    },
    stop: async () => { await Promise.all([pager.stop(), moto.stop(), standIn.stop()]); },
  };
}

async function handle(state: StandInState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const target = normalizeTarget(String(req.headers['x-amz-target'] ?? ''));
  const json11 = target === TARGET.lookupEvents;
  const send = (status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': json11 ? 'application/x-amz-json-1.1' : 'application/x-amz-json-1.0', 'x-amzn-requestid': `req-${state.calls.length}` });
    res.end(JSON.stringify(body));
  };
  const fail = (type: string, message: string) => send(400, { __type: type, message });
  state.calls.push(target);
  const request = { target, region: regionOf(req) } as StandInState['requests'][number];
  const { region } = request;
  const fault = await regionFault(state, request, json11 ? 'cloudtrail' : 'healthlake');
  if (fault === 'drop') return void req.socket.destroy();
  if (fault === 'opt-in') return fail('UnrecognizedClientException', 'The security token included in the request is invalid.');
  if (fault === 'throttle') return fail('ThrottlingException', 'Rate exceeded');
  const regionThrottle = json11 ? 0 : state.throttleRegions.get(region) ?? 0;
  if (regionThrottle > 0) {
    state.throttleRegions.set(region, regionThrottle - 1);
    state.throttled++;
    request.throttled = true;
    return fail('ThrottlingException', 'Rate exceeded');
  }
  const account = accountOf(state, req);
  if (!json11 && state.scpDenied.has(`${account}/${region}`)) {
    const action = `healthlake:${target.split('.')[1]}`;
    return fail('AccessDeniedException', `User: arn:aws:sts::${account}:assumed-role/HlkmsAudit/hlkms-audit is not authorized to perform: ${action} on resource: * with an explicit deny in a service control policy`);
  }
  if (!json11 && state.deniedRegions.has(region)) {
    const action = `healthlake:${target.split('.')[1]}`;
    return fail('AccessDeniedException', `User: arn:aws:sts::${ACCOUNT}:assumed-role/Auditor/test is not authorized to perform: ${action} on resource: * because no identity-based policy allows the ${action} action`);
  }
  let input: Record<string, unknown> = {};
  try {
    input = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
  } catch {
    return fail('SerializationException', 'Malformed request body');
  }
  const throttled = state.throttle.get(target) ?? 0;
  if (throttled > 0) {
    state.throttle.set(target, throttled - 1);
    return fail('ThrottlingException', 'Rate exceeded');
  }
  if (state.denied.has(target)) {
    const action = target.startsWith('HealthLake.') ? `healthlake:${target.split('.')[1]}` : 'cloudtrail:LookupEvents';
    return fail('AccessDeniedException', `User: arn:aws:sts::${ACCOUNT}:assumed-role/Auditor/test is not authorized to perform: ${action} on resource: * because no identity-based policy allows the ${action} action`);
  }
  switch (target) {
    case TARGET.listDatastores: {
      const { items, next } = page(state.datastores.filter((d) => (d.region ?? REGION) === region && (d.account ?? ACCOUNT) === account), input, state.pageSize);
      return send(200, { DatastorePropertiesList: items.map(datastoreProperties), ...(next ? { NextToken: next } : {}) });
    }
    case TARGET.describeDatastore: {
      const found = state.datastores.find((d) => d.DatastoreId === input.DatastoreId && (d.region ?? REGION) === region && (d.account ?? ACCOUNT) === account);
      return found ? send(200, { DatastoreProperties: datastoreProperties(found) }) : fail('ResourceNotFoundException', `Datastore ${String(input.DatastoreId)} not found`);
    }
    case TARGET.lookupEvents: {
      const attribute = (input.LookupAttributes as { AttributeKey: string; AttributeValue: string }[] | undefined)?.[0];
      const start = typeof input.StartTime === 'number' ? input.StartTime * 1000 : 0;
      const end = typeof input.EndTime === 'number' ? input.EndTime * 1000 : Infinity;
      const matching = state.events
        .filter((e) => e.EventTime.getTime() >= start && e.EventTime.getTime() <= end)
        .filter((e) => !attribute || attribute.AttributeKey !== 'ResourceName' || e.resources.includes(attribute.AttributeValue))
        .sort((a, b) => b.EventTime.getTime() - a.EventTime.getTime());
      const { items, next } = page(matching, input, state.pageSize);
      return send(200, { Events: items.map(cloudTrailEvent), ...(next ? { NextToken: next } : {}) });
    }
    default:
      return fail('UnknownOperationException', `Unknown operation ${target}`);
  }
}

/** CloudTrail's model names its target `com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101`; the SDK sends the short form. */
function normalizeTarget(target: string): string {
  return target === 'CloudTrail_20131101.LookupEvents' ? TARGET.lookupEvents : target;
}

function page<T>(all: T[], input: Record<string, unknown>, pageSize: number): { items: T[]; next?: string } {
  const start = typeof input.NextToken === 'string' ? Number(Buffer.from(input.NextToken, 'base64').toString('utf8')) : 0;
  const size = Math.min(pageSize, typeof input.MaxResults === 'number' ? input.MaxResults : pageSize);
  const end = start + size;
  return { items: all.slice(start, end), next: end < all.length ? Buffer.from(String(end)).toString('base64') : undefined };
}

function datastoreProperties(d: StandInDatastore) {
  const region = d.region ?? REGION;
  return {
    DatastoreId: d.DatastoreId,
    DatastoreArn: `arn:aws:healthlake:${region}:${d.account ?? ACCOUNT}:datastore/fhir/${d.DatastoreId}`,
    DatastoreName: d.DatastoreName,
    DatastoreStatus: d.DatastoreStatus,
    CreatedAt: 1767225600,
    DatastoreTypeVersion: 'R4',
    DatastoreEndpoint: `https://healthlake.${region}.amazonaws.com/datastore/${d.DatastoreId}/r4/`,
    SseConfiguration: { KmsEncryptionConfig: { CmkType: d.CmkType, ...(d.KmsKeyId ? { KmsKeyId: d.KmsKeyId } : {}) } },
  };
}

function cloudTrailEvent(e: StandInEvent) {
  const caller = e.username.includes('/') ? e.username : `arn:aws:sts::${ACCOUNT}:assumed-role/HealthLakeAdmin/${e.username}`;
  const detail = {
    eventVersion: '1.08',
    userIdentity: { type: 'AssumedRole', arn: caller, accountId: ACCOUNT, ...(e.byHealthLake ? { invokedBy: 'healthlake.amazonaws.com' } : {}) },
    eventTime: e.EventTime.toISOString(),
    eventSource: 'kms.amazonaws.com',
    eventName: e.EventName,
    awsRegion: REGION,
    sourceIPAddress: e.byHealthLake ? 'healthlake.amazonaws.com' : '203.0.113.10',
    userAgent: e.byHealthLake ? 'healthlake.amazonaws.com' : 'aws-cli/2.15.0',
    resources: e.resources.map((arn) => ({ ARN: arn, accountId: ACCOUNT, type: 'AWS::KMS::Key' })),
  };
  return {
    EventId: `${e.EventName}-${e.EventTime.getTime()}`,
    EventName: e.EventName,
    ReadOnly: 'true',
    EventTime: e.EventTime.getTime() / 1000,
    EventSource: 'kms.amazonaws.com',
    Username: e.username,
    Resources: e.resources.map((arn) => ({ ResourceType: 'AWS::KMS::Key', ResourceName: arn })),
    CloudTrailEvent: JSON.stringify(detail),
  };
}
