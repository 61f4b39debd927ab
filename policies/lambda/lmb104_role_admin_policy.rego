# METADATA
# title: Lambda execution role has an administrator or full-access managed policy
# description: >-
#   AdministratorAccess, PowerUserAccess, IAMFullAccess and the AWS-managed *FullAccess policies grant
#   every action of one or all services on every resource: code running in the function (or injected
#   into it) can do the same. Practice: least privilege (attach only policies scoped to what the
#   function uses).
# related_resources:
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_job-functions.html
#   - https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege
# custom:
#   id: LMB104
#   slug: lambda-role-admin-policy
#   severity: high
#   practice: least privilege
#   remediation: Detach the managed policy and grant the function a policy with the specific actions and resources it needs.
#   equivalents:
#     checkov: []
#     trivy: []
#     tfsec: []
#     kics: []
#   examples:
#     bad: |
#       resource "aws_iam_role" "api" {
#         name = "orders-api-lambda"
#         assume_role_policy = jsonencode({
#           Version   = "2012-10-17"
#           Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }]
#         })
#       }
#
#       resource "aws_iam_role_policy_attachment" "api" {
#         role       = aws_iam_role.api.name
#         policy_arn = "arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess"
#       }
#
#       resource "aws_lambda_function" "api" {
#         function_name = "orders-api"
#         role          = aws_iam_role.api.arn
#         runtime       = "python3.13"
#         handler       = "app.handler"
#         filename      = "build/orders-api.zip"
#       }
#     good: |
#       resource "aws_iam_role" "api" {
#         name = "orders-api-lambda"
#         assume_role_policy = jsonencode({
#           Version   = "2012-10-17"
#           Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }]
#         })
#       }
#
#       resource "aws_iam_role_policy_attachment" "api" {
#         role       = aws_iam_role.api.name
#         policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
#       }
#
#       resource "aws_lambda_function" "api" {
#         function_name = "orders-api"
#         role          = aws_iam_role.api.arn
#         runtime       = "python3.13"
#         handler       = "app.handler"
#         filename      = "build/orders-api.zip"
#       }
package tfwarden.lambda.lmb104

import data.tfwarden.lib
import data.tfwarden.lib.execution_role_keys
import data.tfwarden.lib.role_arn_holders

# [owner root, owner address, path, policy name, role address] for each administrator-like
# AWS-managed policy attached to an execution role. (From the ARNs to the roles: few ARNs are
# administrator-like, and only theirs are joined to roles.)
_hits contains [h[0].root, h[0].address, h[1], name, role_address] if {
	some h in role_arn_holders
	some arn in lib.policy_arns(h[0], h[1])
	name := lib.admin_policy_name(arn)
	some k in lib.arn_role_keys(h)
	k in execution_role_keys
	role_address := trim_prefix(k, concat("", [h[0].root, "|"]))
}

# The addresses of the execution roles of the hits at each [owner root, owner address, path].
_roles[k] contains h[4] if {
	some h in _hits
	k := [h[0], h[1], h[2]]
}

# One finding per policy_arn / managed_policy_arns element, naming every role it reaches.
deny contains lib.at({"root": h[0], "address": h[1]}, h[2], msg) if {
	some h in _hits
	k := [h[0], h[1], h[2]]
	roles := _roles[k]
	msg := sprintf("%s attaches the AWS-managed policy %s to the Lambda execution role %s", [h[1], h[3], lib.address_list(roles)])
}
