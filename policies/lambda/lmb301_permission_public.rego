# METADATA
# title: Lambda permission lets anyone invoke the function
# description: >-
#   A resource-based permission with principal "*" and no principal_org_id lets every AWS account
#   (and, for function URLs, everyone) call the function. Practice: least privilege (grant invoke
#   rights to named principals only).
# related_resources:
#   - https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html
# custom:
#   id: LMB301
#   slug: lambda-permission-public
#   severity: critical
#   practice: least privilege
#   remediation: Set principal to the specific account, role or service that invokes the function, or restrict "*" with principal_org_id.
#   security_hub: Lambda.1
#   equivalents:
#     checkov: [CKV_AWS_301]
#     trivy: []
#     kics: []
#   examples:
#     bad: |
#       resource "aws_lambda_permission" "partner_invoke" {
#         statement_id  = "AllowPartnerInvoke"
#         action        = "lambda:InvokeFunction"
#         function_name = "orders-api"
#         principal     = "*"
#       }
#     good: |
#       resource "aws_lambda_permission" "partner_invoke" {
#         statement_id  = "AllowPartnerInvoke"
#         action        = "lambda:InvokeFunction"
#         function_name = "orders-api"
#         principal     = "111122223333"
#       }
package tfwarden.lambda.lmb301

import data.tfwarden.lib
import data.tfwarden.lib.permissions

deny contains lib.at(p, "principal", msg) if {
	some p in permissions
	p.values.principal == "*"
	lib.missing_attr(p, "principal_org_id")
	msg := sprintf("%s lets any principal invoke the function (principal \"*\" with no principal_org_id)", [p.address])
}
