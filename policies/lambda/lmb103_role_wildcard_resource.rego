# METADATA
# title: Lambda execution role grants write access on every resource
# description: >-
#   An Allow statement with resource "*" on a function's execution role lets the function write to,
#   delete or change the permissions of every resource of that kind in the account, when it needs
#   only its own. Reads (Describe*, List*, Get*), X-Ray writes, cloudwatch:PutMetricData and the
#   network-interface actions of VPC functions are exempt. Practice: least privilege (scope each
#   action to the ARNs the function uses).
# related_resources:
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege
#   - https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
#   - https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html
# custom:
#   id: LMB103
#   slug: lambda-role-wildcard-resource
#   severity: medium
#   practice: least privilege
#   remediation: Replace "*" with the ARNs of the resources the function writes to (a table, a bucket prefix, a queue).
#   equivalents:
#     checkov: [CKV_AWS_111, CKV_AWS_356]
#     trivy: []
#     tfsec: []
#     kics: []
#   examples:
#     bad: |
#       data "aws_iam_policy_document" "api" {
#         statement {
#           actions   = ["dynamodb:PutItem", "dynamodb:UpdateItem"]
#           resources = ["*"]
#         }
#       }
#
#       resource "aws_iam_role" "api" {
#         name               = "orders-api-lambda"
#         assume_role_policy = data.aws_iam_policy_document.trust.json
#
#         inline_policy {
#           name   = "orders-table"
#           policy = data.aws_iam_policy_document.api.json
#         }
#       }
#
#       data "aws_iam_policy_document" "trust" {
#         statement {
#           actions = ["sts:AssumeRole"]
#           principals {
#             type        = "Service"
#             identifiers = ["lambda.amazonaws.com"]
#           }
#         }
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
#       data "aws_iam_policy_document" "api" {
#         statement {
#           actions   = ["dynamodb:PutItem", "dynamodb:UpdateItem"]
#           resources = ["arn:aws:dynamodb:eu-west-1:123456789012:table/orders"]
#         }
#         statement {
#           actions   = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"]
#           resources = ["*"]
#         }
#       }
#
#       resource "aws_iam_role" "api" {
#         name               = "orders-api-lambda"
#         assume_role_policy = data.aws_iam_policy_document.trust.json
#
#         inline_policy {
#           name   = "orders-table"
#           policy = data.aws_iam_policy_document.api.json
#         }
#       }
#
#       data "aws_iam_policy_document" "trust" {
#         statement {
#           actions = ["sts:AssumeRole"]
#           principals {
#             type        = "Service"
#             identifiers = ["lambda.amazonaws.com"]
#           }
#         }
#       }
#
#       resource "aws_lambda_function" "api" {
#         function_name = "orders-api"
#         role          = aws_iam_role.api.arn
#         runtime       = "python3.13"
#         handler       = "app.handler"
#         filename      = "build/orders-api.zip"
#       }
package tfwarden.lambda.lmb103

import data.tfwarden.lib
import data.tfwarden.lib.execution_role_keys
import data.tfwarden.lib.role_documents
import data.tfwarden.lib.wildcard_resource_exempt

# [owner root, owner address, resource path, what is granted, role address] for each "*" resource
# of an Allow statement that reaches an execution role, grants a write or permissions-management
# action, and has no wildcard action (that statement is LMB102's). (From the documents to the
# roles, as LMB102.)
_hits contains [st.owner.root, st.owner.address, path, what, role_address] if {
	some h in role_documents
	some st in _statements(h)
	st.effect == "Allow"
	some path in lib.wildcard_resource_paths(st)
	not _wildcard_statement(st)
	what := _granted(st)
	some k in lib.document_role_keys(h)
	k in execution_role_keys
	role_address := trim_prefix(k, concat("", [h[0].root, "|"]))
}

# The statements of policy document h that can grant something on "*": of a JSON document, only
# the Allow statements with a "*" Resource and an action that is not exempt (or a NotAction),
# and none when its text holds no string "*" (nor a \u escape that could spell one).
# (Operators only on every statement: its Resource is "*", or a list that holds "*"; and its
# Action is not "*", which makes it LMB102's.)
_statements(h) := [lib.json_statement(h[0], h[1], i, st) |
	some [i, st] in raw
	st.Effect == "Allow"
	true in ["*" in [st.Resource], "*" in st.Resource]
	not true in ["*" in [st.Action], "*" in st.Action]
	_may_grant(st)
] if {
	raw := lib.json_raw_statements(h[0], h[1], `"*"`)
} else := lib.statements(h[0], h[1])

_may_grant(st) := true if {
	st.NotAction
} else := true if {
	some v in _list(st.Action)
	is_string(v)
	l := lower(v)
	not wildcard_resource_exempt[l]
}

_list(v) := [v] if {
	is_string(v)
} else := v if {
	is_array(v)
} else := []

_wildcard_statement(st) if {
	some a in st.actions
	lib.wildcard_action(a.value)
}

# The write actions the statement grants, as text; undefined when none.
_granted(st) := concat(", ", sort(actions)) if {
	actions := {a.value | some a in st.actions; lib.scoped_action(a.value)}
	count(actions) > 0
} else := "every action not listed in NotAction" if {
	count(st.not_actions) > 0
	every a in st.not_actions {
		is_string(a.value)
		a.value != "*"
	}
}

# The addresses of the execution roles of the hits at each [owner root, owner address, path].
_roles[k] contains h[4] if {
	some h in _hits
	k := [h[0], h[1], h[2]]
}

# One finding per "*" resource, naming every execution role it reaches.
deny contains lib.at({"root": h[0], "address": h[1]}, h[2], msg) if {
	some h in _hits
	k := [h[0], h[1], h[2]]
	roles := _roles[k]
	msg := sprintf(`%s grants %s on every resource ("*") to the Lambda execution role %s`, [h[1], h[3], lib.address_list(roles)])
}
