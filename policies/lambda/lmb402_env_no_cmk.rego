# METADATA
# title: Lambda environment variables are not encrypted with a customer managed key
# description: >-
#   Without kms_key_arn, environment variables are encrypted with the AWS managed key, which you
#   cannot restrict, audit separately or revoke. Practice: encrypt environment variables with a
#   customer managed KMS key.
# related_resources:
#   - https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars-encryption.html
# custom:
#   id: LMB402
#   slug: lambda-env-no-cmk
#   severity: medium
#   practice: encrypt environment variables with KMS
#   remediation: Set kms_key_arn to a customer managed KMS key whose key policy allows only the function's role to decrypt.
#   equivalents:
#     checkov: [CKV_AWS_173]
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
#
#         environment {
#           variables = {
#             TABLE_NAME = "orders"
#             LOG_LEVEL  = "info"
#           }
#         }
#       }
#     good: |
#       resource "aws_lambda_function" "api" {
#         function_name = "orders-api"
#         role          = "arn:aws:iam::123456789012:role/orders-api-lambda"
#         runtime       = "python3.13"
#         handler       = "app.handler"
#         filename      = "build/orders-api.zip"
#         kms_key_arn   = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
#
#         environment {
#           variables = {
#             TABLE_NAME = "orders"
#             LOG_LEVEL  = "info"
#           }
#         }
#       }
package tfwarden.lambda.lmb402

import data.tfwarden.lib
import data.tfwarden.lib.functions

deny contains lib.at(fn, "kms_key_arn", msg) if {
	some fn in functions
	lib.has_env_variables(fn)
	lib.missing_attr(fn, "kms_key_arn")
	msg := sprintf("%s has environment variables but no kms_key_arn (customer managed KMS key)", [fn.address])
}
