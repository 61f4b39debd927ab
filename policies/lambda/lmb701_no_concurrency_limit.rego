# METADATA
# title: Lambda function has no concurrency limit
# description: >-
#   A function without reserved concurrency scales to the whole account limit, so a flood of events
#   or an attacker can run up cost and starve other functions. Practice: bound autoscaling (set a
#   reasonable concurrency limit per function).
# related_resources:
#   - https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html
# custom:
#   id: LMB701
#   slug: lambda-no-concurrency-limit
#   severity: low
#   practice: bound autoscaling (cost, DoS)
#   remediation: Set reserved_concurrent_executions to the highest concurrency the function legitimately needs.
#   equivalents:
#     checkov: [CKV_AWS_115]
#     trivy: []
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
#
#         reserved_concurrent_executions = 50
#       }
package tfwarden.lambda.lmb701

import data.tfwarden.lib
import data.tfwarden.lib.functions

deny contains lib.at(fn, "reserved_concurrent_executions", msg) if {
	some fn in functions
	lib.unbounded_concurrency(fn)
	msg := sprintf("%s has no reserved concurrency limit and can scale to the account limit", [fn.address])
}
