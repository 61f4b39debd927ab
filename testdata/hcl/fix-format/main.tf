# Fixes leave terraform fmt nothing to do: a new argument joins the arguments before the nested
# blocks, and the `=` of its run of single-line arguments is aligned again (tests/fix.rs).

resource "aws_lambda_function" "tags_last" {
  function_name = "tags-last"
  role          = "arn:aws:iam::111122223333:role/tags-last"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  tags = {
    team = "payments"
  }

  tracing_config {
    mode = "Active"
  }
}

resource "aws_lambda_function" "blocks_first" {
  tracing_config {
    mode = "PassThrough"
  }

  function_name = "blocks-first"
  role          = "arn:aws:iam::111122223333:role/blocks-first"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  tags          = { team = "payments" }
}

resource "aws_cloudwatch_log_group" "commented" {
  name         = "/aws/lambda/tags-last" # the function's group
  skip_destroy = true                    # kept when the stack goes
}
