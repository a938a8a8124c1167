/**
 * A HealthLake data store and its key in the same template: `AWS::HealthLake::FHIRDatastore`
 * `SseConfiguration.KmsEncryptionConfig.KmsKeyId` naming a key the template defines (`!GetAtt Key.Arn`, `!Ref Key`,
 * `!Ref Alias`, or an alias name the template defines) makes that key HealthLake's. An AWS-owned key links nothing.
 */
import { holes, isWholeHole } from '../../symbolic';
import type { Range } from '../types';
import { intrinsicOf, resolve, type ResolveContext } from './intrinsics';
import { scalarString, valueOf, type Raw } from './raw';

export interface DatastoreLink {
  datastore: string;
  key: string;
  /** The KmsKeyId value. */
  range: Range;
}

/** The logical id of the key an alias resource points at (`TargetKeyId: !Ref Key` or `!GetAtt Key.Arn`). */
function aliasTarget(alias: Raw | undefined, ctx: ResolveContext): string | undefined {
  const target = valueOf(valueOf(alias, 'Properties'), 'TargetKeyId');
  return target && keyNamed(target, ctx, new Map());
}

function keyNamed(raw: Raw, ctx: ResolveContext, aliases: ReadonlyMap<string, { id: string; raw: Raw }>): string | undefined {
  const value = resolve(raw, ctx);
  if (value.type !== 'string') return undefined;
  const [h] = holes(value.value);
  if (h && isWholeHole(value.value)) {
    const id = h.display.replace(/\.(Arn|KeyId)$/, '');
    const type = ctx.facts.resources.get(id);
    if (type === 'AWS::KMS::Key' || type === 'AWS::KMS::ReplicaKey') return id;
    const alias = type === 'AWS::KMS::Alias' ? [...aliases.values()].find((a) => a.id === id) : undefined;
    return alias && aliasTarget(alias.raw, ctx);
  }
  const name = /(alias\/[^\uE010]+)$/.exec(value.value)?.[1];
  const alias = name ? aliases.get(name) : undefined;
  return alias && aliasTarget(alias.raw, ctx);
}

/** Each data store in `resources` (logical id -> raw resource) whose key the template defines. */
export function datastoreLinks(text: string, resources: ReadonlyMap<string, Raw>, ctx: ResolveContext): DatastoreLink[] {
  const aliases = new Map<string, { id: string; raw: Raw }>();
  for (const [id, raw] of resources) {
    if (ctx.facts.resources.get(id) !== 'AWS::KMS::Alias') continue;
    const name = scalarString(valueOf(valueOf(raw, 'Properties'), 'AliasName'));
    aliases.set(name ?? `#${id}`, { id, raw });
  }
  const links: DatastoreLink[] = [];
  for (const [id, raw] of resources) {
    if (ctx.facts.resources.get(id) !== 'AWS::HealthLake::FHIRDatastore') continue;
    const config = valueOf(valueOf(valueOf(raw, 'Properties'), 'SseConfiguration'), 'KmsEncryptionConfig');
    if (scalarString(valueOf(config, 'CmkType')) === 'AWS_OWNED_KMS_KEY') continue;
    const keyId = valueOf(config, 'KmsKeyId');
    if (!keyId || (keyId.kind === 'scalar' && !intrinsicOf(keyId) && !String(keyId.value).includes('alias/'))) continue;
    const key = keyNamed(keyId, ctx, aliases);
    // A short form's tag (`!GetAtt`) is part of what the user sees as the value.
    const tag = keyId.kind !== 'alias' && keyId.tag ? text.lastIndexOf(keyId.tag, keyId.range.offset) : -1;
    const start = tag >= 0 ? tag : keyId.range.offset;
    if (key) links.push({ datastore: id, key, range: { offset: start, length: keyId.range.offset + keyId.range.length - start } });
  }
  return links;
}
