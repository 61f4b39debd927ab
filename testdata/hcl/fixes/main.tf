# Mechanical fixes: each finding below has one, except where the value comes from a variable.

resource "aws_lambda_function" "api" {
  function_name = "api"
  role          = "arn:aws:iam::111122223333:role/api"
  runtime       = "python3.8" # upgrade planned for Q1
  handler       = "app.handler"
  filename      = "app.zip"

  # X-Ray is off for now.
  tracing_config {
    mode = "PassThrough"
  }
}

resource "aws_lambda_function" "from_variable" {
  function_name = "from-variable"
  role          = "arn:aws:iam::111122223333:role/from-variable"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  publish       = true

  tracing_config {
    mode = var.tracing
  }
}

variable "tracing" {
  default = "PassThrough"
}

# One variable, two functions: its default serves both, so neither finding edits it.
resource "aws_lambda_function" "shared_a" {
  function_name = "shared-a"
  role          = "arn:aws:iam::111122223333:role/shared-a"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  publish       = true
  tracing_config {
    mode = var.shared_mode
  }
}

resource "aws_lambda_function" "shared_b" {
  function_name = "shared-b"
  role          = "arn:aws:iam::111122223333:role/shared-b"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  publish       = true
  tracing_config {
    mode = var.shared_mode
  }
}

variable "shared_mode" {
  default = "PassThrough"
}

resource "aws_lambda_function_url" "open" {
  function_name      = aws_lambda_function.api.function_name
  authorization_type = "NONE"
}

resource "aws_lambda_code_signing_config" "warn" {
  allowed_publishers {
    signing_profile_version_arns = ["arn:aws:signer:eu-west-1:111122223333:/signing-profiles/p/v"]
  }
}

resource "aws_cloudwatch_log_group" "api" {
  name = "/aws/lambda/api"
}

resource "aws_lambda_permission" "broad" {
  statement_id  = "AllowEvents"
  action        = "lambda:*"
  function_name = aws_lambda_function.api.function_name
  principal     = "events.amazonaws.com"
  source_arn    = "arn:aws:events:eu-west-1:111122223333:rule/nightly"
}

module "worker" {
  source = "./modules/fn"
  name   = "worker"
}
