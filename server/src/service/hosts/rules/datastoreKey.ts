/**
 * Shows, at a HealthLake data store's `KmsKeyId`, what the key policy of the key it uses (defined in the same
 * template or module) lets HealthLake do: create the data store, write and read, for each principal it names, in
 * the words of `hlkms diff` (`direct`, `iam`, `no`).
 */
import { statementVerdict, type PrincipalVerdict } from '../../healthlake/verdict';
import { CAPABILITY_LEGEND } from '../../healthlake/capability';
import { OPERATIONS } from '../../healthlake/facts';
import type { Finding, ServiceSettings } from '../../types';
import { displayValue } from '../../symbolic';
import type { Projection } from '../projection';
import type { PolicySite } from '../types';

export const DATASTORE_KEY_RULE = {
  id: 'datastore-key-verdict',
  description: 'What the key policy of a HealthLake data store\'s key, defined in the same template or module, lets HealthLake do for each principal: `direct`, `iam` or `no`, as `hlkms diff` says it.',
  defaultSeverity: 'info' as const,
};

export function datastoreKeyVerdict(site: PolicySite, projection: Projection | undefined, settings: ServiceSettings): Finding | undefined {
  const link = site.healthLake;
  if (!link || !projection) return undefined;
  const byPrincipal = new Map<string, PrincipalVerdict>();
  projection.model.statements.forEach((_, i) => {
    for (const p of statementVerdict(projection.model, i, { settings })?.principals ?? []) if (!byPrincipal.has(p.principal)) byPrincipal.set(p.principal, p);
  });
  const key = site.name.replace(/\.KeyPolicy$|\.policy$/, '');
  const rows = [...byPrincipal.values()].map((p) => `${p.principal}: ${OPERATIONS.map((op) => `${op} ${p[op]}`).join(', ')}${p.reasons[0] && OPERATIONS.some((op) => p[op] !== 'direct') ? ` (${p.reasons[0]})` : ''}`);
  const message = rows.length
    ? `This data store is encrypted with ${key}, defined here. What its key policy lets HealthLake do for each principal: ${rows.join('; ')}. ${CAPABILITY_LEGEND}`
    : `This data store is encrypted with ${key}, defined here. Its key policy names no principal HealthLake can act for, so nobody can create, write or read this data store through HealthLake.`;
  const override = settings.rules[DATASTORE_KEY_RULE.id];
  const severity = override && override !== 'off' ? override : DATASTORE_KEY_RULE.defaultSeverity;
  return { ruleId: DATASTORE_KEY_RULE.id, severity, offset: link.range.offset, length: link.range.length, message: displayValue(message) };
}
