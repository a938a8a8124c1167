/**
 * `local.<name>` in a policy, read as the module's `locals` define it: `local.account_id` set to
 * `data.aws_caller_identity.current.account_id` is this account, `local.creator` set to
 * `"arn:aws:iam::${local.account_id}:role/Creator"` is that role of this account. A local that is not a string, or
 * that refers to itself, stays an open reference.
 */
import { hasHoles, holes } from '../../symbolic';
import type { HostValue, PolicySite } from '../types';
import { withLazyValue, withSiteProperties } from './blocks';
import { copied } from './copied';

const LOCAL = /^local\.([\w-]+)$/;

/** A string with each `local.<name>` hole replaced by what the local holds (itself resolved). */
function resolve(s: string, locals: ReadonlyMap<string, string>, seen: ReadonlySet<string>): string {
  if (!hasHoles(s)) return s;
  let out = '';
  let last = 0;
  for (const h of holes(s)) {
    const name = h.kind === 'opaque' ? LOCAL.exec(h.display)?.[1] : undefined;
    const v = name !== undefined && !seen.has(name) ? locals.get(name) : undefined;
    out += s.slice(last, h.start) + (v === undefined ? s.slice(h.start, h.end) : resolve(v, locals, new Set([...seen, name!])));
    last = h.end;
  }
  return out + s.slice(last);
}

/**
 * The site with its `local.*` references resolved, when it has any the module defines (its value is resolved when
 * first read). Its findings then depend on the locals too, so it loses its `reuse` identity: it is linted by its
 * projections' text, which holds what the locals say.
 */
export function withLocals(site: PolicySite, text: string, locals: ReadonlyMap<string, string>): PolicySite {
  if (!locals.size || !/\blocal\./.test(text.slice(site.range.offset, site.range.offset + site.range.length))) return site;
  const out = withSiteProperties(site, {});
  delete out.reuse;
  const original = Object.getOwnPropertyDescriptor(site, 'value')!;
  return withLazyValue(out, () => {
    const raw = (original.get ? original.get.call({}) : original.value) as HostValue;
    return copied(raw, 0, (s) => resolve(s, locals, new Set()));
  });
}
