resource "aws_lambda_permission" "public" {
  action        = "lambda:InvokeFunction"
  function_name = "orders"
  principal     = "*" # expect: LMB301
}
