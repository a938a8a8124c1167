/** What a Terraform reference stands for, as a hole (symbolic.ts): this account, this Region, "the ARN of role r". */
import { hole, type HoleKind } from '../../symbolic';
import { isArnAttribute, terraformArnKind } from '../../arnTypes';

/** `aws_iam_role` -> `role`, `aws_kms_key` (and external and replica keys) -> `key`, `aws_s3_bucket` -> `s3_bucket`. */
function what(resourceType: string): string {
  const t = resourceType.replace(/^aws_/, '');
  if (t.startsWith('iam_')) return t.slice(4);
  if (/^kms_(?:replica_)?(?:external_)?key$/.test(t)) return 'key';
  return t;
}

/** The hole kind of a traversal such as `data.aws_caller_identity.current.account_id`. */
export function holeKind(ref: string): HoleKind {
  const parts = ref.split('.');
  if (parts[0] === 'data' && parts.length === 4) {
    const [, type, , attr] = parts;
    if (type === 'aws_caller_identity' && attr === 'account_id') return 'account';
    if (type === 'aws_region' && (attr === 'name' || attr === 'region' || attr === 'id')) return 'region';
    if (type === 'aws_partition' && attr === 'partition') return 'partition';
    if (type === 'aws_partition' && attr === 'dns_suffix') return 'urlsuffix';
    // A data source's ARN is of its type too, except IAM's: `arn:role` is read as a role of this module's account.
    if (!type!.startsWith('aws_iam_') && isArnAttribute(type!, attr!)) return terraformArnKind(type!);
    return 'opaque';
  }
  if (parts.length === 3 && /^aws(cc)?_/.test(parts[0]!)) {
    const attr = parts[2]!;
    if (isArnAttribute(parts[0]!, attr)) return terraformArnKind(parts[0]!);
    if (!parts[0]!.startsWith('aws_')) return 'opaque';
    if (attr === 'name') return `name:${what(parts[0]!)}`;
    if (attr === 'id' || attr === 'key_id' || attr === 'unique_id') return `id:${what(parts[0]!)}`;
  }
  return 'opaque';
}

/** The inline hole for an expression's source text (a traversal gets its meaning; anything else is opaque). */
export const holeFor = (expressionText: string, isTraversal: boolean): string =>
  hole(isTraversal ? holeKind(expressionText) : 'opaque', expressionText);
