/**
 * Infrastructure code of a target size, for benchmarks: CloudFormation YAML templates with several key
 * policies (intrinsics for the account and Region), and Terraform files with `jsonencode` key policies
 * (references to `data.aws_caller_identity` and `data.aws_region`). Built from the realistic key policies of
 * policies.ts, so the work per policy matches the JSON benchmarks.
 */
import { stringify } from 'yaml';
import { keyPolicyOfSize } from './policies';

const ACCOUNT = '111122223333';

/** A key policy object of about `bytes` bytes as JSON. */
const policyOf = (bytes: number): unknown => JSON.parse(keyPolicyOfSize(Math.max(1500, bytes)));

const indent = (text: string, by: string): string => text.split('\n').map((l) => (l ? by + l : l)).join('\n');

/** One `AWS::KMS::Key` resource whose policy names the account and Region through `!Sub`. */
function cfnKey(name: string, bytes: number): string {
  const body = stringify(policyOf(bytes), { lineWidth: 0 })
    .replace(/'?arn:aws:iam::111122223333:([^\s']+)'?/g, (_m, rest: string) => `!Sub arn:\${AWS::Partition}:iam::\${AWS::AccountId}:${rest}`)
    .replace(/healthlake\.us-east-1\.amazonaws\.com/g, '!Sub healthlake.${AWS::Region}.amazonaws.com')
    .replace(new RegExp(`'?${ACCOUNT}'?`, 'g'), '!Ref AWS::AccountId')
    .replace(/^Version: .*$/m, 'Version: 2012-10-17');
  return `  ${name}:\n    Type: AWS::KMS::Key\n    Properties:\n      Description: Key ${name}\n      KeyPolicy:\n${indent(body.trimEnd(), '        ')}\n`;
}

/** A CloudFormation YAML template of about `bytes` bytes holding `policies` key policies. */
export function cloudFormationTemplate(bytes: number, policies: number): string {
  const head = 'AWSTemplateFormatVersion: "2010-09-09"\nDescription: Benchmark template with several data store keys\nResources:\n';
  const per = Math.floor((bytes - head.length) / policies);
  let text = head;
  for (let i = 0; i < policies; i++) text += cfnKey(`DataStoreKey${i}`, Math.max(600, per - 150));
  return text;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** A JSON value in HCL object syntax (`Key = value`), as people write inside `jsonencode(...)`. */
function hcl(value: unknown, pad: string): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v === 'string')) return `[${value.map((v) => hcl(v, pad)).join(', ')}]`;
    return `[\n${value.map((v) => `${pad}  ${hcl(v, `${pad}  `)},`).join('\n')}\n${pad}]`;
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    return `{\n${entries.map(([k, v]) => `${pad}  ${IDENT.test(k) ? k : JSON.stringify(k)} = ${hcl(v, `${pad}  `)}`).join('\n')}\n${pad}}`;
  }
  return String(value);
}

/** One `aws_kms_key` with a `jsonencode` policy naming the account and Region by reference. */
function tfKey(name: string, bytes: number): string {
  const body = hcl(policyOf(bytes), '  ')
    .replace(/arn:aws:iam::111122223333:/g, 'arn:aws:iam::${data.aws_caller_identity.current.account_id}:')
    .replace(/healthlake\.us-east-1\.amazonaws\.com/g, 'healthlake.${data.aws_region.current.name}.amazonaws.com')
    .replace(new RegExp(`"${ACCOUNT}"`, 'g'), 'data.aws_caller_identity.current.account_id');
  return `resource "aws_kms_key" "${name}" {\n  description = "Key ${name}"\n  policy = jsonencode(${body})\n}\n\n`;
}

/** A Terraform file of about `bytes` bytes holding `policies` key policies. */
export function terraformFile(bytes: number, policies: number): string {
  const head = 'data "aws_caller_identity" "current" {}\ndata "aws_region" "current" {}\n\n';
  const per = Math.floor((bytes - head.length) / policies);
  let text = head;
  for (let i = 0; i < policies; i++) text += tfKey(`datastore_${i}`, Math.max(600, per + 350));
  return text;
}
