# METADATA
# title: Lambda function does not use X-Ray active tracing
# description: >-
#   Without active tracing, requests through the function leave no trace to investigate errors,
#   latency or unexpected calls. Practice: monitoring (trace every invocation with AWS X-Ray).
# related_resources:
#   - https://docs.aws.amazon.com/lambda/latest/dg/services-xray.html
# custom:
#   id: LMB501
#   slug: lambda-tracing-disabled
#   severity: low
#   practice: monitoring
#   remediation: Add tracing_config { mode = "Active" } and allow the role xray:PutTraceSegments and xray:PutTelemetryRecords.
#   fix:
#     applicability: safe
#     set:
#       tracing_config.0.mode: Active
#   security_hub: Lambda.7
#   equivalents:
#     checkov: [CKV_AWS_50]
#     trivy: [AVD-AWS-0066]
#     tfsec: [aws-lambda-enable-tracing]
#     kics: []
#   examples:
#     bad: |
#       resource "aws_lambda_function" "api" {
#         function_name = "orders-api"
#         role          = "arn:aws:iam::123456789012:role/orders-api-lambda"
#         runtime       = "python3.13"
#         handler       = "app.handler"
#         filename      = "build/orders-api.zip"
#
#         tracing_config {
#           mode = "PassThrough"
#         }
#       }
#     good: |
#       resource "aws_lambda_function" "api" {
#         function_name = "orders-api"
#         role          = "arn:aws:iam::123456789012:role/orders-api-lambda"
#         runtime       = "python3.13"
#         handler       = "app.handler"
#         filename      = "build/orders-api.zip"
#
#         tracing_config {
#           mode = "Active"
#         }
#       }
package tfwarden.lambda.lmb501

import data.tfwarden.lib
import data.tfwarden.lib.functions

deny contains lib.at(fn, "tracing_config.0.mode", message(fn)) if {
	some fn in functions
	not lib.tracing_active(fn)
}

message(fn) := sprintf("%s has tracing mode %s; set it to Active", [fn.address, mode]) if {
	mode := lib.tracing_mode(fn)
} else := sprintf("%s does not enable X-Ray active tracing", [fn.address])
