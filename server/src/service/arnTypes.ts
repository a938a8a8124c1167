/**
 * ARNs whose type a reference already tells: `aws_kms_key.k.arn`, `!GetAtt Bucket.Arn`,
 * `awscc_healthlake_fhir_datastore.x.datastore_arn`. A host writes such a reference as an `arn:<what>` hole
 * (symbolic.ts) whose `<what>` is a guess at the IAM resource type, `<service>/<type>` (`kms/key`, `s3/bucket`,
 * `healthlake/fhir_datastore`), or a bare IAM type for IAM (`role`, `user`: what principals read). The guess
 * becomes a type only when the IAM catalog has that service and resource type; anything else (a resource
 * whose ARN service differs from its name, `aws_cloudwatch_log_group`) stays an untyped, unknown ARN.
 */
import type { Catalog, ResourceTypeInfo } from './catalog';
import { holes, isWholeHole, HOLE_START, type HoleKind } from './symbolic';

export interface ArnType {
  service: string;
  type: ResourceTypeInfo;
  /** How a person reads it: `kms key`, `s3 bucket`. */
  label: string;
}

/** `the ARN of a kms key`, `the ARN of an s3 bucket`. */
export const typePhrase = (t: ArnType): string => `the ARN of ${/^[aeio]|^s3/i.test(t.label) ? 'an' : 'a'} ${t.label}`;

export const isKmsAlias = (t: ArnType | undefined): boolean => t?.service === 'kms' && t.type.name === 'alias';

/** The attribute of each host resource type that holds its ARN, where it is not the usual `arn` / `Arn`. */
const ARN_ATTRIBUTES: Record<string, string> = {
  awscc_healthlake_fhir_datastore: 'datastore_arn',
  'AWS::HealthLake::FHIRDatastore': 'DatastoreArn',
  'AWS::SNS::Topic': 'TopicArn',
};

/** Names whose words are not the IAM type's words (lower case, no separators). */
const TYPE_ALIASES: Record<string, string> = {
  'healthlake/fhirdatastore': 'datastore',
  'iam/managedpolicy': 'policy',
};

/** The kind of ARN hole a host gives its service and type words (`kms`, `key`); IAM keeps its bare type. */
export const arnKind = (service: string, type: string): HoleKind => (service.toLowerCase() === 'iam' ? `arn:${type.toLowerCase()}` : `arn:${service.toLowerCase()}/${type.toLowerCase()}`);

/** Whether `attribute` of a Terraform or CloudFormation resource type is its ARN. */
export const isArnAttribute = (resourceType: string, attribute: string): boolean =>
  attribute === (ARN_ATTRIBUTES[resourceType] ?? (resourceType.startsWith('AWS::') ? 'Arn' : 'arn'));

/** The ARN hole kind of a Terraform resource type (`aws_kms_key`, `awscc_healthlake_fhir_datastore`). */
export function terraformArnKind(resourceType: string): HoleKind {
  const m = /^awscc_([a-z0-9]+)_(.+)$|^aws_([a-z0-9]+)_(.+)$/.exec(resourceType);
  return m ? arnKind(m[1] ?? m[3]!, m[2] ?? m[4]!) : 'arn:unknown';
}

/** The ARN hole kind of a CloudFormation resource type (`AWS::KMS::Key`). */
export function cloudFormationArnKind(resourceType: string): HoleKind {
  const m = /^AWS::([A-Za-z0-9]+)::([A-Za-z0-9]+)$/.exec(resourceType);
  return m ? arnKind(m[1]!, m[2]!) : 'arn:unknown';
}

const words = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

const cache = new WeakMap<Catalog, Map<string, ArnType | null>>();

/** The resource type an `arn:<what>` hole kind names, when the catalog knows it; undefined otherwise. */
export function arnTypeOf(kind: string, catalog: Catalog): ArnType | undefined {
  if (!kind.startsWith('arn:')) return undefined;
  let known = cache.get(catalog);
  if (!known) cache.set(catalog, (known = new Map()));
  let found = known.get(kind);
  if (found === undefined) {
    found = resolve(kind.slice(4), catalog) ?? null;
    if (known.size > 500) known.clear();
    known.set(kind, found);
  }
  return found ?? undefined;
}

function resolve(what: string, catalog: Catalog): ArnType | undefined {
  const slash = what.indexOf('/');
  const [prefix, name] = slash < 0 ? ['iam', what] : [what.slice(0, slash), what.slice(slash + 1)];
  const service = catalog.service(prefix);
  if (!service || !name) return undefined;
  const wanted = TYPE_ALIASES[`${prefix}/${words(name)}`] ?? words(name);
  for (const type of service.resourceTypes.values()) {
    if (words(type.name) === wanted) return { service: service.prefix, type, label: `${service.prefix} ${type.name}` };
  }
  return undefined;
}

/** The type of a value that is one typed ARN reference as a whole (`${aws_s3_bucket.b.arn}`). */
export function wholeArnType(value: string, catalog: Catalog): ArnType | undefined {
  return isWholeHole(value) ? arnTypeOf(holes(value)[0]!.kind, catalog) : undefined;
}

/** The type of the typed ARN reference a value starts with (`${aws_s3_bucket.b.arn}/*`): it decides the value's service. */
export function leadingArnType(value: string, catalog: Catalog): ArnType | undefined {
  if (!value.startsWith(HOLE_START)) return undefined;
  const first = holes(value)[0];
  return first && first.start === 0 ? arnTypeOf(first.kind, catalog) : undefined;
}

/** A resolver for `canMatch`: the ARN format a hole kind stands for, when it is a typed ARN. */
export const formatOfKind = (catalog: Catalog) => (kind: string): string | undefined => arnTypeOf(kind, catalog)?.type.arn;
