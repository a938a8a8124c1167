/** `hlkms simulate`: evaluate one request (or HealthLake's requests) against a policy file and say why. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildModel, type PolicyModel } from '../service/model';
import { evaluate, parseCaller, type EvalRequest, type EvaluationResult } from '../service/evaluate/index';
import { healthLakeRequests } from '../service/healthlake/requests';
import { CAPABILITY_LEGEND, capabilityOf } from '../service/healthlake/capability';
import type { HealthLakeOperation } from '../service/healthlake/facts';
import { chooseRegion } from '../service/healthlake/regions';
import { LineIndex } from '../service/positions';
import { oneOf, parseArgs, UsageError, type Io } from './io';

const HELP = `Usage: hlkms simulate POLICY --principal ARN --action ACTION [--resource ARN] [--context key=value ...] [--format text|json]
       hlkms simulate POLICY --principal ARN --healthlake [--region R] [--format text|json]

Evaluates a request against a key policy or IAM policy, following AWS's policy evaluation logic, and
prints the decision and why: which statement allowed or denied it, which condition failed.

  --principal   the caller: a role, user, assumed-role session or root ARN, an account id, or a service principal
  --action      e.g. kms:Decrypt
  --resource    the resource ARN (default: the key the policy is attached to)
  --context     a condition key and value; repeat it, and repeat a key for a multivalued key.
                aws:PrincipalArn, aws:PrincipalAccount and (for KMS) kms:CallerAccount come from --principal
  --healthlake  simulate HealthLake's own KMS calls for the principal: create data stores, write and read,
                each direct (the key policy allows it), iam (its IAM policy decides) or no
  --region      the Region of those calls (default: from the policy, else us-east-1)

Exit code: 0 allowed, 1 denied, 2 usage error or unreadable policy.`;

export async function simulateCommand(args: string[], io: Io): Promise<number> {
  const { values, lists, flags, positional } = parseArgs(args, { options: ['principal', 'action', 'resource', 'format', 'region'], repeated: ['context'], flags: ['healthlake', 'help'] });
  if (flags.has('help')) {
    io.out(HELP);
    return 0;
  }
  const format = oneOf('format', values.format, ['text', 'json'] as const, 'text');
  if (positional.length !== 1) throw new UsageError('give exactly one policy file. Usage: hlkms simulate POLICY --principal ARN --action ACTION');
  const principal = values.principal;
  if (!principal) throw new UsageError('--principal is required (e.g. arn:aws:iam::111122223333:role/Admin)');
  const caller = parseCaller(principal);
  if (caller.kind === 'other') throw new UsageError(`'${principal}' is not a principal: use a role, user, assumed-role or root ARN, an account id, or a service principal`);
  if (!flags.has('healthlake') && !values.action) throw new UsageError('--action is required (e.g. kms:Decrypt), or --healthlake');
  if (values.action && !/^[a-z0-9-]+:[A-Za-z0-9*?]+$/.test(values.action)) throw new UsageError(`'${values.action}' is not an action: write service:Action, e.g. kms:Decrypt`);
  const model = readPolicy(positional[0]!, io.cwd);

  if (flags.has('healthlake')) {
    const account = caller.account;
    if (!account) throw new UsageError('--healthlake needs an IAM principal with an account (a role, user, session or root)');
    const region = values.region ?? chooseRegion(model, undefined).region;
    const results = healthLakeRequests(principal, account, region).map((r) => ({ request: r as EvalRequest, result: evaluate(model, r) }));
    const of = (op: HealthLakeOperation) => capabilityOf(op, (a) => results.find((r) => r.request.action === a)?.result, caller.kind === 'root');
    const ops = { create: of('create'), write: of('write'), read: of('read') };
    if (format === 'json') io.out(JSON.stringify({ principal, region, ...ops, requests: results.map((r) => toJson(model, r.request, r.result)) }, null, 2));
    else {
      io.out(`HealthLake in ${region} for ${principal}: create ${ops.create}, write ${ops.write}, read ${ops.read}\n${CAPABILITY_LEGEND.replace(/`/g, '')}`);
      for (const r of results) io.out(`\n${describe(model, r.request, r.result)}`);
    }
    return Object.values(ops).includes('no') ? 1 : 0;
  }

  const request: EvalRequest = { principal, action: values.action!, resource: values.resource, context: withCaller(contextOf(lists.context ?? []), caller, values.action!) };
  const result = evaluate(model, request);
  io.out(format === 'json' ? JSON.stringify(toJson(model, request, result), null, 2) : describe(model, request, result));
  return result.decision === 'Allow' ? 0 : 1;
}

function readPolicy(path: string, cwd: string): PolicyModel {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, path), 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const model = buildModel(text);
  if (model.parseErrors.length > 0 || model.kind === 'not-a-policy') throw new UsageError(`${path} is not a policy that can be evaluated (run \`hlkms lint ${path}\` to see why)`);
  return model;
}

function contextOf(pairs: string[]): Record<string, string[]> {
  const context: Record<string, string[]> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--context takes key=value (got '${pair}')`);
    (context[pair.slice(0, eq)] ??= []).push(pair.slice(eq + 1));
  }
  return context;
}

/** AWS always sets the caller's keys: aws:PrincipalArn, aws:PrincipalAccount and, for KMS, kms:CallerAccount. */
function withCaller(context: Record<string, string[]>, caller: ReturnType<typeof parseCaller>, action: string): Record<string, string[]> {
  const given = new Set(Object.keys(context).map((k) => k.toLowerCase()));
  const out = { ...context };
  const set = (key: string, value: string | undefined) => { if (value && !given.has(key.toLowerCase())) out[key] = [value]; };
  if (caller.kind === 'service' || caller.kind === 'anonymous') return out;
  const m = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\//.exec(caller.text);
  set('aws:PrincipalArn', m ? `arn:${m[1]}:iam::${m[2]}:role/${m[3]}` : caller.kind === 'root' && !caller.text.startsWith('arn:') ? `arn:aws:iam::${caller.account}:root` : caller.text);
  set('aws:PrincipalAccount', caller.account);
  if (/^kms:/i.test(action)) set('kms:CallerAccount', caller.account);
  return out;
}

function label(model: PolicyModel, index: number, lines = new LineIndex(model.text)): string {
  const st = model.statements[index];
  const line = st ? lines.position(st.node.offset).line + 1 : 0;
  return `statement ${index + 1}${st?.sid ? ` "${st.sid.value}"` : ''} (line ${line})`;
}

/** The decision and why, for people. */
export function describe(model: PolicyModel, request: EvalRequest, result: EvaluationResult): string {
  const lines = new LineIndex(model.text);
  const out: string[] = [];
  const what = `${request.action} by ${request.principal}${request.resource ? ` on ${request.resource}` : ''}`;
  if (result.decision === 'ExplicitDeny') {
    out.push(`ExplicitDeny: ${what}`);
    for (const i of result.decidingStatements) out.push(`  denied by ${label(model, i, lines)}; an explicit Deny overrides every Allow`);
  } else if (result.decision === 'Allow') {
    out.push(`Allow: ${what}`);
    for (const i of result.decidingStatements) {
      const delegated = result.statements[i]?.principal === 'account-delegation';
      out.push(`  allowed by ${label(model, i, lines)}${delegated ? ', which names the account: its IAM policies decide' : ''}`);
    }
    if (result.allowedVia === 'account-delegation') {
      out.push(`  through the account principal only: the policy delegates to the account's IAM policies, which must allow ${request.action} too`);
    }
  } else {
    out.push(`ImplicitDeny: ${what}`, '  no statement allows it');
    for (const f of result.failedConditions) {
      for (const c of f.failures) out.push(`  ${label(model, f.statement, lines)}: ${c.operator} ${c.key}: ${c.reason}`);
    }
  }
  return out.join('\n');
}

function toJson(model: PolicyModel, request: EvalRequest, result: EvaluationResult) {
  const lines = new LineIndex(model.text);
  const ref = (i: number) => ({ statement: i + 1, sid: model.statements[i]?.sid?.value, line: lines.position(model.statements[i]?.node.offset ?? 0).line + 1 });
  return {
    request,
    decision: result.decision,
    ...(result.allowedVia ? { allowedVia: result.allowedVia } : {}),
    decidingStatements: result.decidingStatements.map(ref),
    failedConditions: result.failedConditions.flatMap((f) => f.failures.map((c) => ({ ...ref(f.statement), operator: c.operator, key: c.key, values: c.values, reason: c.reason }))),
  };
}
