# HTTP and WebSocket APIs (aws_apigatewayv2_*).

resource "aws_apigatewayv2_api" "public" {
  name          = "public"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_integration" "public" {
  api_id                 = aws_apigatewayv2_api.public.id
  integration_type       = "AWS_PROXY"
  integration_uri        = aws_lambda_function.public.invoke_arn
  payload_format_version = "2.0"
}

resource "aws_apigatewayv2_authorizer" "public" {
  api_id           = aws_apigatewayv2_api.public.id
  authorizer_type  = "JWT"
  identity_sources = ["$request.header.Authorization"]
  name             = "cognito"

  jwt_configuration {
    audience = ["public-web"]
    issuer   = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEfGhI"
  }
}

# No authorization_type: the default is NONE.
resource "aws_apigatewayv2_route" "public_list" { # expect: LMB304
  api_id    = aws_apigatewayv2_api.public.id
  route_key = "GET /orders"
  target    = "integrations/${aws_apigatewayv2_integration.public.id}"
}

resource "aws_apigatewayv2_route" "public_create" {
  api_id             = aws_apigatewayv2_api.public.id
  route_key          = "POST /orders"
  target             = "integrations/${aws_apigatewayv2_integration.public.id}"
  authorization_type = "NONE" # expect: LMB304
}

resource "aws_apigatewayv2_route" "public_delete" {
  api_id             = aws_apigatewayv2_api.public.id
  route_key          = "DELETE /orders/{id}"
  target             = "integrations/${aws_apigatewayv2_integration.public.id}"
  authorization_type = "JWT"
  authorizer_id      = aws_apigatewayv2_authorizer.public.id
}

# Access logs and metrics, but no throttling.
resource "aws_apigatewayv2_stage" "public" { # expect: LMB305
  api_id      = aws_apigatewayv2_api.public.id
  name        = "$default"
  auto_deploy = true

  default_route_settings {
    detailed_metrics_enabled = true
  }
}

resource "aws_apigatewayv2_api" "partner" {
  name          = "partner"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_integration" "partner" {
  api_id                 = aws_apigatewayv2_api.partner.id
  integration_type       = "AWS_PROXY"
  integration_uri        = aws_lambda_function.partner.invoke_arn
  payload_format_version = "2.0"
}

resource "aws_apigatewayv2_route" "partner" {
  api_id             = aws_apigatewayv2_api.partner.id
  route_key          = "ANY /partner/{proxy+}"
  target             = "integrations/${aws_apigatewayv2_integration.partner.id}"
  authorization_type = "AWS_IAM"
}

resource "aws_apigatewayv2_stage" "partner" {
  api_id      = aws_apigatewayv2_api.partner.id
  name        = "$default"
  auto_deploy = true

  default_route_settings {
    throttling_rate_limit  = 50
    throttling_burst_limit = 20
  }
}

# WebSocket routes after $connect carry no authorization of their own: out of LMB304's scope.
resource "aws_apigatewayv2_api" "chat" {
  name                       = "chat"
  protocol_type              = "WEBSOCKET"
  route_selection_expression = "$request.body.action"
}

resource "aws_apigatewayv2_integration" "chat" {
  api_id           = aws_apigatewayv2_api.chat.id
  integration_type = "AWS_PROXY"
  integration_uri  = aws_lambda_function.chat.invoke_arn
}

resource "aws_apigatewayv2_route" "chat_message" {
  api_id    = aws_apigatewayv2_api.chat.id
  route_key = "sendmessage"
  target    = "integrations/${aws_apigatewayv2_integration.chat.id}"
}

resource "aws_apigatewayv2_stage" "chat" {
  api_id = aws_apigatewayv2_api.chat.id
  name   = "live"

  route_settings {
    route_key              = "sendmessage"
    throttling_rate_limit  = 10
    throttling_burst_limit = 5
  }
}
