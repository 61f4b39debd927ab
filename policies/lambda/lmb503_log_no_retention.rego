# METADATA
# title: Lambda log group keeps logs forever
# description: >-
#   A function's log group without retention_in_days (or with 0) never expires its events: logs that
#   may hold personal data or secrets accumulate indefinitely, and so does their cost. Practice:
#   logging and audit trails (keep logs as long as audits require, and no longer).
# related_resources:
#   - https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Working-with-log-groups-and-streams.html
#   - https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html
# custom:
#   id: LMB503
#   slug: lambda-log-no-retention
#   severity: low
#   practice: logging, audit trails
#   remediation: Set retention_in_days on the log group to the period your audit requirements need (for example 90, 365 or 731).
#   fix:
#     applicability: unsafe
#     set:
#       retention_in_days: 365
#   equivalents:
#     checkov: [CKV_AWS_338]
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
#
#       resource "aws_cloudwatch_log_group" "api" {
#         name       = "/aws/lambda/orders-api"
#         kms_key_id = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
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
package tfwarden.lambda.lmb503

import data.tfwarden.lib

# One finding per log group that receives a function's logs (the message names the group, not
# the function). (From the log groups that fail the test to the functions.)
deny contains lib.at(lg, "retention_in_days", msg) if {
	some lg in lib.resources("aws_cloudwatch_log_group")
	_never_expires(lg)
	lib.receives_function_logs(lg)
	msg := sprintf("%s receives Lambda logs and never expires them (no retention_in_days, or 0)", [lg.address])
}

_never_expires(lg) if lib.missing_attr(lg, "retention_in_days")

_never_expires(lg) if lg.values.retention_in_days == 0
