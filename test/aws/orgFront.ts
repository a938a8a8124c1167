/**
 * The organization's side of the tests, on the wire: a front before moto for Organizations (JSON 1.1) and STS
 * (query/XML), and a stand-in for Account's ListRegions (REST-JSON), which moto does not have.
 * - Organizations: forced small pages (so paging is real) and throttling (TooManyRequestsException).
 * - STS: roles that cannot be assumed (moto assumes any role, existing or not: the front answers AccessDenied as
 *   STS does when the role is missing or its trust policy does not allow the caller), a required ExternalId,
 *   throttling; each AssumeRole answer's access key is recorded with the role's account, so that the HealthLake
 *   stand-in answers that account (moto itself serves KMS per account from the same keys).
 * - Account: each account's enabled Regions, or AccessDenied.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ACCOUNT, accountOf, type StandInState } from './emulators';

export interface OrgFrontState {
  /** Accounts per ListAccounts page. */
  pageSize: number;
  /** How many more Organizations requests get TooManyRequestsException. */
  throttleOrganizations: number;
  /** How many more STS requests get Throttling. */
  throttleSts: number;
  /** AssumeRole calls answered before the caller's credentials "expire" (ExpiredToken from then on). */
  assumeRoleBudget: number;
  /** Role ARNs whose AssumeRole is denied. */
  deniedRoles: Set<string>;
  /** Role ARN -> the ExternalId its trust policy requires. */
  externalIds: Map<string, string>;
  /** Account -> its enabled Regions (default: `defaultRegions`). */
  enabledRegions: Map<string, string[]>;
  defaultRegions: string[];
  /** Accounts whose account:ListRegions is denied. */
  listRegionsDenied: Set<string>;
  /** Every request: the service and operation, and whether it was throttled. */
  calls: { service: 'organizations' | 'sts' | 'account'; operation: string; throttled?: true; roleArn?: string; externalId?: string }[];
}

export function newOrgFrontState(): OrgFrontState {
  return {
    pageSize: 2, throttleOrganizations: 0, throttleSts: 0, assumeRoleBudget: Infinity, deniedRoles: new Set(), externalIds: new Map(), enabledRegions: new Map(),
    defaultRegions: ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'eu-west-1'], listRegionsDenied: new Set(), calls: [],
  };
}

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const stsError = (code: string, message: string) =>
  `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>front</RequestId></ErrorResponse>`;

export async function startOrgFront(motoEndpoint: string, state: OrgFrontState, standIn: StandInState): Promise<{ endpoint: string; stop(): Promise<void> }> {
  const server = createServer((req, res) => {
    void (async () => {
      let text = await body(req);
      const target = String(req.headers['x-amz-target'] ?? '');
      const json = (status: number, value: unknown, type?: string) => {
        res.writeHead(status, { 'content-type': 'application/json', ...(type ? { 'x-amzn-errortype': type } : {}) });
        res.end(JSON.stringify(value));
      };
      if (req.url?.startsWith('/listRegions')) {
        const account = accountOf(standIn, req);
        state.calls.push({ service: 'account', operation: 'ListRegions' });
        if (state.listRegionsDenied.has(account)) {
          return json(403, { message: `User: arn:aws:sts::${account}:assumed-role/HlkmsAudit/hlkms-audit is not authorized to perform: account:ListRegions` }, 'AccessDeniedException');
        }
        const input = JSON.parse(text || '{}') as { NextToken?: string; MaxResults?: number };
        const all = state.enabledRegions.get(account) ?? state.defaultRegions;
        const start = input.NextToken ? Number(input.NextToken) : 0;
        const end = start + 3;
        return json(200, { Regions: all.slice(start, end).map((r) => ({ RegionName: r, RegionOptStatus: 'ENABLED_BY_DEFAULT' })), ...(end < all.length ? { NextToken: String(end) } : {}) });
      }
      if (target.startsWith('AWSOrganizationsV20161128.')) {
        const operation = target.split('.')[1]!;
        const call: OrgFrontState['calls'][number] = { service: 'organizations', operation };
        state.calls.push(call);
        if (state.throttleOrganizations > 0) {
          state.throttleOrganizations--;
          call.throttled = true;
          res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
          return void res.end(JSON.stringify({ __type: 'TooManyRequestsException', Message: 'AWS Organizations can\'t complete your request because another request is already in progress. Try again later.' }));
        }
        if (/^ListAccounts/.test(operation)) {
          const input = JSON.parse(text || '{}') as Record<string, unknown>;
          input.MaxResults ??= state.pageSize;
          text = JSON.stringify(input);
        }
      } else if (/Action=/.test(text)) {
        const form = new URLSearchParams(text);
        const operation = form.get('Action') ?? '';
        const roleArn = form.get('RoleArn') ?? undefined;
        const call: OrgFrontState['calls'][number] = { service: 'sts', operation, ...(roleArn ? { roleArn } : {}), ...(form.get('ExternalId') ? { externalId: form.get('ExternalId')! } : {}) };
        state.calls.push(call);
        const fail = (status: number, code: string, message: string) => {
          res.writeHead(status, { 'content-type': 'text/xml' });
          res.end(stsError(code, message));
        };
        if (state.throttleSts > 0) {
          state.throttleSts--;
          call.throttled = true;
          return fail(400, 'Throttling', 'Rate exceeded');
        }
        if (operation === 'AssumeRole' && roleArn) {
          if (state.assumeRoleBudget <= 0) return fail(400, 'ExpiredToken', 'The security token included in the request is expired');
          state.assumeRoleBudget--;
          const caller = `arn:aws:iam::${accountOf(standIn, req)}:user/auditor`;
          const required = state.externalIds.get(roleArn);
          if (state.deniedRoles.has(roleArn) || (required !== undefined && form.get('ExternalId') !== required)) {
            return fail(403, 'AccessDenied', `User: ${caller} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`);
          }
        }
      }
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !['host', 'content-length', 'connection'].includes(k)).map(([k, v]) => [k, String(v)]));
      const answer = await fetch(`${motoEndpoint}${req.url ?? '/'}`, { method: req.method, headers, body: req.method === 'GET' || req.method === 'HEAD' ? undefined : text });
      const out = await answer.text();
      const assumed = /<AccessKeyId>([^<]+)<\/AccessKeyId>/.exec(out)?.[1];
      const role = /<Arn>arn:[^:]+:sts::(\d{12}):assumed-role\//.exec(out)?.[1];
      if (assumed && role) standIn.accountsByKey.set(assumed, role);
      res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'text/xml' });
      res.end(out);
    })().catch((e: unknown) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ __type: 'InternalFailure', message: String(e) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { endpoint: `http://127.0.0.1:${port}`, stop: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }) };
}

export { ACCOUNT as MANAGEMENT_ACCOUNT };
