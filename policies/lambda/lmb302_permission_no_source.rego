# METADATA
# title: Lambda permission for an AWS service has no source condition
# description: >-
#   A service principal with no source_arn (and, for S3, no source_account) lets that service invoke
#   the function on behalf of any account's resource. Practice: prevent the confused deputy problem
#   by scoping service permissions to your own source resource and account.
# related_resources:
#   - https://docs.aws.amazon.com/lambda/latest/dg/permissions-function-services.html
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html
# custom:
#   id: LMB302
#   slug: lambda-permission-no-source
#   severity: medium
#   practice: confused deputy prevention
#   remediation: Set source_arn to the ARN of the invoking resource (and source_account for s3.amazonaws.com).
#   equivalents:
#     checkov: [CKV_AWS_364]
#     trivy: [AVD-AWS-0067]
#     tfsec: [aws-lambda-restrict-source-arn]
#     kics: []
#   examples:
#     bad: |
#       resource "aws_lambda_permission" "s3_upload" {
#         statement_id  = "AllowS3Invoke"
#         action        = "lambda:InvokeFunction"
#         function_name = "thumbnailer"
#         principal     = "s3.amazonaws.com"
#       }
#     good: |
#       resource "aws_lambda_permission" "s3_upload" {
#         statement_id   = "AllowS3Invoke"
#         action         = "lambda:InvokeFunction"
#         function_name  = "thumbnailer"
#         principal      = "s3.amazonaws.com"
#         source_arn     = "arn:aws:s3:::acme-photo-uploads"
#         source_account = "123456789012"
#       }
package tfwarden.lambda.lmb302

import data.tfwarden.lib
import data.tfwarden.lib.permissions

# One finding per permission, at the first missing condition (source_arn before source_account).
deny contains lib.at(p, absent[0], msg) if {
	some p in permissions
	principal := p.values.principal
	lib.service_principal(principal)
	absent := [f | some f in conditions(principal); lib.missing_attr(p, f)]
	count(absent) > 0
	msg := sprintf("%s lets %s invoke the function without %s, so any account's resource can trigger it", [p.address, principal, concat(" and ", absent)])
}

# The source conditions a service principal needs: S3 bucket ARNs carry no account ID.
conditions(principal) := ["source_arn", "source_account"] if {
	principal == "s3.amazonaws.com"
} else := ["source_arn"]
