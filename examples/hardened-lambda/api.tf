# How the functions are reached: an HTTP API with a JWT authorizer and throttling, an
# IAM-authenticated function URL for internal callers, and permissions scoped to their source.

resource "aws_apigatewayv2_api" "orders" {
  name          = "orders"
  description   = "Public orders API"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_authorizer" "cognito" {
  api_id           = aws_apigatewayv2_api.orders.id
  name             = "cognito"
  authorizer_type  = "JWT"
  identity_sources = ["$request.header.Authorization"]

  jwt_configuration {
    audience = [var.cognito_client_id]
    issuer   = "https://cognito-idp.${var.region}.amazonaws.com/${var.cognito_user_pool_id}"
  }
}

resource "aws_apigatewayv2_integration" "api" {
  api_id                 = aws_apigatewayv2_api.orders.id
  integration_type       = "AWS_PROXY"
  integration_uri        = aws_lambda_alias.api_live.invoke_arn
  payload_format_version = "2.0"
  timeout_milliseconds   = 29000
}

resource "aws_apigatewayv2_route" "orders" {
  for_each = toset(["GET /orders", "POST /orders", "GET /orders/{id}"])

  api_id             = aws_apigatewayv2_api.orders.id
  route_key          = each.key
  target             = "integrations/${aws_apigatewayv2_integration.api.id}"
  authorization_type = "JWT"
  authorizer_id      = aws_apigatewayv2_authorizer.cognito.id
}

resource "aws_apigatewayv2_stage" "default" {
  api_id      = aws_apigatewayv2_api.orders.id
  name        = "$default"
  auto_deploy = true

  default_route_settings {
    throttling_burst_limit   = 100
    throttling_rate_limit    = 50
    detailed_metrics_enabled = true
  }

  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.api_access.arn
    format = jsonencode({
      requestId = "$context.requestId"
      ip        = "$context.identity.sourceIp"
      route     = "$context.routeKey"
      status    = "$context.status"
      latency   = "$context.integrationLatency"
    })
  }
}

resource "aws_cloudwatch_log_group" "api_access" {
  name              = "/aws/apigateway/orders"
  retention_in_days = 90
  kms_key_id        = aws_kms_key.logs.arn
}

resource "aws_lambda_permission" "apigw" {
  statement_id  = "AllowOrdersHttpApi"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.api.function_name
  qualifier     = aws_lambda_alias.api_live.name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_apigatewayv2_api.orders.execution_arn}/*/*"
}

# Internal callers (other services' roles) sign their requests with SigV4.
resource "aws_lambda_function_url" "api" {
  function_name      = aws_lambda_function.api.function_name
  qualifier          = aws_lambda_alias.api_live.name
  authorization_type = "AWS_IAM"

  cors {
    allow_credentials = true
    allow_origins     = ["https://orders.example.com", "https://admin.example.com"]
    allow_methods     = ["GET", "POST"]
    allow_headers     = ["content-type", "x-request-id"]
    max_age           = 3600
  }
}

# S3 may invoke the worker only for our uploads bucket, in our account.
resource "aws_lambda_permission" "s3_uploads" {
  statement_id   = "AllowS3Uploads"
  action         = "lambda:InvokeFunction"
  function_name  = aws_lambda_function.worker.function_name
  qualifier      = aws_lambda_alias.worker_live.name
  principal      = "s3.amazonaws.com"
  source_arn     = aws_s3_bucket.uploads.arn
  source_account = data.aws_caller_identity.current.account_id
}
