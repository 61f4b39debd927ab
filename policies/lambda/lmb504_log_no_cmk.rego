# METADATA
# title: Lambda log group is not encrypted with a customer managed key
# description: >-
#   Without kms_key_id, a function's log events are encrypted with a CloudWatch-owned key: no key
#   policy limits who can read them and key usage is not audited, although function logs often carry
#   request data and identifiers. Practice: encryption (encrypt log groups with a KMS key you
#   control).
# related_resources:
#   - https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
# custom:
#   id: LMB504
#   slug: lambda-log-no-cmk
#   severity: low
#   practice: encryption
#   remediation: Set kms_key_id on the log group to a KMS key whose policy allows the CloudWatch Logs service principal of the region.
#   equivalents:
#     checkov: [CKV_AWS_158]
#     trivy: [AVD-AWS-0017]
#     tfsec: [aws-cloudwatch-log-group-customer-key]
#     kics: []
#   examples:
#     bad: |
#       resource "aws_lambda_function" "api" {
#         function_name = "orders-api"
#         role          = "arn:aws:iam::123456789012:role/orders-api-lambda"
#         runtime       = "python3.13"
#         handler       = "app.handler"
#         filename      = "build/orders-api.zip"
#       }
#
#       resource "aws_cloudwatch_log_group" "api" {
#         name              = "/aws/lambda/orders-api"
#         retention_in_days = 365
#       }
#     good: |
#       resource "aws_lambda_function" "api" {
#         function_name = "orders-api"
#         role          = "arn:aws:iam::123456789012:role/orders-api-lambda"
#         runtime       = "python3.13"
#         handler       = "app.handler"
#         filename      = "build/orders-api.zip"
#       }
#
#       resource "aws_cloudwatch_log_group" "api" {
#         name              = "/aws/lambda/orders-api"
#         retention_in_days = 365
#         kms_key_id        = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
#       }
package tfwarden.lambda.lmb504

import data.tfwarden.lib

# One finding per log group that receives a function's logs (the message names the group, not
# the function). (From the log groups that fail the test to the functions.)
deny contains lib.at(lg, "kms_key_id", msg) if {
	some lg in lib.resources("aws_cloudwatch_log_group")
	lib.missing_attr(lg, "kms_key_id")
	lib.receives_function_logs(lg)
	msg := sprintf("%s receives Lambda logs but has no kms_key_id", [lg.address])
}
