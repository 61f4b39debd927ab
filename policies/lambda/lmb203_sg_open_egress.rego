# METADATA
# title: Lambda security group allows all egress to the internet
# description: >-
#   A security group attached to a function that allows every protocol or port to 0.0.0.0/0 or ::/0
#   lets compromised code exfiltrate data or reach any host; VPC isolation then only hides the
#   function, it does not contain it. Practice: VPC security groups (allow egress only to the
#   endpoints, ports and CIDRs the function needs).
# related_resources:
#   - https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html
#   - https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-group-rules.html
# custom:
#   id: LMB203
#   slug: lambda-sg-open-egress
#   severity: medium
#   practice: VPC security groups
#   remediation: Replace the 0.0.0.0/0 (or ::/0) all-traffic egress rule with rules for the ports and destinations the function needs, such as 443 to VPC endpoints or a NAT-restricted prefix list.
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
#
#         egress {
#           from_port   = 0
#           to_port     = 0
#           protocol    = "-1"
#           cidr_blocks = ["0.0.0.0/0"]
#         }
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
#
#         egress {
#           description = "HTTPS to the VPC endpoints"
#           from_port   = 443
#           to_port     = 443
#           protocol    = "tcp"
#           cidr_blocks = ["10.20.0.0/16"]
#         }
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
package tfwarden.lambda.lmb203

import data.tfwarden.lib
import data.tfwarden.lib.functions

# One finding per CIDR, whichever functions share the group (the message names the group).
deny contains lib.at(rule.holder, rule.path, msg) if {
	some fn in functions
	some sg in lib.function_security_groups(fn)
	some rule in lib.security_group_open_rules(sg)
	rule.direction == "egress"
	rule.all_traffic
	msg := sprintf("%s allows egress to %s on all protocols or ports from %s, a security group of a Lambda function", [rule.holder.address, rule.cidr, sg.address])
}
