variable "name" {}

# The module's function: the fix goes into this file, for every caller.
resource "aws_lambda_function" "this" {
  function_name = var.name
  role          = "arn:aws:iam::111122223333:role/${var.name}"
  runtime       = "nodejs24.x"
  handler       = "index.handler"
  filename      = "${path.module}/build.zip"
  publish       = true
}
