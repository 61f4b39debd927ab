# METADATA
# title: Lambda layer version is shared with every AWS account
# description: >-
#   A layer version permission with principal "*" and no organization_id lets any account pull the
#   layer's code and bake it into their functions. Practice: least privilege for the supply chain
#   (share layers only with named accounts or your organization).
# related_resources:
#   - https://docs.aws.amazon.com/lambda/latest/dg/permissions-layer-cross-account.html
# custom:
#   id: LMB605
#   slug: lambda-layer-public
#   severity: high
#   practice: least privilege, supply chain
#   remediation: Set principal to the consuming account ID, or keep "*" and set organization_id to your organization.
#   equivalents:
#     checkov: []
#     trivy: []
#     kics: []
#   examples:
#     bad: |
#       resource "aws_lambda_layer_version_permission" "shared_utils" {
#         layer_name     = "arn:aws:lambda:eu-west-1:123456789012:layer:shared-utils"
#         version_number = 7
#         statement_id   = "ShareWithAccounts"
#         action         = "lambda:GetLayerVersion"
#         principal      = "*"
#       }
#     good: |
#       resource "aws_lambda_layer_version_permission" "shared_utils" {
#         layer_name      = "arn:aws:lambda:eu-west-1:123456789012:layer:shared-utils"
#         version_number  = 7
#         statement_id    = "ShareWithOrganization"
#         action          = "lambda:GetLayerVersion"
#         principal       = "*"
#         organization_id = "o-a1b2c3d4e5"
#       }
package tfwarden.lambda.lmb605

import data.tfwarden.lib
import data.tfwarden.lib.layer_permissions

deny contains lib.at(p, "principal", msg) if {
	some p in layer_permissions
	p.values.principal == "*"
	lib.missing_attr(p, "organization_id")
	msg := sprintf("%s shares the layer with every AWS account (principal \"*\" with no organization_id)", [p.address])
}
