# METADATA
# title: Lambda function has no managed log group
# description: >-
#   When no log group for a function is declared, Lambda creates /aws/lambda/<name> on first run with
#   no retention, no encryption key and outside the configuration's control (and it survives the
#   function's deletion). Practice: logging (declare each function's log group so its retention,
#   encryption and access are set and reviewed as code).
# related_resources:
#   - https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html
#   - https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-loggroups.html
# custom:
#   id: LMB502
#   slug: lambda-no-log-group
#   severity: low
#   practice: logging
#   remediation: Add an aws_cloudwatch_log_group named "/aws/lambda/<function_name>" (or set logging_config.log_group to one) with retention_in_days and kms_key_id.
#   equivalents:
#     checkov: []
#     trivy: []
#     tfsec: []
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
#         retention_in_days = 90
#         kms_key_id        = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
#       }
package tfwarden.lambda.lmb502

import data.tfwarden.lib
import data.tfwarden.lib.functions

# Silent when a log group name, the function's name or its logging_config cannot be known.
deny contains lib.at(fn, "", msg) if {
	some fn in functions
	count(lib.function_log_groups(fn)) == 0
	not lib.function_log_group_undecidable(fn)
	msg := sprintf("%s has no aws_cloudwatch_log_group for its logs (none named /aws/lambda/%s, none set in logging_config): Lambda creates one that never expires", [fn.address, fn.values.function_name])
}
