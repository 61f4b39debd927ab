# METADATA
# title: Lambda function does not require code signing
# description: >-
#   Without a code signing configuration, Lambda deploys any package it is given, including code
#   that was altered after review. Practice: code signing (accept only packages signed by your
#   trusted signing profiles).
# related_resources:
#   - https://docs.aws.amazon.com/lambda/latest/dg/configuration-codesigning.html
# custom:
#   id: LMB602
#   slug: lambda-no-code-signing
#   severity: medium
#   practice: code signing
#   remediation: Create an aws_lambda_code_signing_config with your AWS Signer profile and set code_signing_config_arn on the function.
#   equivalents:
#     checkov: [CKV_AWS_272]
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
#         code_signing_config_arn = "arn:aws:lambda:eu-west-1:123456789012:code-signing-config:csc-0a1b2c3d4e5f67890"
#       }
package tfwarden.lambda.lmb602

import data.tfwarden.lib
import data.tfwarden.lib.functions

deny contains lib.at(fn, "code_signing_config_arn", msg) if {
	some fn in functions
	lib.zip_packaged(fn)
	lib.missing_attr(fn, "code_signing_config_arn")
	msg := sprintf("%s does not require signed code (no code_signing_config_arn)", [fn.address])
}
