# Another deployment that happens to use the same addresses, with its own suppression: it must
# never lend its locations or suppressions to svc's plan.

resource "aws_lambda_function" "api" {
  function_name = "other-api"
  role          = "arn:aws:iam::111122223333:role/other-api"
  runtime       = "nodejs22.x"
  handler       = "index.handler"
  filename      = "build/other.zip"
}

# tfwarden:ignore LMB301 reason="a public webhook, reviewed in SEC-40"
resource "aws_lambda_permission" "invoke" {
  statement_id  = "AllowWebhook"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.api.function_name
  principal     = "*"
}
