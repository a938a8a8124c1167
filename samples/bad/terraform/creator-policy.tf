# The creator's IAM policy as a heredoc: it names the key by its alias, and an alias ARN in Resource does not
# cover use of the key (IAM matches the key ARN).
resource "aws_iam_policy" "creator" {
  name = "healthlake-creator"

  policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "UseTheDataStoreKeyThroughHealthLake",
          "Effect": "Allow",
          "Action": ["kms:CreateGrant", "kms:DescribeKey", "kms:GenerateDataKey", "kms:Decrypt"],
          "Resource": "arn:aws:kms:us-east-1:111122223333:alias/healthlake",
          "Condition": {
            "StringEquals": { "kms:ViaService": "healthlake.us-east-1.amazonaws.com" }
          }
        }
      ]
    }
  EOT
}
