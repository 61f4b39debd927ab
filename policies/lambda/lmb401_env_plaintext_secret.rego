# METADATA
# title: Lambda environment variable holds a plaintext secret
# description: >-
#   A credential written into an environment variable ends up in the Terraform state, the plan, the
#   console and every copy of the code that reads the configuration. Practice: never hardcode secrets;
#   keep them in Secrets Manager or SSM Parameter Store and pass only their name or ARN.
# related_resources:
#   - https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html
#   - https://docs.aws.amazon.com/secretsmanager/latest/userguide/retrieving-secrets_lambda.html
# custom:
#   id: LMB401
#   slug: lambda-env-plaintext-secret
#   severity: critical
#   practice: never hardcode secrets
#   remediation: Store the secret in Secrets Manager or SSM Parameter Store (SecureString), pass its ARN or parameter name in the variable, read it at run time, and rotate the exposed credential.
#   equivalents:
#     checkov: [CKV_AWS_45]
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
#
#         environment {
#           variables = {
#             DB_HOST     = "orders.cluster-c1a2b3c4d5e6.eu-west-1.rds.amazonaws.com"
#             DB_USER     = "orders_app"
#             DB_PASSWORD = "changeme-in-prod"
#           }
#         }
#       }
#     good: |
#       resource "aws_lambda_function" "api" {
#         function_name = "orders-api"
#         role          = "arn:aws:iam::123456789012:role/orders-api-lambda"
#         runtime       = "python3.13"
#         handler       = "app.handler"
#         filename      = "build/orders-api.zip"
#
#         environment {
#           variables = {
#             DB_HOST                = "orders.cluster-c1a2b3c4d5e6.eu-west-1.rds.amazonaws.com"
#             DB_USER                = "orders_app"
#             DB_PASSWORD_SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:orders/db-password-AbCdEf"
#           }
#         }
#       }
package tfwarden.lambda.lmb401

import data.tfwarden.lib
import data.tfwarden.lib.functions

# One finding per variable; the message names the variable, never its value. An unknown value
# is null, so a string value is a known literal. Only the variables maybe_secret flags can have a
# message (it is a superset of the exact checks, tested in lib_test).
deny contains lib.at_redacted(fn, lib.env_path(name), msg) if {
	some fn in functions
	some name in lib.maybe_secret_names(fn)
	vars := lib.env_variables(fn)
	v := vars[name]
	is_string(v)
	# A value that comes from another resource, a data source or a module output is never a
	# plaintext secret, even when it resolves (a secret's name, a parameter's path).
	not lib.from_reference(fn, lib.env_path(name))
	msg := message(fn, name, v)
}

message(fn, name, v) := sprintf("%s: environment variable %s holds what looks like a plaintext credential (%s)", [fn.address, name, kind]) if {
	kind := lib.credential_kind(v)
} else := sprintf("%s: environment variable %s looks like a credential and holds a literal value", [fn.address, name]) if {
	lib.secret_literal(v)
	lib.secret_name(name)
}
