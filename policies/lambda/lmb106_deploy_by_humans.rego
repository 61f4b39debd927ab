# METADATA
# title: IAM users or groups can deploy Lambda code
# description: >-
#   A user or group policy that allows lambda:CreateFunction, lambda:UpdateFunctionCode,
#   lambda:UpdateFunctionConfiguration (or lambda:*) lets people change production code and settings
#   by hand, bypassing review, code signing and the pipeline's audit trail. Practice: deployment
#   access control (deploy functions only from a CI/CD role; give people read-only access).
# related_resources:
#   - https://docs.aws.amazon.com/lambda/latest/dg/access-control-identity-based.html
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#bp-users-federation-idp
# custom:
#   id: LMB106
#   slug: lambda-deploy-by-humans
#   severity: medium
#   practice: deployment access control
#   remediation: Remove the Lambda deployment actions from user and group policies; deploy through a pipeline role, and give people read-only Lambda access (or a break-glass role).
#   equivalents:
#     checkov: []
#     trivy: []
#     tfsec: []
#     kics: []
#   examples:
#     bad: |
#       resource "aws_iam_group_policy" "developers" {
#         name  = "lambda-deploy"
#         group = "developers"
#         policy = jsonencode({
#           Version = "2012-10-17"
#           Statement = [{
#             Effect   = "Allow"
#             Action   = ["lambda:GetFunction", "lambda:UpdateFunctionCode"]
#             Resource = "arn:aws:lambda:eu-west-1:123456789012:function:orders-*"
#           }]
#         })
#       }
#     good: |
#       resource "aws_iam_group_policy" "developers" {
#         name  = "lambda-read"
#         group = "developers"
#         policy = jsonencode({
#           Version = "2012-10-17"
#           Statement = [{
#             Effect   = "Allow"
#             Action   = ["lambda:GetFunction", "lambda:ListFunctions"]
#             Resource = "*"
#           }]
#         })
#       }
package tfwarden.lambda.lmb106

import data.tfwarden.lib
import data.tfwarden.lib.human_policies

# The deployment actions (lower case); lambda:* covers them all.
deploy_actions := ["lambda:createfunction", "lambda:updatefunctioncode", "lambda:updatefunctionconfiguration"]

# One finding per Action entry (or NotAction attribute) of an Allow statement that grants a
# deployment action to a user or group.
deny contains lib.at(st.owner, path, msg) if {
	some h in human_policies
	some st in lib.statements(h[0], h[1])
	st.effect == "Allow"
	some action in deploy_actions
	some path in lib.granting_paths(st, action)
	msg := sprintf("%s lets IAM users or groups deploy Lambda functions: %s", [st.owner.address, _what(st, path)])
}

_what(st, path) := sprintf(`it allows "%s"`, [a.value]) if {
	some a in st.actions
	a.path == path
} else := "its NotAction allows every action it does not list"
