# METADATA
# title: API Gateway route to a Lambda function has no authorization
# description: >-
#   A REST API method with authorization "NONE" and no API key, or an HTTP API route with no
#   authorizer, lets anyone who can reach the endpoint invoke the function behind it. Practice: API
#   authorization (put an IAM, Cognito, JWT or Lambda authorizer in front of every function
#   integration).
# related_resources:
#   - https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-control-access-to-api.html
#   - https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-access-control.html
# custom:
#   id: LMB304
#   slug: apigw-lambda-no-auth
#   severity: high
#   practice: API authorization
#   remediation: Set authorization to AWS_IAM, COGNITO_USER_POOLS or CUSTOM with an authorizer_id (REST API), or authorization_type to AWS_IAM, JWT or CUSTOM with an authorizer_id (HTTP API route).
#   equivalents:
#     checkov: [CKV_AWS_59]
#     trivy: [AVD-AWS-0004]
#     tfsec: [aws-api-gateway-no-public-access]
#     kics: ["671211c5-5d2a-4e97-8867-30fc28b02216"]
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
#       resource "aws_apigatewayv2_route" "list" {
#         api_id    = aws_apigatewayv2_api.orders.id
#         route_key = "GET /orders"
#         target    = "integrations/${aws_apigatewayv2_integration.orders.id}"
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
#       resource "aws_apigatewayv2_authorizer" "cognito" {
#         api_id           = aws_apigatewayv2_api.orders.id
#         authorizer_type  = "JWT"
#         identity_sources = ["$request.header.Authorization"]
#         name             = "cognito"
#
#         jwt_configuration {
#           audience = ["orders-web"]
#           issuer   = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEfGhI"
#         }
#       }
#
#       resource "aws_apigatewayv2_integration" "orders" {
#         api_id                 = aws_apigatewayv2_api.orders.id
#         integration_type       = "AWS_PROXY"
#         integration_uri        = aws_lambda_function.api.invoke_arn
#         payload_format_version = "2.0"
#       }
#
#       resource "aws_apigatewayv2_route" "list" {
#         api_id             = aws_apigatewayv2_api.orders.id
#         route_key          = "GET /orders"
#         target             = "integrations/${aws_apigatewayv2_integration.orders.id}"
#         authorization_type = "JWT"
#         authorizer_id      = aws_apigatewayv2_authorizer.cognito.id
#       }
#
#       resource "aws_lambda_function" "api" {
#         function_name = "orders-api"
#         role          = "arn:aws:iam::123456789012:role/orders-api-lambda"
#         runtime       = "python3.13"
#         handler       = "app.handler"
#         filename      = "build/orders-api.zip"
#       }
package tfwarden.lambda.lmb304

import data.tfwarden.lib

# REST API: authorization "NONE" and no api_key_required = true.
deny contains lib.at(m, "authorization", msg) if {
	some m in lib.resources("aws_api_gateway_method")
	_none(m.values.authorization)
	not _api_key_required(m)
	count(lib.method_functions(m)) > 0
	msg := sprintf("%s invokes a Lambda function with no authorization and no API key: anyone who reaches the API can call it", [m.address])
}

# HTTP API: no authorization_type (the default is NONE) or "NONE".
deny contains lib.at(rt, "authorization_type", msg) if {
	some rt in lib.resources("aws_apigatewayv2_route")
	_route_unauthorized(rt)
	lib.http_api_route(rt)
	count(lib.route_functions(rt)) > 0
	msg := sprintf("%s invokes a Lambda function with no authorizer: anyone who reaches the API can call it", [rt.address])
}

_none(v) if {
	is_string(v)
	upper(v) == "NONE"
}

_api_key_required(m) if m.values.api_key_required in {true, "true"}

_api_key_required(m) if "api_key_required" in m.unknown

_route_unauthorized(rt) if _none(rt.values.authorization_type)

_route_unauthorized(rt) if lib.missing_attr(rt, "authorization_type")
