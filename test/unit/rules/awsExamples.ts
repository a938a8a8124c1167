/**
 * Policies as AWS publishes them in its documentation (IAM, S3, KMS, CloudFront, Cognito user guides), with
 * the documentation's placeholder accounts: no rule may report anything louder than a hint on them.
 */
export const AWS_EXAMPLES: Record<string, unknown> = {
  'S3 bucket policy for a CloudFront origin access identity': {
    Version: '2012-10-17',
    Statement: [{
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity EH1HDMB1FH2TC' },
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::amzn-s3-demo-bucket/*',
    }],
  },
  'S3 bucket policy for a canonical user': {
    Version: '2012-10-17',
    Statement: [{
      Effect: 'Allow',
      Principal: { CanonicalUser: '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be' },
      Action: ['s3:GetObject', 's3:ListBucket'],
      Resource: ['arn:aws:s3:::amzn-s3-demo-bucket', 'arn:aws:s3:::amzn-s3-demo-bucket/*'],
    }],
  },
  'Trust policy for SAML 2.0 federation': {
    Version: '2012-10-17',
    Statement: [{
      Effect: 'Allow',
      Principal: { Federated: 'arn:aws:iam::111122223333:saml-provider/ExampleOrgSSOProvider' },
      Action: 'sts:AssumeRoleWithSAML',
      Condition: { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } },
    }],
  },
  'Trust policy for Amazon Cognito identity pools': {
    Version: '2012-10-17',
    Statement: [{
      Effect: 'Allow',
      Principal: { Federated: 'cognito-identity.amazonaws.com' },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: {
        StringEquals: { 'cognito-identity.amazonaws.com:aud': 'us-east-1:12345678-abcd-abcd-abcd-123456789012' },
        'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' },
      },
    }],
  },
  'Trust policy for web identity federation (Login with Amazon, Google, Facebook)': {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { Federated: 'www.amazon.com' }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { 'www.amazon.com:app_id': 'amzn1.application-oa2-123456' } } },
      { Effect: 'Allow', Principal: { Federated: 'accounts.google.com' }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { 'accounts.google.com:aud': '66677788899900pro0' } } },
      { Effect: 'Allow', Principal: { Federated: 'graph.facebook.com' }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { 'graph.facebook.com:app_id': '111222333444555' } } },
    ],
  },
  'Trust policy for an OIDC provider (GitHub Actions)': {
    Version: '2012-10-17',
    Statement: [{
      Effect: 'Allow',
      Principal: { Federated: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com' },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: {
        StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
        StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:octo-org/octo-repo:*' },
      },
    }],
  },
  'Trust policy naming an assumed-role session and a federated user': {
    Version: '2012-10-17',
    Statement: [{
      Effect: 'Allow',
      Principal: { AWS: ['arn:aws:sts::111122223333:assumed-role/role-name/role-session-name', 'arn:aws:sts::111122223333:federated-user/user-name'] },
      Action: 'sts:AssumeRole',
    }],
  },
  'Key policy for CloudWatch Logs (Regional service principal)': {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' },
      {
        Effect: 'Allow',
        Principal: { Service: 'logs.us-west-2.amazonaws.com' },
        Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        Resource: '*',
        Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:us-west-2:111122223333:log-group:log-group-name' } },
      },
    ],
  },
  'Key policy in the China and GovCloud partitions': {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: ['arn:aws-cn:iam::111122223333:root', 'arn:aws-us-gov:iam::111122223333:root'] }, Action: 'kms:*', Resource: '*' },
      { Effect: 'Allow', Principal: { Service: 'logs.cn-north-1.amazonaws.com.cn' }, Action: 'kms:Decrypt', Resource: '*' },
    ],
  },
  'Identity policy: time, IP and MFA conditions': {
    Version: '2012-10-17',
    Statement: [{
      Effect: 'Allow',
      Action: 'ec2:DescribeInstances',
      Resource: '*',
      Condition: {
        DateGreaterThan: { 'aws:CurrentTime': '2020-04-01T00:00:00Z' },
        DateLessThan: { 'aws:CurrentTime': '2020-06-30T23:59:59Z' },
        IpAddress: { 'aws:SourceIp': ['192.0.2.0/24', '203.0.113.0/24', '2001:DB8:1234:5678::/64'] },
        Bool: { 'aws:MultiFactorAuthPresent': 'true' },
        NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' },
      },
    }],
  },
  'Identity policy: pass a role to one service': {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::111122223333:role/EC2-roles-for-XYZ-*', Condition: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } } },
      { Effect: 'Allow', Action: ['ec2:RunInstances', 'ec2:AssociateIamInstanceProfile'], Resource: '*' },
    ],
  },
  'Identity policy: S3 objects and the bucket, each with its own actions': {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: ['s3:ListBucket', 's3:GetBucketLocation'], Resource: 'arn:aws:s3:::amzn-s3-demo-bucket', Condition: { StringLike: { 's3:prefix': ['home/${aws:username}/*'] } } },
      { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], Resource: 'arn:aws:s3:::amzn-s3-demo-bucket/home/${aws:username}/*' },
      { Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' },
    ],
  },
  'Identity policy: KMS keys by alias and tag': {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: ['kms:Encrypt', 'kms:Decrypt'], Resource: 'arn:aws:kms:*:111122223333:key/*', Condition: { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': 'alias/finance-key' } } },
      { Effect: 'Allow', Action: 'kms:Decrypt', Resource: 'arn:aws:kms:*:111122223333:key/*', Condition: { StringEquals: { 'aws:ResourceTag/Project': 'Alpha' } } },
      { Effect: 'Allow', Action: ['kms:CreateAlias', 'kms:DeleteAlias'], Resource: ['arn:aws:kms:us-west-2:111122223333:alias/test-key', 'arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab'] },
    ],
  },
  'Identity policy: tag-based access to EC2 with principal tags': {
    Version: '2012-10-17',
    Statement: [{
      Effect: 'Allow',
      Action: ['ec2:StartInstances', 'ec2:StopInstances'],
      Resource: 'arn:aws:ec2:*:*:instance/*',
      Condition: { StringEquals: { 'aws:ResourceTag/Owner': '${aws:username}', 'ec2:ResourceTag/Project': '${aws:PrincipalTag/Project}' } },
    }],
  },
  'Identity policy: IAM user management limited by a permissions boundary': {
    Version: '2012-10-17',
    Statement: [{
      Effect: 'Allow',
      Action: ['iam:CreateUser', 'iam:PutUserPermissionsBoundary'],
      Resource: '*',
      Condition: { StringEquals: { 'iam:PermissionsBoundary': 'arn:aws:iam::111122223333:policy/XCompanyBoundaries' } },
    }],
  },
};
