output "api_endpoint" {
  description = "Base URL of the orders HTTP API."
  value       = aws_apigatewayv2_stage.default.invoke_url
}

output "function_url" {
  description = "IAM-authenticated function URL of orders-api (live alias)."
  value       = aws_lambda_function_url.api.function_url
}
