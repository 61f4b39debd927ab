locals {
  runtimes = ["python3.12", "python3.12", "python3.7"]
}

# Three shards; only the last one runs a deprecated runtime.
resource "aws_lambda_function" "shard" {
  count = length(local.runtimes)

  function_name                  = "shard-${count.index}"
  role                           = aws_iam_role.shard[count.index].arn
  runtime                        = local.runtimes[count.index]
  handler                        = "main.handler"
  filename                       = "build.zip"
  publish                        = true
  reserved_concurrent_executions = 5
  code_signing_config_arn        = "arn:aws:lambda:eu-west-1:123456789012:code-signing-config:csc-1"

  vpc_config {
    subnet_ids         = ["subnet-a", "subnet-b"]
    security_group_ids = ["sg-1"]
  }

  tracing_config {
    mode = var.tracing_mode
  }

  dead_letter_config {
    target_arn = "arn:aws:sqs:eu-west-1:123456789012:dlq"
  }

  tags = { team = "dev" }
}

resource "aws_iam_role" "shard" {
  count = length(local.runtimes)
  name  = "shard-${count.index}"
  assume_role_policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }]
  })
}

# The module is disabled in dev: count = 0 creates no instance, so nothing is reported for it.
module "disabled" {
  source = "../../modules/function"
  count  = 0

  name                    = "disabled"
  stage                   = "dev"
  runtime                 = "python2.7"
  code_signing_config_arn = null
  kms_key_arn             = null
  subnet_ids              = []
  security_group_ids      = []
  dlq_arn                 = null
}

# for_each over a value only known after apply: evaluated once, its instance values unknown.
resource "aws_lambda_function" "dynamic" {
  for_each = toset(var.function_names)

  function_name                  = each.key
  role                           = "arn:aws:iam::123456789012:role/dynamic-${each.key}"
  runtime                        = "python3.12"
  handler                        = "main.handler"
  filename                       = "build.zip"
  publish                        = true
  reserved_concurrent_executions = 5
  code_signing_config_arn        = "arn:aws:lambda:eu-west-1:123456789012:code-signing-config:csc-1"
  tracing_config {
    mode = "Active"
  }
  vpc_config {
    subnet_ids         = ["subnet-a", "subnet-b"]
    security_group_ids = ["sg-1"]
  }
  dead_letter_config {
    target_arn = "arn:aws:sqs:eu-west-1:123456789012:dlq"
  }
  tags = { team = "dev" }
}

variable "tracing_mode" {}
variable "function_names" { type = list(string) }
