# METADATA
# title: Lambda function URL allows CORS requests from any origin
# description: >-
#   A function URL whose cors.allow_origins contains "*" lets scripts on any website call it from a
#   visitor's browser. Practice: limit API exposure (allow only the origins that serve your front end).
# related_resources:
#   - https://docs.aws.amazon.com/lambda/latest/dg/urls-configuration.html#urls-cors
# custom:
#   id: LMB307
#   slug: lambda-url-cors-wildcard
#   severity: medium
#   practice: API exposure
#   remediation: Replace "*" in cors.allow_origins with the exact origins (https://app.example.com) that call the URL.
#   equivalents:
#     checkov: [CKV2_AWS_75]
#     trivy: []
#     kics: []
#   examples:
#     bad: |
#       resource "aws_lambda_function_url" "api" {
#         function_name      = "orders-api"
#         authorization_type = "AWS_IAM"
#
#         cors {
#           allow_origins = ["*"]
#           allow_methods = ["GET", "POST"]
#           max_age       = 3600
#         }
#       }
#     good: |
#       resource "aws_lambda_function_url" "api" {
#         function_name      = "orders-api"
#         authorization_type = "AWS_IAM"
#
#         cors {
#           allow_origins = ["https://app.example.com"]
#           allow_methods = ["GET", "POST"]
#           max_age       = 3600
#         }
#       }
package tfwarden.lambda.lmb307

import data.tfwarden.lib
import data.tfwarden.lib.function_urls

deny contains lib.at(url, sprintf("cors.0.allow_origins.%d", [i]), msg) if {
	some url in function_urls
	origins := url.values.cors[0].allow_origins
	is_array(origins)
	some i, origin in origins
	origin == "*"
	msg := sprintf("%s allows CORS requests from any origin (\"*\")", [url.address])
}
