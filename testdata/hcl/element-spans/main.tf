# Element spans through expressions: a finding about one element written inside merge(),
# concat(), a conditional's chosen branch or a for expression points at that element's line,
# not at the attribute. `# expect: ID[, ID]` as in the other fixture trees.

variable "production" {
  default = true
}

locals {
  common   = { STAGE = "prod", REGION = "eu-west-1" }
  own      = ["arn:aws:lambda:eu-west-1:111122223333:layer:own:3"]
  logs_key = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  oncall   = "arn:aws:sns:eu-west-1:111122223333:oncall"
  tags     = { team = "platform", service = "fixtures" }
}

resource "aws_lambda_function" "merged" {
  function_name                  = "spans-merged"
  role                           = "arn:aws:iam::111122223333:role/spans-merged"
  runtime                        = "python3.13"
  handler                        = "app.handler"
  filename                       = "build/merged.zip"
  publish                        = true
  code_signing_config_arn        = "arn:aws:lambda:eu-west-1:111122223333:code-signing-config:csc-0123456789abcdef0"
  reserved_concurrent_executions = 10
  kms_key_arn                    = local.logs_key
  layers = concat(local.own, [ # expect: LMB604
    "arn:aws:lambda:eu-west-1:111122223333:layer:own-tools:1", # expect: LMB604
    "arn:aws:lambda:eu-west-1:999988887777:layer:vendor:7", # expect: LMB604
  ])

  environment {
    variables = merge(local.common, {
      LOG_LEVEL     = "info"
      SMTP_PASSWORD = "Sup3r-s3cret-smtp-pass!" # expect: LMB401
      }, var.production ? {
      DB_PASSWORD = "pr0d-db-pass-do-not-commit" # expect: LMB401
      } : {
      DB_PASSWORD = "dev-db-pass-also-bad"
    })
  }

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

  tags = local.tags
}

resource "aws_cloudwatch_log_group" "merged" {
  name              = "/aws/lambda/spans-merged"
  retention_in_days = 90
  kms_key_id        = local.logs_key
}

resource "aws_cloudwatch_metric_alarm" "merged_errors" {
  alarm_name          = "spans-merged-errors"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = [local.oncall]
  dimensions          = { FunctionName = aws_lambda_function.merged.function_name }
}

# An element that arrives through a local stays located at the attribute that uses it; the
# elements of a for expression are located at its value expression.
locals {
  secrets = { API_TOKEN = "tok_live_0123456789abcdefghij" }
}

resource "aws_lambda_function" "through_local" {
  function_name                  = "spans-local"
  role                           = "arn:aws:iam::111122223333:role/spans-local"
  runtime                        = "python3.13"
  handler                        = "app.handler"
  filename                       = "build/local.zip"
  publish                        = true
  layers = [
    for v in ["vendor:7", "vendor-extras:2"] :
    "arn:aws:lambda:eu-west-1:999988887777:layer:${v}" # expect: LMB604
  ]
  code_signing_config_arn        = "arn:aws:lambda:eu-west-1:111122223333:code-signing-config:csc-0123456789abcdef0"
  reserved_concurrent_executions = 10
  kms_key_arn                    = local.logs_key

  environment {
    variables = merge(local.common, local.secrets) # expect: LMB401
  }

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

  tags = local.tags
}

resource "aws_cloudwatch_log_group" "through_local" {
  name              = "/aws/lambda/spans-local"
  retention_in_days = 90
  kms_key_id        = local.logs_key
}

resource "aws_cloudwatch_metric_alarm" "through_local_errors" {
  alarm_name          = "spans-local-errors"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = [local.oncall]
  dimensions          = { FunctionName = aws_lambda_function.through_local.function_name }
}
