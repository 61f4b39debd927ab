# The configuration testdata/plan/terraform/plan-roots-svc.json was planned from: a function
# that anyone may invoke.

resource "aws_lambda_function" "api" {
  function_name = "svc-api"
  role          = "arn:aws:iam::111122223333:role/svc-api"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "build/api.zip"
}

resource "aws_lambda_permission" "invoke" {
  statement_id  = "AllowEveryone"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.api.function_name
  principal     = "*"
}
