# IAM fixtures for the end-to-end tests. A `# expect: ID[, ID]` comment at the end of a line says
# which findings point at that line; every other line must have none. The functions are hardened
# against every other rule (VPC, tracing, code signing, KMS, concurrency, dead-letter queue, tags,
# log group, error alarm) so that only the IAM findings remain.

# The trust policy every execution role should have: only the Lambda service may assume it.
data "aws_iam_policy_document" "lambda_trust" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}
