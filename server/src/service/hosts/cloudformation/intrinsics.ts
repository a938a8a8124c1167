/**
 * CloudFormation intrinsics as symbolic values: `!Sub`/`Fn::Sub` (with and without a variable map), `!Ref`,
 * `!GetAtt` (both forms), `Fn::Join`, `Fn::If` (a choice; `AWS::NoValue` is absent), `Fn::Select`, `Fn::Split`, and
 * opaque holes for the rest (`Fn::ImportValue`, `Fn::FindInMap`, ...). Short (`!Sub`) and long (`Fn::Sub:`) forms
 * are the same. Every computed value is `writable: false`: a fix never rewrites what the template computes.
 */
import { hole, type HoleKind } from '../../symbolic';
import { cloudFormationArnKind, isArnAttribute } from '../../arnTypes';
import { cloudFormationName, holed, isIamVariable, wholeHole } from '../placeholders';
import type { HostEntry, HostValue, Range } from '../types';
import type { Raw } from './raw';

export interface TemplateFacts {
  parameters: ReadonlySet<string>;
  /** Logical id -> resource type. */
  resources: ReadonlyMap<string, string>;
}

export interface ResolveContext {
  facts: TemplateFacts;
}

export const ABSENT = { type: 'absent' } as const;
export type Resolved = HostValue | typeof ABSENT;

const PSEUDO: Record<string, HoleKind> = {
  'AWS::AccountId': 'account', 'AWS::Region': 'region', 'AWS::Partition': 'partition', 'AWS::URLSuffix': 'urlsuffix',
};

/** What `Ref` of a resource type returns (its name, its ARN, or an id). */
const REF_GIVES: Record<string, 'name' | 'arn' | 'id'> = {
  'AWS::IAM::Role': 'name', 'AWS::IAM::User': 'name', 'AWS::IAM::Group': 'name', 'AWS::IAM::InstanceProfile': 'name',
  'AWS::IAM::ManagedPolicy': 'arn', 'AWS::KMS::Alias': 'name', 'AWS::SNS::Topic': 'arn', 'AWS::S3::Bucket': 'name',
  'AWS::SecretsManager::Secret': 'arn',
};

const shortType = (type: string): string => type.slice(type.lastIndexOf(':') + 1).toLowerCase();

const computed = (range: Range, value: string): HostValue => ({ type: 'string', range, value, writable: false });

/** The name of the intrinsic a node is (short tag or one-key long form), and its argument. */
export function intrinsicOf(raw: Raw): { fn: string; arg: Raw; range: Range } | undefined {
  if (raw.kind !== 'alias' && raw.tag?.startsWith('!') && raw.tag !== '!') {
    const name = raw.tag.slice(1);
    return { fn: name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`, arg: { ...raw, tag: undefined } as Raw, range: raw.range };
  }
  if (raw.kind === 'map' && raw.entries.length === 1) {
    const [e] = raw.entries;
    if (e!.key === 'Ref' || e!.key.startsWith('Fn::')) return { fn: e!.key, arg: e!.value, range: raw.range };
  }
  return undefined;
}

/** `Ref` of a name: a pseudo parameter, a parameter (opaque), or a resource (its name, ARN or id). */
export function refValue(name: string, facts: TemplateFacts): string | typeof ABSENT {
  if (name === 'AWS::NoValue') return ABSENT;
  const pseudo = PSEUDO[name];
  if (pseudo) return hole(pseudo, name);
  const type = facts.resources.get(name);
  if (type) return hole(REF_GIVES[type] === 'arn' ? cloudFormationArnKind(type) : `${REF_GIVES[type] ?? 'id'}:${shortType(type)}`, name);
  return hole('opaque', name);
}

/** `GetAtt` of a resource attribute: `X.Arn` is the ARN of what X is. */
export function getAttValue(resource: string, attribute: string, facts: TemplateFacts): string {
  const type = facts.resources.get(resource);
  if (type && isArnAttribute(type, attribute)) return hole(cloudFormationArnKind(type), `${resource}.${attribute}`);
  return hole('opaque', `${resource}.${attribute}`);
}

/** An IAM policy variable (`aws:username`, `${*}`): inside a `Sub` CloudFormation would consume it (hosts/rules/subPolicyVariable.ts). */
export const IAM_VARIABLE = /^(?:[A-Za-z0-9-]+:[^:]|[*?$]$)/;

/** A `Sub` template's value: literals kept (`${!x}` is `${x}`), each variable a hole or its map value. */
export function subValue(template: string, vars: ReadonlyMap<string, Resolved>, ctx: ResolveContext): string {
  return template.replace(/\$\{([^}]*)\}/g, (whole, inner: string) => {
    const name = inner.trim();
    if (name.startsWith('!')) return `\${${inner.slice(1)}}`;
    const v = vars.get(name);
    if (v) return v.type === 'string' ? v.value : hole('opaque', name);
    if (name in PSEUDO) return hole(PSEUDO[name]!, name);
    // What the author meant: the policy variable itself; a Serverless Framework variable (`${self:custom.x}`) is
    // filled in before CloudFormation sees the template.
    if (!name.startsWith('AWS::') && IAM_VARIABLE.test(name)) return isIamVariable(name) ? whole : wholeHole(name);
    const dot = name.indexOf('.');
    if (dot > 0) return getAttValue(name.slice(0, dot), name.slice(dot + 1), ctx.facts);
    const ref = refValue(name, ctx.facts);
    return typeof ref === 'string' ? ref : '';
  });
}

function resolveSub(arg: Raw, range: Range, ctx: ResolveContext, depth: number): Resolved {
  if (arg.kind === 'scalar' && typeof arg.value === 'string') return computed(range, subValue(arg.value, new Map(), ctx));
  if (arg.kind === 'seq' && arg.items[0]?.kind === 'scalar' && typeof arg.items[0].value === 'string') {
    const vars = new Map<string, Resolved>();
    const map = arg.items[1];
    if (map?.kind === 'map') for (const e of map.entries) vars.set(e.key, resolve(e.value, ctx, depth + 1));
    return computed(range, subValue(arg.items[0].value, vars, ctx));
  }
  return computed(range, hole('opaque', 'Fn::Sub'));
}

function resolveIntrinsic(fn: string, arg: Raw, range: Range, ctx: ResolveContext, depth: number): Resolved {
  const items = arg.kind === 'seq' ? arg.items : [];
  switch (fn) {
    case 'Ref': {
      if (arg.kind !== 'scalar' || typeof arg.value !== 'string') return computed(range, hole('opaque', 'Ref'));
      const v = refValue(arg.value, ctx.facts);
      return typeof v === 'string' ? computed(range, v) : ABSENT;
    }
    case 'Fn::GetAtt': {
      const parts = arg.kind === 'scalar' && typeof arg.value === 'string'
        ? [arg.value.slice(0, arg.value.indexOf('.')), arg.value.slice(arg.value.indexOf('.') + 1)]
        : items.map((i) => (i.kind === 'scalar' && !i.tag ? String(i.value) : undefined));
      const [res, att] = parts;
      return computed(range, res && att ? getAttValue(res, att, ctx.facts) : hole('opaque', 'Fn::GetAtt'));
    }
    case 'Fn::Sub': return resolveSub(arg, range, ctx, depth);
    case 'Fn::If': {
      const [cond, a, b] = items;
      if (!cond || !a || !b || cond.kind !== 'scalar') return computed(range, hole('opaque', 'Fn::If'));
      const branch = (r: Raw): HostValue | { type: 'absent'; range: Range } => {
        const v = resolve(r, ctx, depth + 1);
        return v.type === 'absent' ? { type: 'absent', range: r.range } : v;
      };
      return { type: 'choice', range, condition: String(cond.value), branches: [branch(a), branch(b)] };
    }
    case 'Fn::Join': {
      const [delim, list] = items;
      if (delim?.kind !== 'scalar' || list?.kind !== 'seq' || intrinsicOf(list)) return computed(range, hole('opaque', 'Fn::Join'));
      const parts = list.items.map((i) => resolve(i, ctx, depth + 1));
      if (parts.some((p) => p.type !== 'string' && p.type !== 'absent')) return computed(range, hole('opaque', 'Fn::Join'));
      return computed(range, parts.flatMap((p) => (p.type === 'string' ? [p.value] : [])).join(String(delim.value ?? '')));
    }
    case 'Fn::Select': {
      const [index, list] = items;
      const i = index?.kind === 'scalar' ? Number(index.value) : NaN;
      const chosen = list?.kind === 'seq' && !intrinsicOf(list) && Number.isInteger(i) ? list.items[i] : undefined;
      if (chosen) return resolve(chosen, ctx, depth + 1);
      const split = list && resolve(list, ctx, depth + 1);
      const item = split?.type === 'array' && Number.isInteger(i) ? split.items[i] : undefined;
      return item ?? computed(range, hole('opaque', 'Fn::Select'));
    }
    case 'Fn::Split': {
      const [delim, source] = items;
      const s = source && resolve(source, ctx, depth + 1);
      if (delim?.kind !== 'scalar' || s?.type !== 'string' || s.value.includes('\uE010')) return computed(range, hole('opaque', 'Fn::Split'));
      return { type: 'array', range, writable: false, items: s.value.split(String(delim.value)).map((v) => computed(range, v)) };
    }
    default:
      return computed(range, hole('opaque', fn));
  }
}

/** A value no fix may write (what an alias stands for is written elsewhere). */
function readOnly(v: Resolved): Resolved {
  if (v.type === 'absent') return v;
  if (v.type === 'object') return { ...v, writable: false, entries: v.entries.map((e) => ({ ...e, value: readOnly(e.value) as HostValue })) };
  if (v.type === 'array') return { ...v, writable: false, items: v.items.map((i) => readOnly(i) as HostValue) };
  if (v.type === 'choice') return v;
  return { ...v, writable: false };
}

/** A raw template node as a host value (intrinsics resolved). */
export function resolve(raw: Raw, ctx: ResolveContext, depth = 0): Resolved {
  if (depth > 100) return computed(raw.range, hole('opaque', 'deeply nested value'));
  // An alias is reported (hosts/rules/yamlAlias.ts) and read as what it stands for, so one mistake gives one finding.
  if (raw.kind === 'alias') return raw.target && depth < 50 ? readOnly(resolve(raw.target, ctx, depth + 1)) : computed(raw.range, hole('opaque', `*${raw.name}`));
  const intrinsic = intrinsicOf(raw);
  if (intrinsic) return resolveIntrinsic(intrinsic.fn, intrinsic.arg, intrinsic.range, ctx, depth);
  switch (raw.kind) {
    case 'map': {
      const entries: HostEntry[] = [];
      for (const e of raw.entries) {
        const value = resolve(e.value, ctx, depth + 1);
        if (value.type !== 'absent') entries.push({ key: e.key, keyRange: e.keyRange, value, range: e.range });
      }
      return { type: 'object', range: raw.range, entries };
    }
    case 'seq':
      return { type: 'array', range: raw.range, items: raw.items.flatMap((i) => { const v = resolve(i, ctx, depth + 1); return v.type === 'absent' ? [] : [v]; }) };
    case 'scalar':
      if (raw.value === null) return { type: 'null', range: raw.range };
      if (typeof raw.value === 'string') {
        // A placeholder of a tool that renders the template (Serverless, Jinja) is a hole no fix rewrites.
        const value = holed(raw.value, cloudFormationName(ctx.facts.parameters, ctx.facts.resources));
        return value === raw.value ? { type: 'string', range: raw.range, value } : computed(raw.range, value);
      }
      if (typeof raw.value === 'number') return { type: 'number', range: raw.range, value: raw.value };
      return { type: 'boolean', range: raw.range, value: raw.value };
  }
}
