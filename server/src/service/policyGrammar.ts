/**
 * The IAM policy grammar as completion and hover describe it: element names, condition operators and
 * what HealthLake needs from particular actions and condition keys. (Actions and condition keys
 * themselves come from the catalog.)
 */
import { HEALTHLAKE_GRANT_OPERATIONS } from './templates';

export const TOP_LEVEL_KEYS: Record<string, string> = {
  Version: 'The policy language version. Use `2012-10-17`: the older `2008-10-17` does not support policy variables.',
  Id: 'An optional identifier for the policy.',
  Statement: 'The statements: each allows or denies actions to principals, optionally under conditions.',
};

export const STATEMENT_KEYS: Record<string, string> = {
  Sid: 'An optional statement id; in key policies it may contain spaces. The outline shows statements by Sid.',
  Effect: '`Allow` or `Deny`. An explicit Deny wins over any Allow.',
  Principal: 'Who the statement applies to. Required in a key policy: an account (`arn:aws:iam::<account>:root`, which delegates to IAM policies), a role, a user or a service principal. Not allowed in an IAM identity policy.',
  NotPrincipal: 'Everyone except the listed principals. Not supported with Allow; with Deny prefer an `aws:PrincipalArn` condition.',
  Action: 'The actions the statement covers, `service:Action`, wildcards allowed. In a key policy only `kms:` actions mean anything.',
  NotAction: 'Every action except the listed ones. Easy to over-grant: prefer Action.',
  Resource: 'What the statement applies to. In a key policy it is `"*"`, meaning this key. In an IAM policy name KMS keys by key ARN.',
  NotResource: 'Every resource except the listed ones. Not meaningful in a key policy (KMS accepts only `"*"`).',
  Condition: 'When the statement applies: `{ "<operator>": { "<condition key>": <value or values> } }`.',
};

export const PRINCIPAL_TYPES: Record<string, string> = {
  AWS: 'An account (`arn:aws:iam::<account>:root` or a 12-digit id), an IAM role or user ARN, or `*` (everyone, unless conditions scope it).',
  Service: 'A service principal such as `healthlake.amazonaws.com` (used in a role\'s trust policy).',
  Federated: 'A web identity or SAML provider.',
  CanonicalUser: 'An S3 canonical user id.',
};

/** Base condition operators and what they compare. `IfExists` and set prefixes are added around them. */
export const OPERATORS: Record<string, string> = {
  StringEquals: 'Exact, case-sensitive string match.',
  StringNotEquals: 'Negated exact, case-sensitive string match.',
  StringEqualsIgnoreCase: 'Exact string match, ignoring case.',
  StringNotEqualsIgnoreCase: 'Negated string match, ignoring case.',
  StringLike: 'Case-sensitive match with `*` (any run of characters) and `?` (one character) wildcards.',
  StringNotLike: 'Negated case-sensitive wildcard match.',
  NumericEquals: 'Numeric equality.', NumericNotEquals: 'Numeric inequality.',
  NumericLessThan: 'Numeric `<`.', NumericLessThanEquals: 'Numeric `<=`.',
  NumericGreaterThan: 'Numeric `>`.', NumericGreaterThanEquals: 'Numeric `>=`.',
  DateEquals: 'Date equality (ISO 8601 or epoch seconds).', DateNotEquals: 'Date inequality.',
  DateLessThan: 'Before a date.', DateLessThanEquals: 'At or before a date.',
  DateGreaterThan: 'After a date.', DateGreaterThanEquals: 'At or after a date.',
  Bool: 'Boolean match: `true` or `false` (for keys such as `kms:GrantIsForAWSResource` or `aws:SecureTransport`).',
  BinaryEquals: 'Byte-for-byte match of a base64-encoded value.',
  IpAddress: 'The request comes from an IP range (CIDR).', NotIpAddress: 'The request does not come from an IP range (CIDR).',
  ArnEquals: 'ARN match (same as ArnLike).', ArnLike: 'ARN match with wildcards per ARN part.',
  ArnNotEquals: 'Negated ARN match.', ArnNotLike: 'Negated ARN wildcard match.',
  Null: '`true`: the key is absent from the request; `false`: it is present.',
};

export interface OperatorParts {
  set?: 'ForAnyValue' | 'ForAllValues';
  base: string;
  ifExists: boolean;
}

/** `ForAllValues:StringEqualsIfExists` into its parts; undefined when the base operator is unknown. */
export function parseOperator(operator: string): OperatorParts | undefined {
  const m = /^(?:(ForAnyValue|ForAllValues):)?(.+?)(IfExists)?$/.exec(operator);
  if (!m || !(m[2]! in OPERATORS)) return undefined;
  if (m[2] === 'Null' && m[3]) return undefined;
  return { set: m[1] as OperatorParts['set'], base: m[2]!, ifExists: Boolean(m[3]) };
}

export function describeOperator(parts: OperatorParts): string {
  const lines = [OPERATORS[parts.base]!];
  if (parts.ifExists) lines.push('`IfExists`: also true when the key is absent from the request.');
  if (parts.set === 'ForAnyValue') lines.push('`ForAnyValue:`: true when at least one value of a multi-valued key matches (false when the key is absent).');
  if (parts.set === 'ForAllValues') lines.push('`ForAllValues:`: true when every value of a multi-valued key matches, and also when the key is absent: pair it with a `Null` check when absence must not pass.');
  return lines.join('\n\n');
}

/** Operators offered by completion, most useful for key policies first. */
export const OPERATOR_COMPLETIONS: string[] = [
  'StringEquals', 'StringLike', 'StringNotEquals', 'StringNotLike', 'Bool', 'ArnLike', 'ArnEquals', 'Null',
  'ForAnyValue:StringEquals', 'ForAllValues:StringEquals', 'ForAnyValue:StringLike', 'ForAllValues:StringLike',
  ...Object.keys(OPERATORS).filter((o) => !['StringEquals', 'StringLike', 'StringNotEquals', 'StringNotLike', 'Bool', 'ArnLike', 'ArnEquals', 'Null'].includes(o)),
  'StringEqualsIfExists', 'StringLikeIfExists', 'BoolIfExists', 'ArnLikeIfExists',
];

/** Why HealthLake needs each of the four KMS operations it calls on the caller's behalf. */
export const HEALTHLAKE_ACTION_NOTES: Record<string, string> = {
  describekey: 'HealthLake calls DescribeKey on every operation to check that the key exists, is enabled and is a symmetric encryption key. Without it, creating and using the data store fails.',
  creategrant: `HealthLake calls CreateGrant once, when the data store is created: it creates **one grant per data store**, with grantee and retiring principal \`healthlake.<region>.amazonaws.com\` and the nine operations ${HEALTHLAKE_GRANT_OPERATIONS.map((o) => `\`${o}\``).join(', ')}, without constraints. A \`ForAllValues:StringEquals\` on \`kms:GrantOperations\` that leaves one of them out, or a \`kms:GrantConstraintType\` requirement, blocks it. **Revoking or retiring that grant makes the data store unreadable and unwritable**: to remove access, delete the data store and HealthLake retires its grant itself.`,
  generatedatakey: 'HealthLake calls GenerateDataKey on every write, to encrypt the stored FHIR resources.',
  decrypt: 'HealthLake calls Decrypt on every read and search, to decrypt the stored data keys.',
};

/** HealthLake guidance for the condition keys that matter to it (keys lower-case). */
export const HEALTHLAKE_KEY_NOTES: Record<string, string> = {
  'kms:viaservice': 'For HealthLake the value is **regional**: `healthlake.<region>.amazonaws.com`. The global name `healthlake.amazonaws.com` never matches under `StringEquals`, so a statement using it silently allows nothing. For several Regions use `StringLike` with `healthlake.*.amazonaws.com`.',
  'kms:calleraccount': 'The account of the calling principal. HealthLake calls KMS on behalf of the caller, so this is the caller\'s account; a value other than the principal\'s account never matches.',
  'kms:grantoperations': `Multi-valued: use \`ForAnyValue:\` or \`ForAllValues:\`. HealthLake's grant asks for nine operations: ${HEALTHLAKE_GRANT_OPERATIONS.join(', ')}. A \`ForAllValues:StringEquals\` list must include all nine.`,
  'kms:grantisforawsresource': '`true` when an AWS service such as HealthLake creates the grant on the caller\'s behalf. Compatible with HealthLake.',
  'kms:grantconstrainttype': 'HealthLake\'s grant has no encryption context constraints: requiring a constraint type blocks it.',
  'kms:encryptioncontext:${encryptioncontextkey}': 'HealthLake documents no encryption context: an Allow that requires `kms:EncryptionContext:*` will not match its calls.',
  'iam:passedtoservice': 'For HealthLake import and export jobs the data access role is passed to `healthlake.amazonaws.com` (the global name is right here).',
};
