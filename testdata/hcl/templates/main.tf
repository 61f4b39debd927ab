# File functions as Terraform runs them: a relative path starts at the root module's directory
# (where `terraform plan` runs), `path.module` is the module's path from there, and nothing
# outside the configuration's directories is read. `# expect:` as in the other fixture trees.

resource "aws_iam_role" "worker" {
  name               = "templates-worker"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }] })
}

# The policy text comes from a template next to this file: every action on every resource.
resource "aws_iam_role_policy" "worker" {
  role   = aws_iam_role.worker.id
  policy = templatefile("policies/worker.json.tftpl", { actions = ["*"], resource = "*" }) # expect: LMB102
}

# A module reads its own template through path.module.
module "reader" {
  source = "./modules/role"
  name   = "templates-reader"
}

resource "aws_lambda_function" "worker" {
  function_name                  = "templates-worker"
  role                           = aws_iam_role.worker.arn
  runtime                        = "python3.13"
  handler                        = "app.handler"
  filename                       = "build/worker.zip"
  publish                        = true
  code_signing_config_arn        = "arn:aws:lambda:eu-west-1:111122223333:code-signing-config:csc-0123456789abcdef0"
  reserved_concurrent_executions = 10
  # Outside the configuration: not read, so unknown (no finding, no error).
  description = file("../../../../../etc/hostname")

  tracing_config {
    mode = "Active"
  }

  vpc_config {
    subnet_ids         = ["subnet-0a1b2c3d4e5f60718", "subnet-0b2c3d4e5f6071829"]
    security_group_ids = ["sg-0123456789abcdef0"]
  }

  dead_letter_config {
    target_arn = "arn:aws:sqs:eu-west-1:111122223333:lambda-dead-letters"
  }

  tags = { team = "platform" }
}

resource "aws_lambda_function" "reader" {
  function_name                  = "templates-reader"
  role                           = module.reader.arn
  runtime                        = "python3.13"
  handler                        = "app.handler"
  filename                       = "build/reader.zip"
  publish                        = true
  code_signing_config_arn        = "arn:aws:lambda:eu-west-1:111122223333:code-signing-config:csc-0123456789abcdef0"
  reserved_concurrent_executions = 10

  tracing_config {
    mode = "Active"
  }

  vpc_config {
    subnet_ids         = ["subnet-0a1b2c3d4e5f60718", "subnet-0b2c3d4e5f6071829"]
    security_group_ids = ["sg-0123456789abcdef0"]
  }

  dead_letter_config {
    target_arn = "arn:aws:sqs:eu-west-1:111122223333:lambda-dead-letters"
  }

  tags = { team = "platform" }
}

resource "aws_cloudwatch_log_group" "worker" {
  name              = "/aws/lambda/templates-worker"
  retention_in_days = 90
  kms_key_id        = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}

resource "aws_cloudwatch_log_group" "reader" {
  name              = "/aws/lambda/templates-reader"
  retention_in_days = 90
  kms_key_id        = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}

resource "aws_cloudwatch_metric_alarm" "errors" {
  for_each            = toset(["templates-worker", "templates-reader"])
  alarm_name          = "${each.key}-errors"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = ["arn:aws:sns:eu-west-1:111122223333:oncall"]
  dimensions          = { FunctionName = each.key }
}
