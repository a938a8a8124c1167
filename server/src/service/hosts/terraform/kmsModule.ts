/**
 * `module "x" { source = "terraform-aws-modules/kms/aws" }` as the key policy the module builds from its inputs,
 * following the module's published source (majors 1 to 4): an `aws_iam_policy_document` whose statements are
 * `dynamic` blocks, each present when its input says so (`enable_default_policy`, default true; a principal list
 * such as `key_administrators` when it is not empty), then `key_statements` (a list or a map of objects), with
 * `source_policy_documents` / `override_policy_documents` merged in, and `policy` (when not null) used instead.
 * What an input leaves open (a variable, a computed list) is a statement that may exist or a hole. Findings land on
 * the inputs; `module.x.key_arn` is this key's ARN. A fix may change a value written in an input (an identifier, a
 * condition value: nodes that keep their HCL syntax), never the structure the module builds (unmarked nodes).
 * Other modules, and this one at majors it does not know, are not read at all.
 */
import type { Node } from 'web-tree-sitter';
import { hole } from '../../symbolic';
import type { Finding } from '../../types';
import type { HostEntry, HostValue, Range } from '../types';
import { type Attribute, attributes, blockHead, bodyItems, inner, literalString, rangeOf } from './hclNodes';
import { hclValue, opaque } from './hclValue';
import { keyStatements, unknownStatement } from './kmsModuleStatements';

/** The module's registry address, its registry address with a host, and its Git repository. */
const SOURCES = [
  /^(?:registry\.terraform\.io\/)?terraform-aws-modules\/kms\/aws$/i,
  /^(?:git::)?(?:https:\/\/|ssh:\/\/git@|git@)?github\.com[/:]terraform-aws-modules\/terraform-aws-kms(?:\.git)?(?:\?ref=(v?[\w.-]+))?$/i,
];

/** The majors whose statements this reader knows. */
const MAJORS = { first: 1, last: 4 } as const;

/** The inputs that name principals given one of the module's fixed statements, in the order the module writes them. */
interface FixedStatement { sid: string; input: string; actions: string[]; grant?: boolean; type?: 'Service' }
const ADMIN = ['kms:Create*', 'kms:Describe*', 'kms:Enable*', 'kms:List*', 'kms:Put*', 'kms:Update*', 'kms:Revoke*', 'kms:Disable*', 'kms:Get*', 'kms:Delete*', 'kms:TagResource', 'kms:UntagResource', 'kms:ScheduleKeyDeletion', 'kms:CancelKeyDeletion', 'kms:ReplicateKey', 'kms:ImportKeyMaterial'];
const USE = ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'];
const FIXED: FixedStatement[] = [
  { sid: 'KeyOwner', input: 'key_owners', actions: ['kms:*'] },
  { sid: 'KeyAdministration', input: 'key_administrators', actions: ADMIN },
  { sid: 'KeyUsage', input: 'key_users', actions: USE },
  { sid: 'KeyServiceUsage', input: 'key_service_users', actions: ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'], grant: true },
  { sid: 'KeyServiceRolesASG', input: 'key_service_roles_for_autoscaling', actions: USE },
  { sid: 'KeyServiceRolesASGPersistentVol', input: 'key_service_roles_for_autoscaling', actions: ['kms:CreateGrant'], grant: true },
  { sid: 'KeySymmetricEncryption', input: 'key_symmetric_encryption_users', actions: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'] },
  { sid: 'KeyHMAC', input: 'key_hmac_users', actions: ['kms:DescribeKey', 'kms:GenerateMac', 'kms:VerifyMac'] },
  { sid: 'KeyAsymmetricPublicEncryption', input: 'key_asymmetric_public_encryption_users', actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:DescribeKey', 'kms:GetPublicKey'] },
  { sid: 'KeyAsymmetricSignVerify', input: 'key_asymmetric_sign_verify_users', actions: ['kms:DescribeKey', 'kms:GetPublicKey', 'kms:Sign', 'kms:Verify'] },
];

const PARTITION = hole('partition', 'data.aws_partition.current.partition');
const ACCOUNT = hole('account', 'data.aws_caller_identity.current.account_id');
const DNS_SUFFIX = hole('urlsuffix', 'data.aws_partition.current.dns_suffix');

/** The registry module a `module` block calls, when it is the KMS module at a major this reader knows. */
export interface KmsModuleCall {
  name: string;
  block: Node;
  attrs: Map<string, Attribute>;
  /** The major the `version` (or Git `ref`) pins, when it pins one. */
  major?: number;
}

/** The call of the KMS module in a top-level block, or undefined (another module, an unknown major, not a module). */
export function kmsModuleCall(block: Node): KmsModuleCall | undefined {
  const { type, labels } = blockHead(block);
  if (type !== 'module' || !labels[0]) return undefined;
  const attrs = attributes(bodyItems(block));
  const source = attrs.get('source');
  const src = source && literalString(source.expr)?.trim();
  if (!src) return undefined;
  const match = SOURCES.map((re) => re.exec(src)).find(Boolean);
  if (!match) return undefined;
  const version = attrs.get('version');
  const pin = match[1] ?? (version ? literalString(version.expr) : undefined);
  const major = pin === undefined ? undefined : pinnedMajor(pin);
  if (major === null) return undefined;
  return { name: labels[0], block, attrs, ...(major === undefined ? {} : { major }) };
}

/**
 * The major a version constraint (`~> 2.0`, `3.1.0`, `>= 1.5, < 3.0`, `v2.1.0`) lets Terraform choose, undefined when
 * it leaves several open (`>= 1.5`: the newest), or null when every version it allows is outside what this reader knows.
 */
export function pinnedMajor(constraint: string): number | undefined | null {
  const parts = constraint.split(',').map((p) => /^\s*(~>|>=|<=|!=|>|<|=)?\s*v?(\d+)(?:\.(\d+))?(?:\.\d+)?(?:-[\w.]+)?\s*$/.exec(p));
  if (!constraint.trim() || parts.some((p) => !p)) return undefined;
  let low = 0;
  let high = Number.POSITIVE_INFINITY;
  for (const p of parts as RegExpExecArray[]) {
    const op = p[1] ?? '=';
    const major = Number(p[2]);
    const minor = p[3] === undefined ? undefined : Number(p[3]);
    if (op === '=') { low = Math.max(low, major); high = Math.min(high, major); }
    // `~> 2.1` allows 2.x from 2.1; `~> 2` any version from 2.
    else if (op === '~>') { low = Math.max(low, major); if (minor !== undefined) high = Math.min(high, major); }
    else if (op === '>=' || op === '>') low = Math.max(low, major);
    else if (op === '<') high = Math.min(high, minor ? major : major - 1);
    else if (op === '<=') high = Math.min(high, major);
  }
  if (low > high || low > MAJORS.last || high < MAJORS.first) return null;
  return low === high ? low : undefined;
}

/** A statement built by the module, located at `at`: its strings are the module's, not written by the user. */
function fixed(at: Range, sid: string, actions: readonly string[], principal: HostValue, condition?: HostValue): HostValue {
  const str = (value: string): HostValue => ({ type: 'string', range: at, value, writable: false });
  const entry = (key: string, value: HostValue): HostEntry => ({ key, keyRange: at, value, range: at });
  const entries = [
    entry('Sid', str(sid)),
    entry('Effect', str('Allow')),
    entry('Action', { type: 'array', range: at, items: actions.map(str), writable: false }),
    entry('Resource', str('*')),
    entry('Principal', principal),
    ...(condition ? [entry('Condition', condition)] : []),
  ];
  return { type: 'object', range: at, entries };
}

const grantCondition = (at: Range): HostValue => ({
  type: 'object', range: at, writable: false,
  entries: [{ key: 'Bool', keyRange: at, range: at, value: { type: 'object', range: at, writable: false, entries: [{ key: 'kms:GrantIsForAWSResource', keyRange: at, range: at, value: { type: 'string', range: at, value: 'true', writable: false } }] } }],
});

/** `{ type, value }` as a principal object `{ AWS: value }` written where `at` is. */
const principalOf = (at: Range, type: string, value: HostValue): HostValue => ({ type: 'object', range: at, entries: [{ key: type, keyRange: at, range: at, value }] });

/** A boolean input: true, false, or undefined when the file cannot know it. */
function flag(a: Attribute | undefined, fallback: boolean): boolean | undefined {
  if (!a) return fallback;
  const n = inner(a.expr);
  if (n.type === 'bool_lit') return n.text === 'true';
  if (n.type === 'null_lit') return fallback;
  return undefined;
}

/** A value that is there when `present` is true, may be there when it is unknown. */
function when(present: boolean | undefined, value: HostValue, at: Range, condition: string): HostValue[] {
  if (present === false) return [];
  if (present === true) return [value];
  return [{ type: 'choice', range: at, condition, branches: [value, { type: 'absent', range: at }] }];
}

type Absent = { type: 'absent'; range: Range };

/**
 * The statement a principal list input adds (`length(list) > 0 ? [1] : []` in the module): none for an empty list
 * or null, one that may exist for a list the file cannot know, one per branch of a conditional.
 */
function forList(v: HostValue, at: Range, input: string, build: (principals: HostValue) => HostValue): HostValue | Absent {
  if (v.type === 'null' || (v.type === 'array' && !v.items.length)) return { type: 'absent', range: v.range };
  if (v.type === 'choice') return { ...v, branches: v.branches.map((b) => (b.type === 'absent' ? b : forList(b, at, input, build))) };
  if (v.type === 'string' && v.writable === false) return when(undefined, build(v), at, `length(${input}) > 0`)[0]!;
  return build(v);
}

/** The key policy the module builds from its inputs, located at them; undefined when `create` is false. */
export function kmsModulePolicy(call: KmsModuleCall, findings: Finding[]): HostValue | undefined {
  const { block, attrs } = call;
  const head = rangeOf(block.namedChildren[1] ?? block.namedChildren[0]!);
  const range = rangeOf(block);
  if (flag(attrs.get('create'), true) === false) return undefined;
  const statements: HostValue[] = [];
  // Merged documents come first (source) or replace by `sid` (override): statements that may be there.
  for (const name of ['source_policy_documents', 'override_policy_documents']) {
    const a = attrs.get(name);
    if (!a || ['null_lit'].includes(inner(a.expr).type) || (inner(a.expr).type === 'tuple' && !inner(a.expr).namedChildren.some((c) => c.type === 'expression'))) continue;
    statements.push(unknownStatement({ ...opaque(a.expr), range: rangeOf(a.node) }, name));
  }
  const enable = attrs.get('enable_default_policy');
  const at = enable ? rangeOf(enable.node) : head;
  const root = principalOf(at, 'AWS', { type: 'string', range: at, value: `arn:${PARTITION}:iam::${ACCOUNT}:root`, writable: false });
  statements.push(...when(flag(enable, true), fixed(at, 'Default', ['kms:*'], root), at, 'enable_default_policy'));
  for (const s of FIXED) {
    const a = attrs.get(s.input);
    if (!a) continue;
    const where = rangeOf(a.node);
    const statement = forList(hclValue(a.expr), where, s.input, (v) => fixed(where, s.sid, s.actions, principalOf(where, 'AWS', v), s.grant ? grantCondition(where) : undefined));
    if (statement.type !== 'absent') statements.push(statement);
  }
  const dnssec = attrs.get('enable_route53_dnssec');
  if (dnssec) {
    const where = rangeOf(dnssec.node);
    const service = principalOf(where, 'Service', { type: 'string', range: where, value: `dnssec-route53.${DNS_SUFFIX}`, writable: false });
    const present = flag(dnssec, false);
    statements.push(...when(present, fixed(where, 'Route53DnssecService', ['kms:DescribeKey', 'kms:GetPublicKey', 'kms:Sign'], service), where, 'enable_route53_dnssec'));
    const sources = attrs.get('route53_dnssec_sources');
    const condition = sources ? sourceConditions(where, sources) : grantCondition(where);
    statements.push(...when(present, fixed(where, 'Route53DnssecGrant', ['kms:CreateGrant'], service, condition), where, 'enable_route53_dnssec'));
  }
  const custom = attrs.get('key_statements');
  if (custom) statements.push(...keyStatements(custom, call.major, findings));
  const list: HostValue = { type: 'array', range, items: statements };
  const str = (value: string): HostValue => ({ type: 'string', range: head, value, writable: false });
  return { type: 'object', range, entries: [
    { key: 'Version', keyRange: head, range: head, value: str('2012-10-17') },
    // Where the statements are written: `key_statements`, or where the default statement is turned off.
    { key: 'Statement', keyRange: custom ? rangeOf(custom.nameNode) : enable ? rangeOf(enable.nameNode) : head, range, value: list },
  ] };
}

/** The DNSSEC grant's conditions with `route53_dnssec_sources` given: the grant flag, the source account and ARN. */
function sourceConditions(at: Range, sources: Attribute): HostValue {
  const base = grantCondition(at) as HostValue & { type: 'object' };
  const unknown = (key: string): HostEntry => ({ key, keyRange: rangeOf(sources.node), range: rangeOf(sources.node), value: opaque(sources.expr) });
  return { ...base, entries: [...base.entries,
    { key: 'StringEquals', keyRange: at, range: at, value: { type: 'object', range: at, writable: false, entries: [unknown('aws:SourceAccount')] } },
    { key: 'ArnLike', keyRange: at, range: at, value: { type: 'object', range: at, writable: false, entries: [unknown('aws:SourceArn')] } },
  ] };
}

