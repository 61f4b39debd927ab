# METADATA
# title: API Gateway method to a Lambda function does not validate requests
# description: >-
#   A REST API method with no request validator passes any body, query string and headers to the
#   function, which then parses untrusted input on its own and pays for every malformed request.
#   Practice: input validation (reject malformed requests at the API with a request validator and
#   models before they reach the function).
# related_resources:
#   - https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-method-request-validation.html
# custom:
#   id: LMB306
#   slug: apigw-lambda-no-validation
#   severity: low
#   practice: input validation
#   remediation: Create an aws_api_gateway_request_validator (validate_request_body and/or validate_request_parameters) and set request_validator_id on the method, with request_models or request_parameters describing valid input.
#   equivalents:
#     checkov: []
#     trivy: []
#     tfsec: []
#     kics: []
#   examples:
#     bad: |
#       resource "aws_api_gateway_rest_api" "orders" {
#         name = "orders"
#       }
#
#       resource "aws_api_gateway_method" "create" {
#         rest_api_id   = aws_api_gateway_rest_api.orders.id
#         resource_id   = aws_api_gateway_rest_api.orders.root_resource_id
#         http_method   = "POST"
#         authorization = "AWS_IAM"
#       }
#
#       resource "aws_api_gateway_integration" "create" {
#         rest_api_id             = aws_api_gateway_rest_api.orders.id
#         resource_id             = aws_api_gateway_rest_api.orders.root_resource_id
#         http_method             = aws_api_gateway_method.create.http_method
#         integration_http_method = "POST"
#         type                    = "AWS_PROXY"
#         uri                     = aws_lambda_function.api.invoke_arn
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
#       resource "aws_api_gateway_rest_api" "orders" {
#         name = "orders"
#       }
#
#       resource "aws_api_gateway_request_validator" "body" {
#         name                  = "body"
#         rest_api_id           = aws_api_gateway_rest_api.orders.id
#         validate_request_body = true
#       }
#
#       resource "aws_api_gateway_method" "create" {
#         rest_api_id          = aws_api_gateway_rest_api.orders.id
#         resource_id          = aws_api_gateway_rest_api.orders.root_resource_id
#         http_method          = "POST"
#         authorization        = "AWS_IAM"
#         request_validator_id = aws_api_gateway_request_validator.body.id
#         request_models = {
#           "application/json" = "OrderInput"
#         }
#       }
#
#       resource "aws_api_gateway_integration" "create" {
#         rest_api_id             = aws_api_gateway_rest_api.orders.id
#         resource_id             = aws_api_gateway_rest_api.orders.root_resource_id
#         http_method             = aws_api_gateway_method.create.http_method
#         integration_http_method = "POST"
#         type                    = "AWS_PROXY"
#         uri                     = aws_lambda_function.api.invoke_arn
#       }
#
#       resource "aws_lambda_function" "api" {
#         function_name = "orders-api"
#         role          = "arn:aws:iam::123456789012:role/orders-api-lambda"
#         runtime       = "python3.13"
#         handler       = "app.handler"
#         filename      = "build/orders-api.zip"
#       }
package tfwarden.lambda.lmb306

import data.tfwarden.lib

deny contains lib.at(m, "request_validator_id", msg) if {
	some m in lib.resources("aws_api_gateway_method")
	lib.missing_attr(m, "request_validator_id")
	count(lib.method_functions(m)) > 0
	msg := sprintf("%s passes requests to a Lambda function without a request validator", [m.address])
}
