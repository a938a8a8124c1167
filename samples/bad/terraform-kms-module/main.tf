# A HealthLake data store whose key comes from the terraform-aws-modules/kms registry module.
# One mistake: the key statement for HealthLake names kms:ViaService with the global name
# healthlake.amazonaws.com, which HealthLake's calls never carry (they carry healthlake.<region>.amazonaws.com).

data "aws_caller_identity" "current" {}

module "kms" {
  source  = "terraform-aws-modules/kms/aws"
  version = "~> 3.0"

  description = "Key for the FHIR data store"
  aliases     = ["healthlake/fhir"]

  key_administrators = ["arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/KeyAdmin"]

  key_statements = [
    {
      sid = "HealthLakeDataStore"
      actions = [
        "kms:CreateGrant",
        "kms:DescribeKey",
        "kms:GenerateDataKey",
        "kms:Decrypt",
      ]
      resources = ["*"]

      principals = [
        {
          type        = "AWS"
          identifiers = ["arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/HealthLakeWriter"]
        }
      ]

      conditions = [
        {
          test     = "StringEquals"
          variable = "kms:ViaService"
          values   = ["healthlake.amazonaws.com"]
        },
        {
          test     = "StringEquals"
          variable = "kms:CallerAccount"
          values   = [data.aws_caller_identity.current.account_id]
        }
      ]
    }
  ]
}

resource "awscc_healthlake_fhir_datastore" "fhir" {
  datastore_name         = "fhir"
  datastore_type_version = "R4"

  sse_configuration = {
    kms_encryption_config = {
      cmk_type   = "CUSTOMER_MANAGED_KMS_KEY"
      kms_key_id = module.kms.key_arn
    }
  }
}
