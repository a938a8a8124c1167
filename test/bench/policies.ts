/** Realistic key policies of a target size, for benchmarks: admins, users, HealthLake, grants, denies. */

const account = '111122223333';

function statement(i: number): object {
  switch (i % 5) {
    case 0:
      return {
        Sid: `Allow HealthLake use for role ${i}`,
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${account}:role/HealthLakeRole${i}` },
        Action: ['kms:DescribeKey', 'kms:CreateGrant', 'kms:GenerateDataKey', 'kms:Decrypt'],
        Resource: '*',
        Condition: { StringEquals: { 'kms:ViaService': 'healthlake.us-east-1.amazonaws.com', 'kms:CallerAccount': account } },
      };
    case 1:
      return {
        Sid: `Key administrators ${i}`,
        Effect: 'Allow',
        Principal: { AWS: [`arn:aws:iam::${account}:role/KeyAdmin${i}`, `arn:aws:iam::${account}:user/admin${i}`] },
        Action: ['kms:Create*', 'kms:Describe*', 'kms:Enable*', 'kms:List*', 'kms:Put*', 'kms:Update*', 'kms:Revoke*',
          'kms:Disable*', 'kms:Get*', 'kms:Delete*', 'kms:TagResource', 'kms:UntagResource', 'kms:ScheduleKeyDeletion', 'kms:CancelKeyDeletion'],
        Resource: '*',
      };
    case 2:
      return {
        Sid: `Allow attachment of persistent resources ${i}`,
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${account}:role/KeyUser${i}` },
        Action: ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'],
        Resource: '*',
        Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
      };
    case 3:
      return {
        Sid: `Key users ${i}`,
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${account}:role/KeyUser${i}` },
        Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
        Resource: '*',
        Condition: { StringLike: { 'kms:ViaService': 'healthlake.*.amazonaws.com' }, 'ForAnyValue:StringEquals': { 'aws:PrincipalOrgPaths': [`o-abc/r-1/ou-${i}/`] } },
      };
    default:
      return {
        Sid: `Deny outside organization ${i}`,
        Effect: 'Deny',
        Principal: '*',
        Action: 'kms:*',
        Resource: '*',
        Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-abcdefghij' }, Bool: { 'aws:PrincipalIsAWSService': 'false' } },
      };
  }
}

/** A pretty-printed key policy of about `bytes` bytes (never more). */
export function keyPolicyOfSize(bytes: number): string {
  const statements: object[] = [{
    Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'kms:*', Resource: '*',
  }];
  let text = '';
  for (let i = 1; ; i++) {
    const next = JSON.stringify({ Version: '2012-10-17', Id: 'healthlake-key-policy', Statement: [...statements, statement(i)] }, null, 2);
    if (Buffer.byteLength(next) > bytes) break;
    statements.push(statement(i));
    text = next;
  }
  return text;
}
