/** Which hashicorp/aws resource attributes hold a policy, and what kind of policy each is. */
import type { Node } from 'web-tree-sitter';
import type { SiteKind } from '../types';
import { type Attribute, attributes, blockHead, blocksOf, bodyItems, topBlocks } from './hclNodes';

const POLICY_ATTRIBUTES: Record<string, Record<string, SiteKind>> = {
  aws_kms_key: { policy: 'key-policy' },
  aws_kms_key_policy: { policy: 'key-policy' },
  aws_kms_replica_key: { policy: 'key-policy' },
  aws_kms_external_key: { policy: 'key-policy' },
  aws_kms_replica_external_key: { policy: 'key-policy' },
  aws_iam_policy: { policy: 'identity-policy' },
  aws_iam_role: { assume_role_policy: 'trust-policy' },
  aws_iam_role_policy: { policy: 'identity-policy' },
  aws_iam_user_policy: { policy: 'identity-policy' },
  aws_iam_group_policy: { policy: 'identity-policy' },
  aws_s3_bucket_policy: { policy: 'resource-policy' },
  aws_sqs_queue: { policy: 'resource-policy' },
  aws_sqs_queue_policy: { policy: 'resource-policy' },
  aws_sns_topic: { policy: 'resource-policy' },
  aws_sns_topic_policy: { policy: 'resource-policy' },
  aws_secretsmanager_secret_policy: { policy: 'resource-policy' },
};

/** One attribute of a resource that holds a policy. */
export interface PolicyAttribute {
  /** `aws_kms_key.k.policy`, `aws_iam_role.r.inline_policy[0].policy`. */
  name: string;
  resourceType: string;
  resourceName: string;
  kind: SiteKind;
  attribute: Attribute;
  resource: Node;
}

/** A `resource` block's type and name, when it is one. */
export function resourceHead(block: Node): { type: string; name: string } | undefined {
  const { type, labels } = blockHead(block);
  return type === 'resource' && labels.length >= 2 ? { type: labels[0]!, name: labels[1]! } : undefined;
}

/** Every policy-holding attribute of the file's resources, in file order. */
export const policyAttributes = (root: Node): PolicyAttribute[] => topBlocks(root).flatMap(policyAttributesOf);

/** The policy-holding attributes of one top-level block. */
export function policyAttributesOf(block: Node): PolicyAttribute[] {
  const out: PolicyAttribute[] = [];
  const head = resourceHead(block);
  const known = head && POLICY_ATTRIBUTES[head.type];
  if (!head || !known) return out;
  const items = bodyItems(block);
  const attrs = attributes(items);
  const base = `${head.type}.${head.name}`;
  for (const [attr, kind] of Object.entries(known)) {
    const a = attrs.get(attr);
    if (a) out.push({ name: `${base}.${attr}`, resourceType: head.type, resourceName: head.name, kind, attribute: a, resource: block });
  }
  if (head.type === 'aws_iam_role') {
    // `dynamic "inline_policy"`: its `content` writes each policy (the loop's values are holes in it).
    const dynamic = items.filter((b) => b.type === 'block' && blockHead(b).type === 'dynamic' && blockHead(b).labels[0] === 'inline_policy').flatMap((b) => blocksOf(bodyItems(b), 'content').slice(0, 1));
    [...blocksOf(items, 'inline_policy'), ...dynamic].forEach((b, i) => {
      const a = attributes(bodyItems(b)).get('policy');
      if (a) out.push({ name: `${base}.inline_policy[${i}].policy`, resourceType: head.type, resourceName: head.name, kind: 'identity-policy', attribute: a, resource: block });
    });
  }
  return out;
}
