/**
 * Where policies sit in a template: `AWS::KMS::Key` / `ReplicaKey` `KeyPolicy`, `AWS::IAM::Role`
 * `AssumeRolePolicyDocument` (trust) and `Policies[].PolicyDocument`, `AWS::IAM::Policy` / `ManagedPolicy`
 * `PolicyDocument`, the inline policies of users and groups, and the resource policies of S3 buckets, SQS queues,
 * SNS topics (`PolicyDocument`) and Secrets Manager secrets (`ResourcePolicy`), and the policy documents among a SAM
 * function's or state machine's `Policies`. A policy may be a mapping, an `Fn::If`, or a JSON
 * string (plain or `!Sub`).
 */
import { buildModel } from '../../model';
import { runRules } from '../../rules/run';
import { jsonSyntax } from '../../rules/jsonSyntax';
import { defaultSettings, type Finding } from '../../types';
import type { Catalog } from '../../catalog';
import type { HostWriter, PolicySite, SiteKind } from '../types';
import { embeddedWriter } from '../writers/embedded';
import { decodeScalar, parseEmbedded, substitute, type Decoded } from './embedded';
import { intrinsicOf, resolve, subValue, type ResolveContext } from './intrinsics';
import { valueOf, type Raw } from './raw';
import { hole } from '../../symbolic';
import { wrongShape } from './shape';

/** The Region a stack deploys to: what a fix writes where it needs the Region (as `!Sub` / `Fn::Sub`). */
const THIS_REGION = hole('region', 'AWS::Region');

export const POLICY_TYPES = new Set(['AWS::KMS::Key', 'AWS::KMS::ReplicaKey', 'AWS::IAM::Role', 'AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy',
  'AWS::IAM::User', 'AWS::IAM::Group', 'AWS::S3::BucketPolicy', 'AWS::SQS::QueuePolicy', 'AWS::SNS::TopicPolicy', 'AWS::SecretsManager::ResourcePolicy',
  'AWS::Serverless::Function', 'AWS::Serverless::StateMachine']);

export interface SiteContext extends ResolveContext {
  text: string;
  writer: HostWriter;
  findings: Finding[];
  /** The raw policy of each site (host rules look at how it was written). */
  rawOf: Map<PolicySite, Raw>;
}

/** One `Sub` variable of a JSON body, as intrinsics.ts reads it. */
const subHole = (inner: string, ctx: ResolveContext): string => subValue(`\${${inner}}`, new Map(), ctx);

/** The site of a policy written as a JSON string; `null` when the string does not parse (its one finding is given). */
function embeddedSite(raw: Raw, name: string, kind: SiteKind, ctx: SiteContext): PolicySite | null | undefined {
  const intrinsic = intrinsicOf(raw);
  const sub = intrinsic?.fn === 'Fn::Sub';
  const scalar = sub ? (intrinsic!.arg.kind === 'seq' ? intrinsic!.arg.items[0] : intrinsic!.arg) : raw;
  if (scalar?.kind !== 'scalar' || typeof scalar.value !== 'string' || !scalar.value.trimStart().startsWith('{')) return undefined;
  if (intrinsic && !sub) return undefined;
  let decoded: Decoded | undefined = decodeScalar(ctx.text, scalar);
  if (!decoded) return undefined;
  if (sub) decoded = substitute(decoded, (inner) => subHole(inner, ctx));
  const embedded = parseEmbedded(decoded, true);
  if (!embedded.value) return undefined;
  if (embedded.errors.length) {
    // The first error only, and no policy verdict: after it the text cannot be followed.
    const model = buildModel(decoded.text, 'identity-policy');
    const errors = new Set(model.parseErrors.map((e) => e.offset));
    const all = runRules([jsonSyntax], model, { catalog: undefined as unknown as Catalog, settings: defaultSettings });
    const first = all.find((f) => errors.has(f.offset));
    for (const f of [...(first ? [first] : []), ...all.filter((f) => !errors.has(f.offset))]) {
      const start = decoded.map[f.offset] ?? scalar.range.offset;
      const stop = decoded.map[f.offset + f.length] ?? start;
      ctx.findings.push({ ...f, offset: start, length: Math.max(stop - start, 0) });
    }
    if (first) return null;
  }
  return { name, kind, range: raw.range, value: embedded.value, writer: embeddedWriter(embedded, sub) };
}

function site(raw: Raw | undefined, name: string, kind: SiteKind, ctx: SiteContext): PolicySite | undefined {
  if (!raw) return undefined;
  const embedded = embeddedSite(raw, name, kind, ctx);
  if (embedded === null) return undefined;
  if (embedded) { ctx.rawOf.set(embedded, raw); return embedded; }
  const resolved = resolve(raw, ctx);
  const shape = wrongShape(raw, resolved, name, ctx.text);
  if (shape) ctx.findings.push(shape.finding);
  const value = shape?.value ?? resolved;
  if (value.type !== 'object' && value.type !== 'choice') return undefined;
  const s: PolicySite = { name, kind, range: raw.range, value, writer: ctx.writer, thisRegion: THIS_REGION };
  ctx.rawOf.set(s, raw);
  return s;
}

/** Inline policies: `Policies: [{PolicyName, PolicyDocument}]`. */
function inlinePolicies(id: string, props: Raw | undefined, ctx: SiteContext): PolicySite[] {
  const list = valueOf(props, 'Policies');
  if (list?.kind !== 'seq') return [];
  return list.items.flatMap((item, i) => site(valueOf(item, 'PolicyDocument'), `${id}.Policies[${i}].PolicyDocument`, 'identity-policy', ctx) ?? []);
}

/**
 * A SAM resource's `Policies`: a policy document (a mapping with `Statement`), or a list of documents, managed
 * policy names and SAM policy templates (`KMSDecryptPolicy: {KeyId: ...}`); only the documents are policies here.
 */
function samPolicies(id: string, props: Raw | undefined, ctx: SiteContext): PolicySite[] {
  const policies = valueOf(props, 'Policies');
  const isDocument = (r: Raw | undefined) => r?.kind === 'map' && valueOf(r, 'Statement') !== undefined;
  if (isDocument(policies)) return [site(policies, `${id}.Policies`, 'identity-policy', ctx)].flatMap((s) => s ?? []);
  if (policies?.kind !== 'seq') return [];
  return policies.items.flatMap((item, i) => (isDocument(item) ? site(item, `${id}.Policies[${i}]`, 'identity-policy', ctx) ?? [] : []));
}

/** The policy sites of one resource (`resource` is its mapping: Type, Properties, ...). */
export function resourceSites(id: string, type: string, resource: Raw, ctx: SiteContext): PolicySite[] {
  const props = valueOf(resource, 'Properties');
  const one = (key: string, kind: SiteKind) => site(valueOf(props, key), `${id}.${key}`, kind, ctx) ?? [];
  switch (type) {
    case 'AWS::KMS::Key':
    case 'AWS::KMS::ReplicaKey':
      return [one('KeyPolicy', 'key-policy')].flat();
    case 'AWS::IAM::Role':
      return [one('AssumeRolePolicyDocument', 'trust-policy'), inlinePolicies(id, props, ctx)].flat();
    case 'AWS::IAM::Policy':
    case 'AWS::IAM::ManagedPolicy':
      return [one('PolicyDocument', 'identity-policy')].flat();
    case 'AWS::IAM::User':
    case 'AWS::IAM::Group':
      return inlinePolicies(id, props, ctx);
    case 'AWS::S3::BucketPolicy':
    case 'AWS::SQS::QueuePolicy':
    case 'AWS::SNS::TopicPolicy':
      return [one('PolicyDocument', 'resource-policy')].flat();
    case 'AWS::SecretsManager::ResourcePolicy':
      return [one('ResourcePolicy', 'resource-policy')].flat();
    case 'AWS::Serverless::Function':
    case 'AWS::Serverless::StateMachine':
      return samPolicies(id, props, ctx);
    default:
      return [];
  }
}
