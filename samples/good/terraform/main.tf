# A FHIR data store with its customer managed key. The key policy is a `jsonencode` object; the account,
# Region and creator role are references that hlkms reads as "this account", "this Region" and "the role
# given in var.creator_role_arn", and it reports nothing here.

data "aws_caller_identity" "current" {}
data "aws_region" "current" {}
data "aws_partition" "current" {}

resource "aws_kms_key" "datastore" {
  description         = "Key for the FHIR data store"
  enable_key_rotation = true

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "Enable IAM policies"
        Effect    = "Allow"
        Principal = { AWS = "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "Allow HealthLake to use the key for the data store creator"
        Effect    = "Allow"
        Principal = { AWS = var.creator_role_arn }
        Action    = ["kms:CreateGrant", "kms:DescribeKey", "kms:GenerateDataKey", "kms:Decrypt"]
        Resource  = "*"
        Condition = {
          StringEquals = {
            "kms:ViaService"    = "healthlake.${data.aws_region.current.name}.amazonaws.com"
            "kms:CallerAccount" = data.aws_caller_identity.current.account_id
          }
        }
      },
    ]
  })
}

resource "awscc_healthlake_fhir_datastore" "this" {
  datastore_name         = var.datastore_name
  datastore_type_version = "R4"
  sse_configuration = {
    kms_encryption_config = {
      cmk_type   = "CUSTOMER_MANAGED_KMS_KEY"
      kms_key_id = aws_kms_key.datastore.arn
    }
  }
}
