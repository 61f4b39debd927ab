# METADATA
# title: API Gateway stage serving a Lambda function has no throttling
# description: >-
#   Without stage or method throttling, a burst of requests, a retry storm or a cheap denial of
#   service reaches the function unchecked, scaling it (and its bill and downstream load) up to the
#   account limits. Practice: throttling (set rate and burst limits on every stage in front of a
#   function).
# related_resources:
#   - https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html
#   - https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-throttling.html
# custom:
#   id: LMB305
#   slug: apigw-lambda-no-throttling
#   severity: medium
#   practice: throttling
#   remediation: Set throttling_rate_limit and throttling_burst_limit in an aws_api_gateway_method_settings for the stage (or throttle_settings in a usage plan for it); on an HTTP API stage, in default_route_settings.
#   equivalents:
#     checkov: []
#     trivy: []
#     tfsec: []
#     kics: []
#   examples:
#     bad: |
#       resource "aws_apigatewayv2_api" "orders" {
#         name          = "orders"
#         protocol_type = "HTTP"
#       }
#
#       resource "aws_apigatewayv2_integration" "orders" {
#         api_id                 = aws_apigatewayv2_api.orders.id
#         integration_type       = "AWS_PROXY"
#         integration_uri        = aws_lambda_function.api.invoke_arn
#         payload_format_version = "2.0"
#       }
#
#       resource "aws_apigatewayv2_stage" "prod" {
#         api_id      = aws_apigatewayv2_api.orders.id
#         name        = "prod"
#         auto_deploy = true
#       }
#
#       resource "aws_lambda_function" "api" {
#         function_name = "orders-api"
#         role          = "arn:aws:iam::123456789012:role/orders-api-lambda"
#         runtime       = "python3.13"
#         handler       = "app.handler"
#         filename      = "build/orders-api.zip"
#       }
#     good: |
#       resource "aws_apigatewayv2_api" "orders" {
#         name          = "orders"
#         protocol_type = "HTTP"
#       }
#
#       resource "aws_apigatewayv2_integration" "orders" {
#         api_id                 = aws_apigatewayv2_api.orders.id
#         integration_type       = "AWS_PROXY"
#         integration_uri        = aws_lambda_function.api.invoke_arn
#         payload_format_version = "2.0"
#       }
#
#       resource "aws_apigatewayv2_stage" "prod" {
#         api_id      = aws_apigatewayv2_api.orders.id
#         name        = "prod"
#         auto_deploy = true
#
#         default_route_settings {
#           throttling_rate_limit  = 100
#           throttling_burst_limit = 50
#         }
#       }
#
#       resource "aws_lambda_function" "api" {
#         function_name = "orders-api"
#         role          = "arn:aws:iam::123456789012:role/orders-api-lambda"
#         runtime       = "python3.13"
#         handler       = "app.handler"
#         filename      = "build/orders-api.zip"
#       }
package tfwarden.lambda.lmb305

import data.tfwarden.lib

deny contains lib.at(s, "", msg) if {
	some t in ["aws_api_gateway_stage", "aws_apigatewayv2_stage"]
	some s in lib.resources(t)
	count(lib.stage_functions(s)) > 0
	not lib.stage_throttled(s)
	not lib.stage_throttling_undecidable(s)
	msg := sprintf("%s serves a Lambda integration with no throttling: %s", [s.address, _missing[t]])
}

_missing := {
	"aws_api_gateway_stage": "no aws_api_gateway_method_settings with throttling_rate_limit/throttling_burst_limit and no usage plan with throttle_settings for this stage",
	"aws_apigatewayv2_stage": "no throttling_rate_limit/throttling_burst_limit in default_route_settings or route_settings",
}
