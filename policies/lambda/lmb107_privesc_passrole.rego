# METADATA
# title: IAM policy allows passing any role to a new Lambda function
# description: >-
#   A policy that allows iam:PassRole on every role ("*") together with lambda:CreateFunction lets its
#   holder create a function that runs with a more powerful role, such as an administrator role, and
#   act with that role's permissions: a privilege escalation path. Practice: least privilege (scope
#   iam:PassRole to the execution roles the principal may hand to Lambda).
# related_resources:
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html
#   - https://docs.aws.amazon.com/lambda/latest/dg/access-control-identity-based.html
# custom:
#   id: LMB107
#   slug: lambda-privesc-passrole
#   severity: high
#   practice: least privilege
#   remediation: Limit iam:PassRole to the ARNs of the intended execution roles (and add the condition iam:PassedToService = lambda.amazonaws.com).
#   equivalents:
#     checkov: []
#     trivy: []
#     tfsec: []
#     kics: ["fa62ac4f-f5b9-45b9-97c1-625c8b6253ca", "8055dec2-efb8-4fe6-8837-d9bed6ff202a", "034d0aee-620f-4bf7-b7fb-efdf661fdb9e"]
#   examples:
#     bad: |
#       resource "aws_iam_policy" "deployer" {
#         name = "lambda-deployer"
#         policy = jsonencode({
#           Version = "2012-10-17"
#           Statement = [
#             {
#               Effect   = "Allow"
#               Action   = ["lambda:CreateFunction", "lambda:UpdateFunctionCode"]
#               Resource = "arn:aws:lambda:eu-west-1:123456789012:function:orders-*"
#             },
#             {
#               Effect   = "Allow"
#               Action   = "iam:PassRole"
#               Resource = "*"
#             },
#           ]
#         })
#       }
#     good: |
#       resource "aws_iam_policy" "deployer" {
#         name = "lambda-deployer"
#         policy = jsonencode({
#           Version = "2012-10-17"
#           Statement = [
#             {
#               Effect   = "Allow"
#               Action   = ["lambda:CreateFunction", "lambda:UpdateFunctionCode"]
#               Resource = "arn:aws:lambda:eu-west-1:123456789012:function:orders-*"
#             },
#             {
#               Effect    = "Allow"
#               Action    = "iam:PassRole"
#               Resource  = "arn:aws:iam::123456789012:role/orders-*-lambda"
#               Condition = { StringEquals = { "iam:PassedToService" = "lambda.amazonaws.com" } }
#             },
#           ]
#         })
#       }
package tfwarden.lambda.lmb107

import data.tfwarden.lib
import data.tfwarden.lib.identity_documents

# One finding per Action entry (or NotAction attribute) that grants iam:PassRole on "*" in a
# policy document whose statements also allow lambda:CreateFunction.
deny contains lib.at(st.owner, path, msg) if {
	some h in identity_documents
	some st in _passrole_statements(h)
	st.effect == "Allow"
	count(lib.wildcard_resource_paths(st)) > 0
	some path in lib.granting_paths(st, "iam:passrole")
	_creates_functions(h)
	msg := sprintf(`%s allows iam:PassRole on every role ("*") and lambda:CreateFunction: whoever holds it can create a function that runs with a more powerful role`, [st.owner.address])
}

# The statements of policy document h that can allow iam:PassRole on "*". Of a JSON document,
# only the Allow statements with a "*" Resource (operators only: "*", or a list that holds "*")
# and a NotAction or an action that could cover iam:PassRole (see _may_cover) are normalized,
# and none when its text holds no string "*" (nor a \u escape that could spell one).
_passrole_statements(h) := [lib.json_statement(h[0], h[1], i, st) |
	some [i, st] in raw
	st.Effect == "Allow"
	true in ["*" in [st.Resource], "*" in st.Resource]
	_may_cover(st, {"i", "I", "*", "?"})
] if {
	raw := lib.json_raw_statements(h[0], h[1], `"*"`)
} else := lib.statements(h[0], h[1])

# Some Allow statement of policy document h allows lambda:CreateFunction (of a JSON document,
# read from the raw statements).
_creates_functions(h) := true if {
	raw := lib.json_raw_statements(h[0], h[1], "")
	some [_, x] in raw
	x.Effect == "Allow"
	lib.json_grants(x, "lambda:createfunction")
} else := true if {
	not lib.json_raw_statements(h[0], h[1], "")
	some st in lib.statements(h[0], h[1])
	st.effect == "Allow"
	count(lib.granting_paths(st, "lambda:createfunction")) > 0
}

# Statement st (raw JSON) has a NotAction, or an action whose first character is one of firsts:
# an action pattern covers an action only when its first character, lower-cased, is the
# action's or a wildcard (lib.action_covers).
_may_cover(st, firsts) := true if {
	st.NotAction
} else := true if {
	some v in _as_list(st.Action)
	is_string(v)
	substring(v, 0, 1) in firsts
}

_as_list(v) := [v] if {
	is_string(v)
} else := v if {
	is_array(v)
} else := []
