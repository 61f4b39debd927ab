# METADATA
# title: Lambda function is deployed without publishing a version
# description: >-
#   Without publish = true, each deployment overwrites $LATEST in place: there is no immutable
#   version to point an alias at, to roll back to, or to audit what code ran when. Practice:
#   immutable deployments (publish a version per deployment and invoke it through an alias).
# related_resources:
#   - https://docs.aws.amazon.com/lambda/latest/dg/configuration-versions.html
#   - https://docs.aws.amazon.com/lambda/latest/dg/configuration-aliases.html
# custom:
#   id: LMB606
#   slug: lambda-unversioned-deploy
#   severity: low
#   practice: immutable deployments
#   remediation: Set publish = true on the function and route callers through an aws_lambda_alias that points at the published version.
#   fix:
#     applicability: unsafe
#     set:
#       publish: true
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
#         s3_bucket     = "acme-lambda-artifacts"
#         s3_key        = "orders-api/1.4.2.zip"
#       }
#     good: |
#       resource "aws_lambda_function" "api" {
#         function_name = "orders-api"
#         role          = "arn:aws:iam::123456789012:role/orders-api-lambda"
#         runtime       = "python3.13"
#         handler       = "app.handler"
#         s3_bucket     = "acme-lambda-artifacts"
#         s3_key        = "orders-api/1.4.2.zip"
#         publish       = true
#       }
package tfwarden.lambda.lmb606

import data.tfwarden.lib
import data.tfwarden.lib.functions

# Container images (image_uri) are out of scope: their digest already pins the code.
deny contains lib.at(fn, "publish", msg) if {
	some fn in functions
	lib.deployed_from_package(fn)
	not lib.publishes_versions(fn)
	msg := sprintf("%s is deployed without publish = true: each deployment overwrites $LATEST and leaves no version to roll back to", [fn.address])
}
