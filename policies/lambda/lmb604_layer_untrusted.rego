# METADATA
# title: Lambda function uses a layer from an untrusted account
# description: >-
#   A layer runs inside the function with all of its permissions. A layer referenced by ARN from
#   another account is third-party code the configuration neither builds nor pins by content, and
#   its owner can publish a new version or delete it. Practice: third-party dependencies (use
#   layers you build yourself or from accounts you explicitly trust).
# related_resources:
#   - https://docs.aws.amazon.com/lambda/latest/dg/chapter-layers.html
#   - https://docs.aws.amazon.com/lambda/latest/dg/adding-layers.html
# custom:
#   id: LMB604
#   slug: lambda-layer-untrusted
#   severity: low
#   practice: third-party dependencies
#   remediation: Build the layer in this configuration (aws_lambda_layer_version), or, after reviewing the publisher, add its account ID to trusted_layer_accounts in the [data] section of .tfwarden.toml.
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
#         layers        = ["arn:aws:lambda:eu-west-1:444455556666:layer:fast-json:12"]
#       }
#     good: |
#       resource "aws_lambda_layer_version" "deps" {
#         layer_name          = "orders-api-deps"
#         filename            = "build/deps.zip"
#         compatible_runtimes = ["python3.13"]
#       }
#
#       resource "aws_lambda_function" "api" {
#         function_name = "orders-api"
#         role          = "arn:aws:iam::123456789012:role/orders-api-lambda"
#         runtime       = "python3.13"
#         handler       = "app.handler"
#         filename      = "build/orders-api.zip"
#         layers = [
#           aws_lambda_layer_version.deps.arn,
#           "arn:aws:lambda:eu-west-1:017000801446:layer:AWSLambdaPowertoolsPythonV3-python313-x86_64:7",
#         ]
#       }
package tfwarden.lambda.lmb604

import data.tfwarden.lib
import data.tfwarden.lib.functions
import data.tfwarden.lib.trusted_layer_accounts

deny contains lib.at(fn, layer.path, msg) if {
	some fn in functions
	some layer in lib.literal_layers(fn)
	not layer.account in trusted_layer_accounts
	msg := sprintf("%s uses layer %s from account %s, which is not a trusted layer account", [fn.address, layer.arn, layer.account])
}
