# METADATA
# title: Lambda function is not tagged
# description: >-
#   Untagged functions cannot be attributed to an owner, cost center or data classification, which
#   breaks inventory, audits and tag-based access control. Practice: compliance and governance (tag
#   every function, with the keys your organization requires).
# related_resources:
#   - https://docs.aws.amazon.com/lambda/latest/dg/configuration-tags.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/guides/resource-tagging
# custom:
#   id: LMB801
#   slug: lambda-untagged
#   severity: low
#   practice: compliance and governance
#   remediation: Add tags to the function, or default_tags to its AWS provider, including every required tag key.
#   security_hub: Lambda.6
#   equivalents:
#     checkov: []
#     trivy: []
#     kics: ["e38a8e0a-b88b-4902-b3fe-b0fcb17d5c10"]
#   examples:
#     bad: |
#       resource "aws_lambda_function" "api" {
#         function_name = "orders-api"
#         role          = "arn:aws:iam::123456789012:role/orders-api-lambda"
#         runtime       = "python3.13"
#         handler       = "app.handler"
#         filename      = "build/orders-api.zip"
#       }
#     good: |
#       resource "aws_lambda_function" "api" {
#         function_name = "orders-api"
#         role          = "arn:aws:iam::123456789012:role/orders-api-lambda"
#         runtime       = "python3.13"
#         handler       = "app.handler"
#         filename      = "build/orders-api.zip"
#
#         tags = {
#           team    = "payments"
#           service = "orders"
#         }
#       }
package tfwarden.lambda.lmb801

import data.tfwarden.lib
import data.tfwarden.lib.functions
import data.tfwarden.lib.required_tags

# Own tags plus the provider's default_tags; unknown tags or default_tags never fire.
deny contains lib.at(fn, "tags", msg) if {
	some fn in functions
	msg := message(fn)
}

message(fn) := sprintf("%s has no tags (neither tags nor the provider's default_tags)", [fn.address]) if {
	lib.untagged(fn)
} else := sprintf("%s lacks required tags: %s", [fn.address, concat(", ", absent)]) if {
	count(required_tags) > 0
	not lib.tags_unknown(fn)
	keys := lib.tag_keys(fn)
	absent := [k | some k in required_tags; not keys[k]]
	count(absent) > 0
}
