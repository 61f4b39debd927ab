# METADATA
# title: Lambda security group allows ingress from the internet
# description: >-
#   Lambda never needs inbound connections to its network interfaces, yet a security group attached
#   to a function that accepts traffic from 0.0.0.0/0 or ::/0 opens whatever else shares the group,
#   and the network path into the VPC, to anyone. Practice: VPC security groups (no inbound rules
#   on function security groups, or only from known sources).
# related_resources:
#   - https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html
#   - https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-group-rules.html
# custom:
#   id: LMB204
#   slug: lambda-sg-open-ingress
#   severity: medium
#   practice: VPC security groups
#   remediation: Remove the ingress rule from 0.0.0.0/0 (or ::/0); Lambda functions need no inbound rules, and other sources should be named by security group or private CIDR.
#   equivalents:
#     checkov: []
#     trivy: []
#     tfsec: []
#     kics: []
#   examples:
#     bad: |
#       resource "aws_security_group" "orders" {
#         name   = "orders-api-lambda"
#         vpc_id = "vpc-0a1b2c3d4e5f60718"
#       }
#
#       resource "aws_vpc_security_group_ingress_rule" "https" {
#         security_group_id = aws_security_group.orders.id
#         ip_protocol       = "tcp"
#         from_port         = 443
#         to_port           = 443
#         cidr_ipv4         = "0.0.0.0/0"
#       }
#
#       resource "aws_lambda_function" "api" {
#         function_name = "orders-api"
#         role          = "arn:aws:iam::123456789012:role/orders-api-lambda"
#         runtime       = "python3.13"
#         handler       = "app.handler"
#         filename      = "build/orders-api.zip"
#
#         vpc_config {
#           subnet_ids         = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
#           security_group_ids = [aws_security_group.orders.id]
#         }
#       }
#     good: |
#       resource "aws_security_group" "orders" {
#         name   = "orders-api-lambda"
#         vpc_id = "vpc-0a1b2c3d4e5f60718"
#       }
#
#       resource "aws_vpc_security_group_egress_rule" "https" {
#         security_group_id = aws_security_group.orders.id
#         ip_protocol       = "tcp"
#         from_port         = 443
#         to_port           = 443
#         cidr_ipv4         = "10.20.0.0/16"
#       }
#
#       resource "aws_lambda_function" "api" {
#         function_name = "orders-api"
#         role          = "arn:aws:iam::123456789012:role/orders-api-lambda"
#         runtime       = "python3.13"
#         handler       = "app.handler"
#         filename      = "build/orders-api.zip"
#
#         vpc_config {
#           subnet_ids         = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
#           security_group_ids = [aws_security_group.orders.id]
#         }
#       }
package tfwarden.lambda.lmb204

import data.tfwarden.lib
import data.tfwarden.lib.functions

# Any protocol or port: a function's group has no reason to accept the internet at all.
deny contains lib.at(rule.holder, rule.path, msg) if {
	some fn in functions
	some sg in lib.function_security_groups(fn)
	some rule in lib.security_group_open_rules(sg)
	rule.direction == "ingress"
	msg := sprintf("%s allows ingress from %s into %s, a security group of a Lambda function", [rule.holder.address, rule.cidr, sg.address])
}
