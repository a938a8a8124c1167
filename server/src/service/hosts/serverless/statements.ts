/**
 * The statements a Serverless Framework service file gives the role it creates: `provider.iamRoleStatements`
 * (v1/v2), `provider.iam.role.statements` (v3+), and a function's `iamRoleStatements`
 * (serverless-iam-roles-per-function). Each list is the `Statement` of an identity policy whose `Version` Serverless
 * writes itself. YAML merge keys (`<<: *base`), which Serverless accepts, are read as the entries they merge.
 */
import { isWholeHole } from '../../symbolic';
import type { HostChange, HostEntry, HostValue, HostWriter, PolicySite } from '../types';
import { resolve } from '../cloudformation/intrinsics';
import type { Raw, RawEntry } from '../cloudformation/raw';
import type { SiteContext } from '../cloudformation/sites';

/** The version of the policy Serverless builds from the statements. */
const VERSION = '2012-10-17';

/** The entries a merge key (`<<: *base` or `<<: [*a, *b]`) brings in, each read as what the alias stands for. */
function merged(entry: RawEntry, own: ReadonlySet<string>): RawEntry[] {
  const sources = entry.value.kind === 'seq' ? entry.value.items : [entry.value];
  const out: RawEntry[] = [];
  for (const source of sources) {
    const target = source.kind === 'alias' ? source.target : undefined;
    if (target?.kind !== 'map') continue;
    for (const e of target.entries) {
      if (own.has(e.key) || out.some((o) => o.key === e.key)) continue;
      out.push({ key: e.key, keyRange: entry.keyRange, range: entry.range, value: { kind: 'alias', range: entry.value.range, name: source.kind === 'alias' ? source.name : '', target: e.value } });
    }
  }
  return out;
}

/**
 * A raw tree with YAML merge keys expanded (YAML 1.1, as Serverless reads its files), in what aliases stand for too.
 * Each node is expanded once (`done`), so aliases of aliases cost no more than the text.
 */
export function withMerges(raw: Raw, depth = 0, done = new Map<Raw, Raw>()): Raw {
  const hit = done.get(raw);
  if (hit) return hit;
  if (depth > 200) return raw;
  let out: Raw = raw;
  if (raw.kind === 'alias') {
    out = raw.target ? { ...raw, target: withMerges(raw.target, depth + 1, done) } : raw;
  } else if (raw.kind === 'seq') {
    out = { ...raw, items: raw.items.map((i) => withMerges(i, depth + 1, done)) };
  } else if (raw.kind === 'map') {
    const entries = raw.entries.map((e) => ({ ...e, value: withMerges(e.value, depth + 1, done) }));
    const own = new Set(entries.filter((e) => e.key !== '<<').map((e) => e.key));
    out = { ...raw, entries: entries.some((e) => e.key === '<<') ? entries.flatMap((e) => (e.key === '<<' ? merged(e, own) : [e])) : entries };
  }
  done.set(raw, out);
  return out;
}

/**
 * A statement included from elsewhere (`- ${file(./s3.yml)}`) as one that may allow anything, so that checks of
 * what the policy lacks stay unknown.
 */
function included(item: HostValue & { type: 'string' }): HostValue {
  const entry = (key: string, value: HostValue): HostEntry => ({ key, keyRange: item.range, range: item.range, value });
  const allow: HostValue = { type: 'string', range: item.range, value: 'Allow', writable: false };
  return { type: 'object', range: item.range, writable: false, entries: [entry('Effect', allow), entry('Action', item), entry('Resource', item)] };
}

/** More values than any policy has: a policy is at most a few KB. */
const MAX_VALUES = 20_000;

/**
 * Whether a value, with what its aliases stand for, holds more than MAX_VALUES values (aliases of aliases can make
 * a short text stand for billions). Counted once per node.
 */
export function expandsTooFar(raw: Raw): boolean {
  const sizes = new Map<Raw, number>();
  const size = (r: Raw, depth: number): number => {
    const known = sizes.get(r);
    if (known !== undefined) return known;
    if (depth > 200) return 1;
    let n = 1;
    if (r.kind === 'alias') n += r.target ? size(r.target, depth + 1) : 0;
    else if (r.kind === 'seq') for (const i of r.items) n = Math.min(n + size(i, depth + 1), MAX_VALUES + 1);
    else if (r.kind === 'map') for (const e of r.entries) n = Math.min(n + size(e.value, depth + 1), MAX_VALUES + 1);
    sizes.set(r, n);
    return n;
  };
  return size(raw, 0) > MAX_VALUES;
}

/** Changes to what Serverless writes itself (the policy around the list, its `Version`) cannot be written. */
function guarded(writer: HostWriter, synthesized: ReadonlySet<unknown>): HostWriter {
  const touches = (c: HostChange) => synthesized.has('at' in c ? c.at : c.parent);
  return { write: (text, changes) => (changes.some(touches) ? undefined : writer.write(text, changes)) };
}

/**
 * The identity policy of a statement list written at `entry` (`iamRoleStatements: [...]`), or undefined when the
 * list is not written here (`${file(./iam.yml)}`, a variable): what hlkms cannot read stays silent, and so does an
 * item that is a variable as a whole (`- ${file(./s3.yml)}`).
 */
export function statementsSite(entry: RawEntry | undefined, name: string, ctx: SiteContext): PolicySite | undefined {
  if (!entry) return undefined;
  const list = resolve(entry.value, ctx);
  if (list.type !== 'array') return undefined;
  const statements: HostValue = { ...list, items: list.items.map((item) => (item.type === 'string' && isWholeHole(item.value) ? included(item) : item)) };
  // No statement written here (`statements: []`, or only includes): nothing to check.
  if (!list.items.some((item) => !(item.type === 'string' && isWholeHole(item.value)))) return undefined;
  const version: HostEntry = { key: 'Version', keyRange: entry.keyRange, value: { type: 'string', range: entry.keyRange, value: VERSION, writable: false }, range: entry.keyRange };
  const statement: HostEntry = { key: 'Statement', keyRange: entry.keyRange, value: statements, range: entry.range };
  const value: HostValue = { type: 'object', range: entry.range, entries: [version, statement] };
  const site: PolicySite = { name, kind: 'identity-policy', range: entry.range, value, writer: guarded(ctx.writer, new Set([value, version, statement])) };
  ctx.rawOf.set(site, entry.value);
  return site;
}
