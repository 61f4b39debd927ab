# METADATA
# title: Lambda function has no destination for failed invocations
# description: >-
#   When an asynchronous invocation fails all its retries and the function has neither a dead-letter
#   queue nor an on-failure destination, the event is dropped silently: lost orders, unprocessed
#   uploads, and no trace of an attack that made the function fail. Practice: resilience (keep
#   failed events with a dead-letter queue or an on-failure destination).
# related_resources:
#   - https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html
#   - https://docs.aws.amazon.com/lambda/latest/dg/invocation-async.html
# custom:
#   id: LMB702
#   slug: lambda-no-failure-destination
#   severity: low
#   practice: resilience
#   remediation: Add dead_letter_config { target_arn = <SQS queue or SNS topic ARN> } to the function, or an aws_lambda_function_event_invoke_config with destination_config { on_failure { destination = ... } }.
#   equivalents:
#     checkov: [CKV_AWS_116]
#     trivy: []
#     tfsec: []
#     kics: []
#   examples:
#     bad: |
#       resource "aws_lambda_function" "thumbnails" {
#         function_name = "thumbnails"
#         role          = "arn:aws:iam::123456789012:role/thumbnails-lambda"
#         runtime       = "python3.13"
#         handler       = "app.handler"
#         filename      = "build/thumbnails.zip"
#       }
#     good: |
#       resource "aws_lambda_function" "thumbnails" {
#         function_name = "thumbnails"
#         role          = "arn:aws:iam::123456789012:role/thumbnails-lambda"
#         runtime       = "python3.13"
#         handler       = "app.handler"
#         filename      = "build/thumbnails.zip"
#       }
#
#       resource "aws_lambda_function_event_invoke_config" "thumbnails" {
#         function_name                = aws_lambda_function.thumbnails.function_name
#         maximum_retry_attempts       = 2
#         maximum_event_age_in_seconds = 3600
#
#         destination_config {
#           on_failure {
#             destination = "arn:aws:sqs:eu-west-1:123456789012:thumbnails-failed"
#           }
#         }
#       }
package tfwarden.lambda.lmb702

import data.tfwarden.lib
import data.tfwarden.lib.functions

deny contains lib.at(fn, "dead_letter_config.0.target_arn", msg) if {
	some fn in functions
	not lib.has_failure_destination(fn)
	not lib.failure_destination_undecidable(fn)
	msg := sprintf("%s has no dead_letter_config target and no event invoke config with an on_failure destination: failed asynchronous events are dropped", [fn.address])
}
