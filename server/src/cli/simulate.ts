/** `hlkms simulate`: evaluate one request (or HealthLake's requests) against a policy file and say why. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildModel, type PolicyModel } from '../service/model';
import { evaluate, parseCaller, type EvalRequest, type EvaluationResult } from '../service/evaluate/index';
import { healthLakeRequests } from '../service/healthlake/requests';
import { CAPABILITY_LEGEND, operationVerdict } from '../service/healthlake/capability';
import type { HealthLakeOperation } from '../service/healthlake/facts';
import { chooseRegion } from '../service/healthlake/regions';
import { LineIndex } from '../service/positions';
import { bindHoles, displayValue, holes } from '../service/symbolic';
import { createLanguageService } from '../service/languageService';
import { awaitsSetUp, prepareHosts, registerHost, type HostInput } from '../service/hosts/api';
import { toHost, type Projection } from '../service/hosts/projection';
import { terraformHost } from '../service/hosts/terraform';
import { fileCatalog } from '../node/catalogFiles';
import { folderReader } from '../node/folderReader';
import { oneOf, parseArgs, UsageError, type Io } from './io';

const HELP = `Usage: hlkms simulate FILE [--policy NAME] [--value NAME=VALUE ...] --principal ARN --action ACTION [--resource ARN] [--context key=value ...] [--format text|json]
       hlkms simulate FILE [--policy NAME] [--value NAME=VALUE ...] --principal ARN --healthlake [--region R] [--format text|json]

Evaluates a request against a key policy or IAM policy, following AWS's policy evaluation logic, and
prints the decision and why: which statement allowed or denied it, which condition failed.

FILE is a JSON policy, or a file that holds policies (CloudFormation, Terraform, a JSON template), read as
\`hlkms lint\` reads it: values the file cannot know yet (a variable, a reference) match or not as the
request decides, and a policy with a choice (Fn::If, a conditional expression) is evaluated in its first form.

  --policy      which policy of FILE, by the name \`hlkms lint --format json\` gives it (needed when FILE holds several)
  --value       a value FILE leaves open, as the answer names it: --value AWS::AccountId=111122223333,
                --value var.creator_role_arn=arn:aws:iam::111122223333:role/Creator; repeat it for each

  --principal   the caller: a role, user, assumed-role session or root ARN, an account id, or a service principal
  --action      e.g. kms:Decrypt
  --resource    the resource ARN (default: the key the policy is attached to)
  --context     a condition key and value; repeat it, and repeat a key for a multivalued key.
                aws:PrincipalArn, aws:PrincipalAccount and (for KMS) kms:CallerAccount come from --principal
  --healthlake  simulate HealthLake's own KMS calls for the principal: create data stores, write and read,
                each direct (the key policy allows it), iam (its IAM policy decides) or no
  --region      the Region of those calls (default: from the policy, else us-east-1)

Exit code: 0 allowed, 1 denied (or undecided: the answer depends on a value the file leaves open),
2 usage error or unreadable policy.`;

export async function simulateCommand(args: string[], io: Io): Promise<number> {
  const { values, lists, flags, positional } = parseArgs(args, { options: ['principal', 'action', 'resource', 'format', 'region', 'policy'], repeated: ['context', 'value'], flags: ['healthlake', 'help'] });
  if (flags.has('help')) {
    io.out(HELP);
    return 0;
  }
  const format = oneOf('format', values.format, ['text', 'json'] as const, 'text');
  if (positional.length !== 1) throw new UsageError('give exactly one policy file. Usage: hlkms simulate FILE --principal ARN --action ACTION');
  const principal = values.principal;
  if (!principal) throw new UsageError('--principal is required (e.g. arn:aws:iam::111122223333:role/Admin)');
  const caller = parseCaller(principal);
  if (caller.kind === 'other') throw new UsageError(`'${principal}' is not a principal: use a role, user, assumed-role or root ARN, an account id, or a service principal`);
  if (!flags.has('healthlake') && !values.action) throw new UsageError('--action is required (e.g. kms:Decrypt), or --healthlake');
  if (values.action && !/^[a-z0-9-]+:[A-Za-z0-9*?]+$/.test(values.action)) throw new UsageError(`'${values.action}' is not an action: write service:Action, e.g. kms:Decrypt`);
  const { model, lineOf } = await readPolicy(positional[0]!, values.policy, flags.has('healthlake'), io.cwd, bindingsOf(lists.value ?? []));

  if (flags.has('healthlake')) {
    const account = caller.account;
    if (!account) throw new UsageError('--healthlake needs an IAM principal with an account (a role, user, session or root)');
    const region = values.region ?? chooseRegion(model, undefined).region;
    const results = healthLakeRequests(principal, account, region).map((r) => ({ request: r as EvalRequest, result: evaluate(model, r) }));
    const resultOf = (a: string) => results.find((r) => r.request.action === a)?.result;
    const of = (op: HealthLakeOperation) => operationVerdict(op, resultOf, (a) => resultOf(a)?.undecided !== undefined, caller.kind === 'root');
    const ops = { create: of('create'), write: of('write'), read: of('read') };
    const shownRegion = displayValue(region);
    if (format === 'json') io.out(JSON.stringify({ principal, region: shownRegion, ...ops, requests: results.map((r) => toJson(model, r.request, r.result, lineOf)) }, null, 2));
    else {
      const legend = `${CAPABILITY_LEGEND}${Object.values(ops).includes('undecided') ? ' undecided: it depends on a value the file leaves open.' : ''}`;
      io.out(`HealthLake in ${shownRegion} for ${principal}: create ${ops.create}, write ${ops.write}, read ${ops.read}\n${legend.replace(/`/g, '')}`);
      for (const r of results) io.out(`\n${describe(model, r.request, r.result, lineOf)}`);
    }
    return Object.values(ops).some((v) => v === 'no' || v === 'undecided') ? 1 : 0;
  }

  const request: EvalRequest = { principal, action: values.action!, resource: values.resource, context: withCaller(contextOf(lists.context ?? []), caller, values.action!) };
  const result = evaluate(model, request);
  io.out(format === 'json' ? JSON.stringify(toJson(model, request, result, lineOf), null, 2) : describe(model, request, result, lineOf));
  return result.decision === 'Allow' && !result.undecided ? 0 : 1;
}

/** The 1-based line of the file a statement of the evaluated policy (by index) is written on. */
type LineOf = (statement: number) => number;

/**
 * The policy of `path` to evaluate, read by the language service as \`hlkms lint\` reads the file: a JSON policy, or
 * the one policy (or the one `name`d) of a CloudFormation template, Terraform file or JSON template; for HealthLake's
 * requests, the one key policy.
 */
async function readPolicy(path: string, name: string | undefined, keyPolicy: boolean, cwd: string, bindings: Map<string, string>): Promise<{ model: PolicyModel; lineOf: LineOf }> {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, path), 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  registerHost(terraformHost);
  const absolute = resolve(cwd, path);
  const input: HostInput = { uri: absolute, text, folder: folderReader(absolute) };
  if (awaitsSetUp(input)) await prepareHosts().catch((e: unknown) => { throw new UsageError(`${path} cannot be read here (${(e as Error).message})`); });
  const analysis = createLanguageService({ catalog: fileCatalog() }).analyze(input);
  const why = `run \`hlkms lint ${path}\` to see why`;
  const sites = (analysis?.sites ?? []).filter((s) => s.kind !== 'not-a-policy' && s.kind !== 'unknown' && s.variants.length > 0);
  const names = (list: typeof sites) => list.map((s) => s.site.name).join(', ');
  if (name !== undefined) {
    const named = sites.find((s) => s.site.name === name);
    if (!named) throw new UsageError(`${path} holds no policy named '${name}'${sites.length ? `; its policies: ${names(sites)}` : ''}`);
    sites.splice(0, sites.length, named);
  }
  const candidates = keyPolicy && sites.length > 1 ? sites.filter((s) => s.kind === 'key-policy') : sites;
  const site = candidates[0];
  if (!site) throw new UsageError(`${path} is not a policy that can be evaluated (${why})`);
  if (candidates.length > 1) throw new UsageError(`${path} holds ${candidates.length} ${keyPolicy ? 'key policies' : 'policies'}: name one with --policy (${names(candidates)})`);
  const projection = site.variants[0]!;
  if (projection.model.parseErrors.length > 0) throw new UsageError(`${path} is not a policy that can be evaluated (${why})`);
  const lines = new LineIndex(text);
  const written = projection.model;
  const lineOf: LineOf = (statement) => lines.position(hostOffset(projection, written.statements[statement]?.node.offset ?? 0)).line + 1;
  return { model: bound(written, bindings, path), lineOf };
}

/** `--value NAME=VALUE` pairs; NAME as the answer shows it, with or without `${...}`. */
function bindingsOf(pairs: readonly string[]): Map<string, string> {
  const bindings = new Map<string, string>();
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--value takes NAME=VALUE, e.g. AWS::AccountId=111122223333 (got '${pair}')`);
    bindings.set(pair.slice(0, eq).replace(/^\$\{(.*)\}$/s, '$1'), pair.slice(eq + 1));
  }
  return bindings;
}

/**
 * The policy with the values `--value` gives written in place of what the file leaves open: the same statements in
 * the same order, so lines and statement numbers stay those of the file. A name the policy does not leave open is
 * a usage error that lists the ones it does.
 */
function bound(model: PolicyModel, bindings: Map<string, string>, path: string): PolicyModel {
  if (bindings.size === 0) return model;
  const open = new Set<string>();
  for (const m of model.text.matchAll(/"(?:[^"\\]|\\.)*"/g)) for (const h of holes(m[0])) open.add(h.display);
  const unknown = [...bindings.keys()].filter((k) => !open.has(k));
  if (unknown.length > 0) {
    throw new UsageError(`this policy of ${path} leaves no value ${unknown.map((k) => `'${k}'`).join(', ')} open${open.size ? `; it leaves open: ${[...open].join(', ')}` : ''}`);
  }
  // Each value goes inside a JSON string of the policy, escaped as one; the kind stays the one the file gives it.
  const boundModel = buildModel(bindHoles(model.text, (d) => (bindings.has(d) ? JSON.stringify(bindings.get(d)).slice(1, -1) : undefined)));
  boundModel.kind = model.kind;
  return boundModel;
}

/** Where an offset of a projected policy is written in its file (the policy's own offsets for a JSON policy). */
function hostOffset(projection: Projection, offset: number): number {
  return projection.identity ? offset : toHost(projection, offset, 0)?.offset ?? 0;
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

function label(model: PolicyModel, index: number, lineOf: LineOf): string {
  const st = model.statements[index];
  const line = st ? lineOf(index) : 0;
  return `statement ${index + 1}${st?.sid ? ` "${st.sid.value}"` : ''} (line ${line})`;
}

/** The decision and why, for people. */
function describe(model: PolicyModel, request: EvalRequest, result: EvaluationResult, lines: LineOf): string {
  const out: string[] = [];
  const what = `${request.action} by ${request.principal}${request.resource ? ` on ${displayValue(request.resource)}` : ''}`;
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
  const open = result.undecided;
  if (open) {
    const others = open.possible.filter((d) => d !== result.decision);
    out.push(`  undecided: it may be ${others.join(' or ')} instead, as ${open.statements.map((i) => label(model, i, lines)).join(', ')} may apply; it depends on ${open.dependsOn.join(', ')}, which the file leaves open`);
  }
  return out.join('\n');
}

function toJson(model: PolicyModel, request: EvalRequest, result: EvaluationResult, lineOf: LineOf) {
  const ref = (i: number) => ({ statement: i + 1, sid: model.statements[i]?.sid?.value, line: lineOf(i) });
  return {
    request,
    decision: result.decision,
    ...(result.allowedVia ? { allowedVia: result.allowedVia } : {}),
    decidingStatements: result.decidingStatements.map(ref),
    ...(result.undecided ? { undecided: { possible: result.undecided.possible, statements: result.undecided.statements.map(ref), dependsOn: result.undecided.dependsOn } } : {}),
    failedConditions: result.failedConditions.flatMap((f) => f.failures.map((c) => ({ ...ref(f.statement), operator: c.operator, key: c.key, values: c.values, reason: c.reason }))),
  };
}
