{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Enable IAM policies",
      "Effect": "Allow",
      "Principal": { "AWS": "arn:aws:iam::${account_id}:root" },
      "Action": "kms:*",
      "Resource": "*"
    },
    {
      "Sid": "Allow HealthLake to use the key for the data store creator",
      "Effect": "Allow",
      "Principal": { "AWS": "${creator_role_arn}" },
      "Action": ["kms:CreateGrant", "kms:DescribeKey", "kms:GenerateDataKey", "kms:Decrypt"],
      "Resource": "*",
      "Condition": {
        "StringEquals": {
          "kms:ViaService": "healthlake.${region}.amazonaws.com",
          "kms:CallerAccount": "${account_id}"
        }
      }
    }
  ]
}
