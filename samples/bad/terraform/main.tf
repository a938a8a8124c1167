# The HealthLake Developer Guide's example key policy, as Terraform.
# Two mistakes come from the guide itself: the principal lacks `role/`, and kms:ViaService uses the global
# name healthlake.amazonaws.com, which never matches. The data store below makes this HealthLake's key.

data "aws_caller_identity" "current" {}

resource "aws_kms_key" "datastore" {
  description = "Key for the FHIR data store"

  policy = jsonencode({
    Version = "2012-10-17"
    Id      = "key-consolepolicy-3"
    Statement = [
      {
        Sid       = "Enable IAM User Permissions"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "Allow access to create and use the data store"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:HealthLakeFullAccessRole" }
        Action    = ["kms:CreateGrant", "kms:DescribeKey", "kms:GenerateDataKey"]
        Resource  = "*"
        Condition = {
          StringEquals = {
            "kms:ViaService"    = "healthlake.amazonaws.com"
            "kms:CallerAccount" = data.aws_caller_identity.current.account_id
          }
        }
      },
    ]
  })
}

resource "awscc_healthlake_fhir_datastore" "patients" {
  datastore_name         = "patients"
  datastore_type_version = "R4"
  sse_configuration = {
    kms_encryption_config = {
      cmk_type   = "CUSTOMER_MANAGED_KMS_KEY"
      kms_key_id = aws_kms_key.datastore.arn
    }
  }
}
