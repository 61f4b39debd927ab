# METADATA
# title: Lambda function URL has no authentication
# description: >-
#   A function URL with authorization_type "NONE" is a public HTTPS endpoint anyone can call.
#   Practice: API authorization (require IAM auth on the URL, or front it with an authorizer).
# related_resources:
#   - https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html
# custom:
#   id: LMB303
#   slug: lambda-url-no-auth
#   severity: high
#   practice: API authorization
#   remediation: Set authorization_type = "AWS_IAM", or serve the function through API Gateway with an authorizer.
#   fix:
#     applicability: unsafe
#     set:
#       authorization_type: AWS_IAM
#   equivalents:
#     checkov: [CKV_AWS_258]
#     trivy: []
#     kics: []
#   examples:
#     bad: |
#       resource "aws_lambda_function_url" "api" {
#         function_name      = "orders-api"
#         authorization_type = "NONE"
#         invoke_mode        = "BUFFERED"
#       }
#     good: |
#       resource "aws_lambda_function_url" "api" {
#         function_name      = "orders-api"
#         authorization_type = "AWS_IAM"
#         invoke_mode        = "BUFFERED"
#       }
package tfwarden.lambda.lmb303

import data.tfwarden.lib
import data.tfwarden.lib.function_urls

deny contains lib.at(url, "authorization_type", msg) if {
	some url in function_urls
	url.values.authorization_type == "NONE"
	msg := sprintf("%s has authorization_type \"NONE\": anyone can invoke the function over HTTPS", [url.address])
}
