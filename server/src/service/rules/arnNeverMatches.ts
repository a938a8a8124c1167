/**
 * Resource ARNs that are well formed but can never match, literal or templated: a Region where the service's
 * ARNs have none, or none where they always have one (`arn:aws:kms::${AWS::AccountId}:key/*`), and an alias
 * name where a KMS key id belongs (`key/aws/secretsmanager`, `key/alias/x`). Part of resource-arn: one
 * finding per value.
 */
import type { Arn } from '../arn';
import type { Catalog } from '../catalog';
import { replaceNode } from '../edits';
import { fixesLater } from '../findingData';
import type { PolicyModel, Statement, StringValue } from '../model';
import { arnScope } from '../healthlake/identity';
import { displayValue, hasHoles } from '../symbolic';
import { keyOnlyActions, resourceAliasesEdits } from './aliasResource';
import type { RuleFinding } from './rule';

/** Whether every ARN format of the service names a Region (`true`), none does (`false`), or they differ. */
function regional(catalog: Catalog, service: string): boolean | undefined {
  const formats = [...(catalog.service(service)?.resourceTypes.values() ?? [])].map((t) => t.arn.split(':')[3] !== '');
  if (formats.length === 0) return undefined;
  return formats.every((r) => r) ? true : formats.every((r) => !r) ? false : undefined;
}

const wildcard = (s: string) => /[*?]|\$\{/.test(s);

/**
 * Services whose ARNs are known to name no Region. The IAM data says so of a few dozen more, some of which (swf,
 * opsworks-cm) do have regional ARNs: those stay unjudged.
 */
const GLOBAL = new Set(['iam', 'sts', 'organizations', 'cloudfront']);

export function neverMatches(item: StringValue, arn: Readonly<Arn>, st: Statement, model: PolicyModel, catalog: Catalog): RuleFinding | undefined {
  const { text } = model;
  const at = { offset: item.node.offset, length: item.node.length };
  const shown = displayValue(item.value);
  const svc = catalog.service(arn.service);
  if (!svc) return undefined;
  const hasRegion = regional(catalog, arn.service);
  const example = formatFor(arn.resource, [...svc.resourceTypes.values()].map((t) => t.arn));
  if (arn.region === '' && hasRegion === true) {
    // The Region to add: the one the policy's other KMS or HealthLake ARNs name, else the one the template deploys to.
    const region = hasHoles(item.value) ? undefined : arnScope(model).region ?? model.thisRegion;
    const fixed = region && `arn:${arn.partition}:${arn.service}:${region}:${arn.account}:${arn.resource}`;
    return {
      ...at, message: `\`${shown}\` names no Region, and every ${svc.prefix} ARN has one (\`${example}\`), so this resource matches nothing. Add the Region.`,
      data: fixed ? { fixes: [{ title: `Use "${displayValue(fixed)}"`, edits: [replaceNode(item.node, fixed)], preferred: true }] } : undefined,
    };
  }
  if (arn.region !== '' && !wildcard(arn.region) && !hasHoles(arn.region) && hasRegion === false && GLOBAL.has(svc.prefix)) {
    const fixed = `arn:${arn.partition}:${arn.service}::${arn.account}:${arn.resource}`;
    return {
      ...at, message: `\`${shown}\` names a Region, and ${svc.prefix} ARNs have none (\`${example}\`), so this resource matches nothing. Leave the Region out.`,
      data: hasHoles(item.value) ? undefined : { fixes: [{ title: `Use "${fixed}"`, edits: [replaceNode(item.node, fixed)], preferred: true }] },
    };
  }
  return arn.service.toLowerCase() === 'kms' ? aliasAsKeyId(item, arn, st, text, catalog) : undefined;
}

/** The format whose resource part starts as the ARN's does (`key/...` for a key), to show as an example. */
function formatFor(resource: string, formats: string[]): string {
  const lead = (f: string) => f.split(':').slice(5).join(':').split('${')[0]!;
  return formats.filter((f) => lead(f) && resource.startsWith(lead(f))).sort((a, b) => lead(b).length - lead(a).length)[0] ?? formats[0]!;
}

/** `key/aws/secretsmanager`, `key/alias/x`: a key id has no `/`, so an alias name there matches no key. */
function aliasAsKeyId(item: StringValue, arn: Readonly<Arn>, st: Statement, text: string, catalog: Catalog): RuleFinding | undefined {
  const m = /^key\/([A-Za-z0-9_-]+)\/(.+)$/s.exec(arn.resource);
  if (!m) return undefined;
  const alias = m[1] === 'alias' ? `alias/${m[2]}` : m[1] === 'aws' ? `alias/aws/${m[2]}` : undefined;
  const base = `arn:${arn.partition}:kms:${arn.region}:${arn.account}`;
  const literal = !hasHoles(item.value);
  // An alias ARN covers only alias actions: for the key's own actions, name keys with this alias by condition.
  const keyActions = keyOnlyActions(st, catalog).length > 0;
  const inResource = st.resource?.items.includes(item) ?? false;
  const fixes = !alias || !literal || (keyActions && !inResource) ? undefined : fixesLater(() => [keyActions
    ? { title: `Allow keys with ${alias} (kms:ResourceAliases)`, edits: resourceAliasesEdits(text, st, item, `${base}:key/*`, alias), preferred: true }
    : { title: `Use the alias ARN "${base}:${alias}"`, edits: [replaceNode(item.node, `${base}:${alias}`)], preferred: true }]);
  return {
    offset: item.node.offset, length: item.node.length,
    message: `\`${displayValue(arn.resource)}\` ${alias ? `is the alias name \`${alias}\` written ` : 'has a `/` '}where a key id belongs: a key ARN ends in \`key/<key-id>\` (a UUID or \`mrk-...\`), so this resource matches no key.${alias && keyActions ? ` To allow the key behind ${alias}, name keys with a kms:ResourceAliases condition.` : ''}`,
    data: fixes,
  };
}
