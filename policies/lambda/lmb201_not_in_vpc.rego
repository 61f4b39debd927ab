# METADATA
# title: Lambda function is not attached to a VPC
# description: >-
#   A function outside a VPC reaches the internet and AWS APIs with no network controls of yours.
#   Practice: VPC isolation (run functions in private subnets behind security groups and network ACLs).
# related_resources:
#   - https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html
# custom:
#   id: LMB201
#   slug: lambda-not-in-vpc
#   severity: low
#   practice: VPC isolation
#   remediation: Add a vpc_config block with at least two private subnet_ids and security_group_ids.
#   security_hub: Lambda.3
#   equivalents:
#     checkov: [CKV_AWS_117]
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
#         vpc_config {
#           subnet_ids         = ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"]
#           security_group_ids = ["sg-0a1b2c3d4e5f60003"]
#         }
#       }
package tfwarden.lambda.lmb201

import data.tfwarden.lib
import data.tfwarden.lib.functions

deny contains lib.at(fn, "vpc_config.0.subnet_ids", msg) if {
	some fn in functions
	not lib.has_vpc_subnets(fn)
	msg := message(fn)
}

message(fn) := sprintf("%s has a vpc_config with no subnet_ids", [fn.address]) if {
	fn.values.vpc_config[0]
} else := sprintf("%s is not attached to a VPC", [fn.address])
