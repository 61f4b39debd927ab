resource "aws_lambda_function" "api" {
  function_name = "api"
  role          = "arn:aws:iam::111122223333:role/api"
  runtime       = "python3.8"
  handler       = "app.handler"
  filename      = "app.zip"
  publish       = false
}

resource "aws_lambda_function" "api_v2" {
  function_name = "api-v2"
  role          = "arn:aws:iam::111122223333:role/api"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
}

resource "aws_lambda_permission" "public" {
  statement_id  = "AllowAnyone"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.api.function_name
  principal     = "*"
}
