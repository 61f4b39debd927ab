# METADATA
# title: Lambda execution role is shared by several functions
# description: >-
#   A role used by two or more functions carries the union of their permissions, so each function
#   can do what any of them needs and a compromise of one reaches the data of all. Practice: one IAM
#   role per function (least privilege per function).
# related_resources:
#   - https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege
# custom:
#   id: LMB101
#   slug: lambda-role-shared
#   severity: medium
#   practice: one IAM role per function
#   remediation: Give each function its own aws_iam_role with only the permissions that function needs.
#   equivalents:
#     checkov: []
#     trivy: []
#     tfsec: []
#     kics: []
#   examples:
#     bad: |
#       resource "aws_iam_role" "lambda" {
#         name = "orders-lambda"
#         assume_role_policy = jsonencode({
#           Version   = "2012-10-17"
#           Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }]
#         })
#       }
#
#       resource "aws_lambda_function" "api" {
#         function_name = "orders-api"
#         role          = aws_iam_role.lambda.arn
#         runtime       = "python3.13"
#         handler       = "app.handler"
#         filename      = "build/orders-api.zip"
#       }
#
#       resource "aws_lambda_function" "worker" {
#         function_name = "orders-worker"
#         role          = aws_iam_role.lambda.arn
#         runtime       = "python3.13"
#         handler       = "worker.handler"
#         filename      = "build/orders-worker.zip"
#       }
#     good: |
#       resource "aws_lambda_function" "api" {
#         function_name = "orders-api"
#         role          = "arn:aws:iam::123456789012:role/orders-api-lambda"
#         runtime       = "python3.13"
#         handler       = "app.handler"
#         filename      = "build/orders-api.zip"
#       }
#
#       resource "aws_lambda_function" "worker" {
#         function_name = "orders-worker"
#         role          = "arn:aws:iam::123456789012:role/orders-worker-lambda"
#         runtime       = "python3.13"
#         handler       = "worker.handler"
#         filename      = "build/orders-worker.zip"
#       }
package tfwarden.lambda.lmb101

import data.tfwarden.lib
import data.tfwarden.lib.functions

# [function, role key] of each function whose role is known (the role's address, or its literal
# ARN).
_roles := [[fn, role] |
	some fn in functions
	role := lib.role_key(fn)
]

# Function addresses by "<root>|<role key>".
_users[k] contains h[0].address if {
	some h in _roles
	k := concat("|", [h[0].root, h[1]])
}

# One finding per function that shares its role, at its role attribute.
deny contains lib.at(fn, "role", msg) if {
	some [fn, role] in _roles
	k := concat("|", [fn.root, role])
	users := _users[k]
	count(users) > 1
	others := users - {fn.address}
	msg := sprintf("%s shares its execution role %s with %s; give each function its own role", [fn.address, role, lib.address_list(others)])
}
