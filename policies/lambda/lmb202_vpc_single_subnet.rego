# METADATA
# title: Lambda function runs in a single subnet
# description: >-
#   A VPC function with one subnet lives in one Availability Zone and stops when that zone fails.
#   Practice: availability (give vpc_config subnets in at least two Availability Zones).
# related_resources:
#   - https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html
#   - https://docs.aws.amazon.com/securityhub/latest/userguide/lambda-controls.html
# custom:
#   id: LMB202
#   slug: lambda-vpc-single-subnet
#   severity: low
#   practice: availability
#   remediation: List at least two subnet_ids, in different Availability Zones, in the function's vpc_config.
#   security_hub: Lambda.5
#   equivalents:
#     checkov: []
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
#         vpc_config {
#           subnet_ids         = ["subnet-0a1b2c3d4e5f60001"]
#           security_group_ids = ["sg-0a1b2c3d4e5f60003"]
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
#         vpc_config {
#           subnet_ids         = ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"]
#           security_group_ids = ["sg-0a1b2c3d4e5f60003"]
#         }
#       }
package tfwarden.lambda.lmb202

import data.tfwarden.lib
import data.tfwarden.lib.functions

# Zero subnets is LMB201's finding; this rule fires on exactly one.
deny contains lib.at(fn, "vpc_config.0.subnet_ids", msg) if {
	some fn in functions
	count(lib.vpc_subnets(fn)) == 1
	msg := sprintf("%s runs in a single subnet; use subnets in at least two Availability Zones", [fn.address])
}
