# An HTTP API whose integration invokes a function of the fn module.

variable "lambda_arn" {}

resource "aws_apigatewayv2_api" "this" {
  name          = "fixture-api"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_integration" "this" {
  api_id           = aws_apigatewayv2_api.this.id
  integration_type = "AWS_PROXY"
  integration_uri  = var.lambda_arn
}

output "execution_arn" {
  value = aws_apigatewayv2_api.this.execution_arn
}
