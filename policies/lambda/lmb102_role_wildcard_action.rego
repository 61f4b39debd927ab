# METADATA
# title: Lambda execution role allows every action of a service
# description: >-
#   An Allow statement with action "*" or "service:*" on a function's execution role grants actions
#   the function never needs, including permissions management and data deletion, to any code that
#   runs in it. Practice: least privilege (grant only the actions the function calls).
# related_resources:
#   - https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege
# custom:
#   id: LMB102
#   slug: lambda-role-wildcard-action
#   severity: high
#   practice: least privilege
#   remediation: Replace the wildcard with the specific actions the function calls (for example s3:GetObject instead of s3:*).
#   equivalents:
#     checkov: [CKV_AWS_63, CKV_AWS_355]
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
#       resource "aws_iam_role_policy" "api" {
#         role = aws_iam_role.api.id
#         policy = jsonencode({
#           Version = "2012-10-17"
#           Statement = [{
#             Effect   = "Allow"
#             Action   = ["s3:*"]
#             Resource = ["arn:aws:s3:::orders-uploads/*"]
#           }]
#         })
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
#       resource "aws_iam_role_policy" "api" {
#         role = aws_iam_role.api.id
#         policy = jsonencode({
#           Version = "2012-10-17"
#           Statement = [{
#             Effect   = "Allow"
#             Action   = ["s3:GetObject", "s3:PutObject"]
#             Resource = ["arn:aws:s3:::orders-uploads/*"]
#           }]
#         })
#       }
#
#       resource "aws_lambda_function" "api" {
#         function_name = "orders-api"
#         role          = aws_iam_role.api.arn
#         runtime       = "python3.13"
#         handler       = "app.handler"
#         filename      = "build/orders-api.zip"
#       }
package tfwarden.lambda.lmb102

import data.tfwarden.lib
import data.tfwarden.lib.execution_role_keys
import data.tfwarden.lib.role_documents

# [owner root, owner address, action path, action, role address] for each wildcard action of an
# Allow statement that reaches an execution role. (From the documents to the roles: few
# documents have a wildcard action, and only theirs are joined to roles.)
_hits contains [owner.root, owner.address, a.path, a.value, role_address] if {
	some h in role_documents
	some [owner, a] in _wildcard_actions(h)
	some k in lib.document_role_keys(h)
	k in execution_role_keys
	role_address := trim_prefix(k, concat("", [h[0].root, "|"]))
}

# [statement owner, action entry] for each wildcard action of an Allow statement of policy
# document h. Of a JSON document, only the Allow statements whose Action (a string or a list)
# holds a "*" are read, and only their actions are normalized (none when the text holds no "*",
# nor a \u escape that could spell one).
_wildcard_actions(h) := [[h[0], a] |
	some [i, st] in raw
	st.Effect == "Allow"
	contains(json.marshal(st.Action), "*")
	some a in lib.json_statement_actions(h[1], i, st)
	lib.wildcard_action(a.value)
] if {
	raw := lib.json_raw_statements(h[0], h[1], "*")
} else := [[st.owner, a] |
	some st in lib.statements(h[0], h[1])
	st.effect == "Allow"
	some a in st.actions
	lib.wildcard_action(a.value)
]

# The addresses of the execution roles of the hits at each [owner root, owner address, path].
_roles[k] contains h[4] if {
	some h in _hits
	k := [h[0], h[1], h[2]]
}

# One finding per action, naming every execution role it reaches.
deny contains lib.at({"root": h[0], "address": h[1]}, h[2], msg) if {
	some h in _hits
	k := [h[0], h[1], h[2]]
	roles := _roles[k]
	msg := sprintf("%s grants %s to the Lambda execution role %s", [h[1], _what(h[3]), lib.address_list(roles)])
}

_what(action) := `every action ("*")` if {
	action == "*"
} else := sprintf(`every %s action ("%s")`, [parts[0], action]) if {
	parts := split(action, ":")
}
