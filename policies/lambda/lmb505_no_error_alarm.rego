# METADATA
# title: Lambda function has no CloudWatch alarm
# description: >-
#   A function no alarm watches can fail, throttle or be abused for days before anyone notices.
#   Practice: alerts on anomalies (alarm on each function's AWS/Lambda metrics, at least Errors and
#   Throttles, and route the alarm to someone).
# related_resources:
#   - https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics.html
#   - https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html
# custom:
#   id: LMB505
#   slug: lambda-no-error-alarm
#   severity: low
#   practice: alerts on anomalies
#   remediation: Add an aws_cloudwatch_metric_alarm with namespace "AWS/Lambda", metric_name "Errors" and dimensions = { FunctionName = <the function's name> }, with alarm_actions.
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
#       resource "aws_cloudwatch_metric_alarm" "api_errors" {
#         alarm_name          = "orders-api-errors"
#         namespace           = "AWS/Lambda"
#         metric_name         = "Errors"
#         statistic           = "Sum"
#         period              = 300
#         evaluation_periods  = 1
#         threshold           = 1
#         comparison_operator = "GreaterThanOrEqualToThreshold"
#         alarm_actions       = ["arn:aws:sns:eu-west-1:123456789012:oncall"]
#
#         dimensions = {
#           FunctionName = aws_lambda_function.api.function_name
#         }
#       }
package tfwarden.lambda.lmb505

import data.tfwarden.lib
import data.tfwarden.lib.functions

# Silent when the function's name, or an alarm's namespace or FunctionName, cannot be known.
deny contains lib.at(fn, "", msg) if {
	some fn in functions
	count(lib.function_alarms(fn)) == 0
	not lib.function_alarm_undecidable(fn)
	msg := sprintf("%s has no aws_cloudwatch_metric_alarm on its AWS/Lambda metrics (FunctionName dimension)", [fn.address])
}
