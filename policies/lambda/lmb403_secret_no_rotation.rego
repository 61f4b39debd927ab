# METADATA
# title: Secret used by a Lambda function is never rotated
# description: >-
#   A Secrets Manager secret that a function reads (through its environment or its role's policy) and
#   that has no rotation keeps the same credential forever: a leaked value stays valid until someone
#   notices. Practice: rotate secrets (configure automatic rotation for every secret a function uses).
# related_resources:
#   - https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotating-secrets.html
#   - https://docs.aws.amazon.com/secretsmanager/latest/userguide/retrieving-secrets_lambda.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/secretsmanager_secret_rotation
# custom:
#   id: LMB403
#   slug: lambda-secret-no-rotation
#   severity: medium
#   practice: rotate secrets
#   remediation: Add an aws_secretsmanager_secret_rotation for the secret, with a rotation function and rotation_rules (for example every 30 days).
#   equivalents:
#     checkov: []
#     trivy: []
#     tfsec: []
#     kics: []
#   examples:
#     bad: |
#       resource "aws_secretsmanager_secret" "db" {
#         name       = "orders/db-password"
#         kms_key_id = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
#       }
#
#       resource "aws_lambda_function" "api" {
#         function_name = "orders-api"
#         role          = "arn:aws:iam::123456789012:role/orders-api-lambda"
#         runtime       = "python3.13"
#         handler       = "app.handler"
#         filename      = "build/orders-api.zip"
#
#         environment {
#           variables = {
#             DB_SECRET_ARN = aws_secretsmanager_secret.db.arn
#           }
#         }
#       }
#     good: |
#       resource "aws_secretsmanager_secret" "db" {
#         name       = "orders/db-password"
#         kms_key_id = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
#       }
#
#       resource "aws_secretsmanager_secret_rotation" "db" {
#         secret_id           = aws_secretsmanager_secret.db.id
#         rotation_lambda_arn = "arn:aws:lambda:eu-west-1:123456789012:function:orders-db-rotation"
#
#         rotation_rules {
#           automatically_after_days = 30
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
#         environment {
#           variables = {
#             DB_SECRET_ARN = aws_secretsmanager_secret.db.arn
#           }
#         }
#       }
package tfwarden.lambda.lmb403

import data.tfwarden.lib
import data.tfwarden.lib.functions

# [secret, function address] for each secret a function references. (Without any
# aws_secretsmanager_secret in the input there is none to look for.)
_uses contains [s, fn.address] if {
	input.index.by_type.aws_secretsmanager_secret
	some fn in functions
	some s in lib.function_secrets(fn)
}

# Function addresses by "<root>|<secret address>".
_users[k] contains h[1] if {
	some h in _uses
	k := concat("|", [h[0].root, h[0].address])
}

# The referenced secrets that are not rotated.
_unrotated contains h[0] if {
	some h in _uses
	not lib.secret_rotated(h[0])
}

# One finding per secret, at its block, naming the functions that use it.
deny contains lib.at(s, "", msg) if {
	some s in _unrotated
	k := concat("|", [s.root, s.address])
	msg := sprintf("%s is used by %s but has no aws_secretsmanager_secret_rotation", [s.address, lib.address_list(_users[k])])
}
