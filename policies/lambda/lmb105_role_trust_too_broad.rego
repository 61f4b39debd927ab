# METADATA
# title: Lambda execution role can be assumed by more than Lambda
# description: >-
#   The trust policy of a function's role decides who can obtain its credentials. A principal other
#   than the Lambda service (anyone, an account root, a user, a role, a federated identity or another
#   service) can assume the role outside the function and use its permissions directly. Practice:
#   least privilege (an execution role trusts only lambda.amazonaws.com).
# related_resources:
#   - https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html
# custom:
#   id: LMB105
#   slug: lambda-role-trust-too-broad
#   severity: high
#   practice: least privilege
#   remediation: Trust only the service principal lambda.amazonaws.com (edgelambda.amazonaws.com for Lambda@Edge) in the role's assume_role_policy; give other principals a role of their own.
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
#           Version = "2012-10-17"
#           Statement = [{
#             Effect    = "Allow"
#             Action    = "sts:AssumeRole"
#             Principal = { AWS = "arn:aws:iam::123456789012:root" }
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
#           Version = "2012-10-17"
#           Statement = [{
#             Effect    = "Allow"
#             Action    = "sts:AssumeRole"
#             Principal = { Service = "lambda.amazonaws.com" }
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
package tfwarden.lambda.lmb105

import data.tfwarden.lib
import data.tfwarden.lib.execution_roles

# The service principals an execution role may trust.
lambda_services := {"lambda.amazonaws.com", "edgelambda.amazonaws.com"}

# [owner root, owner address, principal path, principal text, role address] for each principal of
# an Allow statement of an execution role's trust policy that is not the Lambda service.
_hits contains [st.owner.root, st.owner.address, p.path, what, role.address] if {
	some role in execution_roles
	some st in _statements(role)
	st.effect == "Allow"
	some p in st.principals
	what := _foreign(p)
}

# The trust statements of role that can name a foreign principal: none when the policy is JSON
# text (referring to nothing) that is not one of _foreign_texts, else all of them.
_statements(role) := [] if {
	not role.references.assume_role_policy
	text := role.values.assume_role_policy
	is_string(text)
	not text in _foreign_texts
} else := lib.statements(role, "assume_role_policy")

# The distinct JSON trust policies of execution roles (most roles share a few texts, each tested
# once).
_texts := {text |
	some role in execution_roles
	text := role.values.assume_role_policy
	is_string(text)
}

# The texts with an Allow statement whose Principal is not the Lambda service alone.
_foreign_texts contains text if {
	some text in _texts
	some [_, st] in lib.text_raw_statements(text)
	st.Effect == "Allow"
	not st.Principal in _lambda_principals
}

# Principal values that name the Lambda service and nothing else.
_lambda_principals := {
	{"Service": "lambda.amazonaws.com"},
	{"Service": ["lambda.amazonaws.com"]},
	{"Service": "edgelambda.amazonaws.com"},
	{"Service": ["edgelambda.amazonaws.com"]},
	{"Service": ["lambda.amazonaws.com", "edgelambda.amazonaws.com"]},
	{"Service": ["edgelambda.amazonaws.com", "lambda.amazonaws.com"]},
}

# A principal that is not the Lambda service, described; undefined for the Lambda service and for
# a principal whose type, or whose Service name, is unknown. Any other type can never be the
# Lambda service, so it counts even when its identifier is unknown.
_foreign(p) := `anyone ("*")` if {
	p.type == "*"
} else := `anyone ("*")` if {
	p.value == "*"
} else := sprintf("the service %s", [p.value]) if {
	p.type == "Service"
	is_string(p.value)
	service := lower(p.value)
	not lambda_services[service]
} else := sprintf("the %s principal %s", [p.type, p.value]) if {
	is_string(p.type)
	p.type != "Service"
	is_string(p.value)
} else := sprintf("a principal of type %s (its identifier is unknown at scan time)", [p.type]) if {
	is_string(p.type)
	p.type != "Service"
}

# The addresses of the execution roles of the hits at each [owner root, owner address, path].
_roles[k] contains h[4] if {
	some h in _hits
	k := [h[0], h[1], h[2]]
}

# One finding per principal, naming every execution role that trusts it.
deny contains lib.at({"root": h[0], "address": h[1]}, h[2], msg) if {
	some h in _hits
	k := [h[0], h[1], h[2]]
	roles := _roles[k]
	msg := sprintf("%s lets %s assume the Lambda execution role %s", [h[1], h[3], lib.address_list(roles)])
}
