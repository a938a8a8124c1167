# The creator's IAM policy as an aws_iam_policy_document. Its kind (an identity policy) comes from where its
# `.json` is used: the aws_iam_policy below.

data "aws_iam_policy_document" "creator" {
  statement {
    sid       = "CreateAndListDataStores"
    actions   = ["healthlake:CreateFHIRDatastore", "healthlake:ListFHIRDatastores"]
    resources = ["*"]
  }

  statement {
    sid = "UseTheDataStoreKeyThroughHealthLake"
    actions = [
      "kms:CreateGrant",
      "kms:DescribeKey",
      "kms:GenerateDataKey",
      "kms:Decrypt",
    ]
    resources = [aws_kms_key.datastore.arn]

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["healthlake.${data.aws_region.current.name}.amazonaws.com"]
    }
  }
}

resource "aws_iam_policy" "creator" {
  name   = "healthlake-creator"
  policy = data.aws_iam_policy_document.creator.json
}
