output "api_endpoint" {
  description = "Base URL of the orders HTTP API."
  value       = aws_apigatewayv2_stage.default.invoke_url
}

output "function_url" {
  description = "Public function URL of orders-api."
  value       = aws_lambda_function_url.api.function_url
}
