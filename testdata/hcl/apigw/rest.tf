# REST APIs (aws_api_gateway_*).

resource "aws_api_gateway_rest_api" "orders" {
  name = "orders"
}

resource "aws_api_gateway_resource" "items" {
  rest_api_id = aws_api_gateway_rest_api.orders.id
  parent_id   = aws_api_gateway_rest_api.orders.root_resource_id
  path_part   = "items"
}

resource "aws_api_gateway_authorizer" "cognito" {
  name          = "cognito"
  rest_api_id   = aws_api_gateway_rest_api.orders.id
  type          = "COGNITO_USER_POOLS"
  provider_arns = ["arn:aws:cognito-idp:eu-west-1:111122223333:userpool/eu-west-1_AbCdEfGhI"]
}

resource "aws_api_gateway_request_validator" "orders" {
  name                        = "body-and-parameters"
  rest_api_id                 = aws_api_gateway_rest_api.orders.id
  validate_request_body       = true
  validate_request_parameters = true
}

# No authorization, no API key, no validator: the integration joins by reference to the method.
resource "aws_api_gateway_method" "list_items" { # expect: LMB306
  rest_api_id   = aws_api_gateway_rest_api.orders.id
  resource_id   = aws_api_gateway_resource.items.id
  http_method   = "GET"
  authorization = "NONE" # expect: LMB304
}

resource "aws_api_gateway_integration" "list_items" {
  rest_api_id             = aws_api_gateway_rest_api.orders.id
  resource_id             = aws_api_gateway_resource.items.id
  http_method             = aws_api_gateway_method.list_items.http_method
  integration_http_method = "POST"
  type                    = "AWS_PROXY"
  uri                     = aws_lambda_function.orders.invoke_arn
}

# Cognito and a validator: clean. The integration joins by the same resource and HTTP method.
resource "aws_api_gateway_method" "create_item" {
  rest_api_id          = aws_api_gateway_rest_api.orders.id
  resource_id          = aws_api_gateway_resource.items.id
  http_method          = "POST"
  authorization        = "COGNITO_USER_POOLS"
  authorizer_id        = aws_api_gateway_authorizer.cognito.id
  request_validator_id = aws_api_gateway_request_validator.orders.id
}

resource "aws_api_gateway_integration" "create_item" {
  rest_api_id             = aws_api_gateway_rest_api.orders.id
  resource_id             = aws_api_gateway_resource.items.id
  http_method             = "POST"
  integration_http_method = "POST"
  type                    = "AWS_PROXY"
  uri                     = aws_lambda_function.orders.invoke_arn
}

# An API key instead of an authorizer counts; no validator still does not.
resource "aws_api_gateway_method" "delete_item" { # expect: LMB306
  rest_api_id      = aws_api_gateway_rest_api.orders.id
  resource_id      = aws_api_gateway_resource.items.id
  http_method      = "DELETE"
  authorization    = "NONE"
  api_key_required = true
}

resource "aws_api_gateway_integration" "delete_item" {
  rest_api_id             = aws_api_gateway_rest_api.orders.id
  resource_id             = aws_api_gateway_resource.items.id
  http_method             = aws_api_gateway_method.delete_item.http_method
  integration_http_method = "POST"
  type                    = "AWS_PROXY"
  uri                     = aws_lambda_alias.orders_live.invoke_arn
}

resource "aws_lambda_alias" "orders_live" {
  name             = "live"
  function_name    = aws_lambda_function.orders.function_name
  function_version = aws_lambda_function.orders.version
}

# CORS preflight answered by a MOCK integration: no function behind it.
resource "aws_api_gateway_method" "items_options" {
  rest_api_id   = aws_api_gateway_rest_api.orders.id
  resource_id   = aws_api_gateway_resource.items.id
  http_method   = "OPTIONS"
  authorization = "NONE"
}

resource "aws_api_gateway_integration" "items_options" {
  rest_api_id = aws_api_gateway_rest_api.orders.id
  resource_id = aws_api_gateway_resource.items.id
  http_method = aws_api_gateway_method.items_options.http_method
  type        = "MOCK"
}

# An HTTP backend, not a function: out of scope.
resource "aws_api_gateway_method" "legacy" {
  rest_api_id   = aws_api_gateway_rest_api.orders.id
  resource_id   = aws_api_gateway_rest_api.orders.root_resource_id
  http_method   = "ANY"
  authorization = "NONE"
}

resource "aws_api_gateway_integration" "legacy" {
  rest_api_id             = aws_api_gateway_rest_api.orders.id
  resource_id             = aws_api_gateway_rest_api.orders.root_resource_id
  http_method             = aws_api_gateway_method.legacy.http_method
  integration_http_method = "ANY"
  type                    = "HTTP_PROXY"
  uri                     = "https://legacy.example.com/"
}

resource "aws_api_gateway_deployment" "orders" {
  rest_api_id = aws_api_gateway_rest_api.orders.id

  lifecycle {
    create_before_destroy = true
  }
}

# Throttled by method settings that name the stage by reference.
resource "aws_api_gateway_stage" "orders_prod" {
  rest_api_id   = aws_api_gateway_rest_api.orders.id
  deployment_id = aws_api_gateway_deployment.orders.id
  stage_name    = "prod"
}

resource "aws_api_gateway_method_settings" "orders_prod" {
  rest_api_id = aws_api_gateway_rest_api.orders.id
  stage_name  = aws_api_gateway_stage.orders_prod.stage_name
  method_path = "*/*"

  settings {
    metrics_enabled        = true
    throttling_rate_limit  = 100
    throttling_burst_limit = 50
  }
}

# Throttled by method settings that name the stage by its literal name.
resource "aws_api_gateway_stage" "orders_staging" {
  rest_api_id   = aws_api_gateway_rest_api.orders.id
  deployment_id = aws_api_gateway_deployment.orders.id
  stage_name    = "staging"
}

resource "aws_api_gateway_method_settings" "orders_staging" {
  rest_api_id = aws_api_gateway_rest_api.orders.id
  stage_name  = "staging"
  method_path = "*/*"

  settings {
    throttling_rate_limit = 10
  }
}

# Method settings that only turn on metrics (and -1 means "not throttled").
resource "aws_api_gateway_stage" "orders_dev" { # expect: LMB305
  rest_api_id   = aws_api_gateway_rest_api.orders.id
  deployment_id = aws_api_gateway_deployment.orders.id
  stage_name    = "dev"
}

resource "aws_api_gateway_method_settings" "orders_dev" {
  rest_api_id = aws_api_gateway_rest_api.orders.id
  stage_name  = aws_api_gateway_stage.orders_dev.stage_name
  method_path = "*/*"

  settings {
    metrics_enabled       = true
    throttling_rate_limit = -1
  }
}

# A second REST API, throttled by a usage plan; IAM authorization and a validator.
resource "aws_api_gateway_rest_api" "internal" {
  name = "internal"
}

resource "aws_api_gateway_request_validator" "internal" {
  name                  = "body"
  rest_api_id           = aws_api_gateway_rest_api.internal.id
  validate_request_body = true
}

resource "aws_api_gateway_method" "internal_post" {
  rest_api_id          = aws_api_gateway_rest_api.internal.id
  resource_id          = aws_api_gateway_rest_api.internal.root_resource_id
  http_method          = "POST"
  authorization        = "AWS_IAM"
  request_validator_id = aws_api_gateway_request_validator.internal.id
}

resource "aws_api_gateway_integration" "internal_post" {
  rest_api_id             = aws_api_gateway_rest_api.internal.id
  resource_id             = aws_api_gateway_rest_api.internal.root_resource_id
  http_method             = aws_api_gateway_method.internal_post.http_method
  integration_http_method = "POST"
  type                    = "AWS_PROXY"
  uri                     = aws_lambda_function.internal.invoke_arn
}

resource "aws_api_gateway_deployment" "internal" {
  rest_api_id = aws_api_gateway_rest_api.internal.id
}

resource "aws_api_gateway_stage" "internal_v1" {
  rest_api_id   = aws_api_gateway_rest_api.internal.id
  deployment_id = aws_api_gateway_deployment.internal.id
  stage_name    = "v1"
}

resource "aws_api_gateway_usage_plan" "internal" {
  name = "internal-callers"

  api_stages {
    api_id = aws_api_gateway_rest_api.internal.id
    stage  = aws_api_gateway_stage.internal_v1.stage_name
  }

  throttle_settings {
    rate_limit  = 20
    burst_limit = 10
  }
}

resource "aws_lambda_permission" "orders_from_api" {
  statement_id  = "AllowOrdersApi"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.orders.function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_api_gateway_rest_api.orders.execution_arn}/*/*"
}
