/**
 * Linting one policy site: the unchanged rules on each variant's projection, findings mapped to host ranges and
 * merged. A finding on a node inside a choice's branch is about that branch and is kept; a finding anywhere else
 * is kept only when every variant has it. A verdict on the whole key (lockout, the account root's statement) is
 * kept only when it holds however the choices resolve, wherever it points: a Deny that a branch may leave out
 * locks nobody out for certain. One finding per host location and rule.
 */
import { runRules } from '../rules/run';
import { accountRootMissing } from '../rules/accountRootMissing';
import { lockoutPutKeyPolicy } from '../rules/lockoutPutKeyPolicy';
import { rules as allRules } from '../rules/index';
import type { Rule, RuleContext } from '../rules/rule';
import type { Finding, ServiceSettings } from '../types';
import { displayValue } from '../symbolic';
import { project, spanAt, toHost, type Projection } from './projection';
import { assignments } from './variants';
import { siteLines, type SiteMemory } from './siteCache';
import { hostFix } from './hostFixes';
import { DATASTORE_KEY_RULE, datastoreKeyVerdict } from './rules/datastoreKey';
import type { PolicySite } from './types';
import type { ReportKind, SiteAnalysis } from './api';

const GRAMMAR_RULES = allRules.filter((r) => r.category === 'syntax' || r.category === 'grammar');

export const reportKind = (site: PolicySite): ReportKind =>
  site.kind === 'trust-policy' ? 'resource-policy' : site.kind;

/** The settings a site is linted with: a key that a data store in the same template uses is HealthLake's. */
export const siteSettings = (context: RuleContext, site: PolicySite): ServiceSettings =>
  site.healthLake && !context.settings.healthLake ? { ...context.settings, healthLake: true } : context.settings;

interface Located {
  finding: Finding;
  variant: Projection;
  inBranch: boolean;
}

export function lintSite(context: RuleContext, hostText: string, site: PolicySite, memory: SiteMemory): { analysis: SiteAnalysis; findings: Finding[] } {
  let rendered: Projection[] | undefined;
  const variantsOf = () => rendered ??= assignments(site.value).flatMap((a) => project(hostText, site, a) ?? []);
  const settings = siteSettings(context, site);
  // The projections are rendered when first needed: a reused site's findings need none.
  const analysis: SiteAnalysis = { site, kind: reportKind(site), get variants() { return variantsOf(); } };
  const key = memory.key(site, () => variantsOf().map((v) => v.text));
  const cached = memory.findings(key, site);
  if (cached) return { analysis, findings: cached };
  const variants = variantsOf();
  const list: readonly Rule[] = site.kind === 'unknown' ? GRAMMAR_RULES : allRules;
  const byKey = new Map<string, { located: Located; count: number }>();
  for (const variant of variants) {
    const seen = new Set<string>();
    for (const f of runRules(list, variant.model, { catalog: context.catalog, settings })) {
      const range = toHost(variant, f.offset, f.length);
      if (!range || variant.unknown.some((u) => f.offset >= u.offset && f.offset + f.length <= u.offset + u.length)) continue;
      const key = `${f.ruleId}@${range.offset}:${range.length}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const inBranch = spanAt(variant, f.offset, f.length)?.inBranch ?? false;
      const mapped: Finding = { ...f, offset: range.offset, length: range.length, message: displayValue(f.message) };
      if (f.related) mapped.related = f.related.flatMap((r) => { const h = toHost(variant, r.offset, r.length); return h ? [{ ...r, ...h, message: displayValue(r.message) }] : []; });
      const entry = byKey.get(key);
      if (entry) { entry.count++; entry.located.inBranch ||= inBranch; } else byKey.set(key, { located: { finding: mapped, variant, inBranch }, count: 1 });
    }
  }
  const findings: Finding[] = [];
  for (const { located, count } of byKey.values()) {
    if ((!located.inBranch || WHOLE_KEY_VERDICTS.has(located.finding.ruleId)) && count < variants.length) continue;
    findings.push(withHostFixes(located, hostText, site));
  }
  const verdict = settings.rules[DATASTORE_KEY_RULE.id] === 'off' ? undefined : datastoreKeyVerdict(site, variants[0], settings);
  memory.store(key, site, findings, verdict);
  if (verdict) findings.push(verdict);
  return { analysis, findings };
}

/**
 * The finding with its fixes rewritten as host edits. A fix that cannot be written in the host is dropped, and so is
 * one whose edits reach outside the lines the policy is written on: a fix to a policy changes that policy only (a
 * writer misled by a syntax error elsewhere in the file must not touch the rest of it).
 */
/** Rules whose finding is a verdict on the whole key, not on the node it points at. */
const WHOLE_KEY_VERDICTS = new Set([lockoutPutKeyPolicy.id, accountRootMissing.id]);

function withHostFixes({ finding, variant }: Located, hostText: string, site: PolicySite): Finding {
  const fixes = finding.data?.fixes;
  if (!fixes?.length) return finding;
  const { from, to } = siteLines(hostText, site.range);
  const inside = (e: { offset: number; length: number }) => e.offset >= from && e.offset + e.length <= to;
  const written = fixes.flatMap((fix) => { const f = hostFix(hostText, site, variant, fix); return f && f.edits.every(inside) ? [f] : []; });
  return { ...finding, data: { ...finding.data, fixes: written } };
}
