# LMB105: execution roles that more than the Lambda service can assume.

resource "aws_iam_role" "trust_account" {
  name = "iam-trust-account"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Action    = "sts:AssumeRole"
        Principal = { Service = "lambda.amazonaws.com" }
      },
      {
        Effect = "Allow"
        Action = "sts:AssumeRole"
        Principal = {
          AWS = "arn:aws:iam::111122223333:root" # expect: LMB105
        }
      },
    ]
  })
}

resource "aws_lambda_function" "trust_account" {
  function_name                  = "iam-trust-account"
  role                           = aws_iam_role.trust_account.arn
  runtime                        = "python3.13"
  handler                        = "app.handler"
  filename                       = "build/iam-trust-account.zip"
  publish                        = true
  kms_key_arn                    = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  code_signing_config_arn        = "arn:aws:lambda:eu-west-1:111122223333:code-signing-config:csc-0123456789abcdef0"
  reserved_concurrent_executions = 5

  environment {
    variables = {
      LOG_LEVEL = "info"
    }
  }

  tracing_config {
    mode = "Active"
  }

  vpc_config {
    subnet_ids         = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
    security_group_ids = ["sg-0123456789abcdef0"]
  }

  dead_letter_config {
    target_arn = "arn:aws:sqs:eu-west-1:111122223333:iam-fixtures-dlq"
  }

  tags = {
    team = "platform"
  }
}

resource "aws_cloudwatch_log_group" "trust_account" {
  name              = "/aws/lambda/iam-trust-account"
  retention_in_days = 30
  kms_key_id        = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}

resource "aws_cloudwatch_metric_alarm" "trust_account_errors" {
  alarm_name          = "iam-trust-account-errors"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  statistic           = "Sum"
  period              = 60
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = ["arn:aws:sns:eu-west-1:111122223333:iam-fixtures-alerts"]

  dimensions = {
    FunctionName = "iam-trust-account"
  }
}

data "aws_iam_policy_document" "trust_anyone" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com", "edgelambda.amazonaws.com"]
    }

    principals {
      type        = "*"
      identifiers = ["*"] # expect: LMB105
    }
  }
}

resource "aws_iam_role" "trust_anyone" {
  name               = "iam-trust-anyone"
  assume_role_policy = data.aws_iam_policy_document.trust_anyone.json
}

resource "aws_lambda_function" "trust_anyone" {
  function_name                  = "iam-trust-anyone"
  role                           = aws_iam_role.trust_anyone.arn
  runtime                        = "python3.13"
  handler                        = "app.handler"
  filename                       = "build/iam-trust-anyone.zip"
  publish                        = true
  kms_key_arn                    = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  code_signing_config_arn        = "arn:aws:lambda:eu-west-1:111122223333:code-signing-config:csc-0123456789abcdef0"
  reserved_concurrent_executions = 5

  environment {
    variables = {
      LOG_LEVEL = "info"
    }
  }

  tracing_config {
    mode = "Active"
  }

  vpc_config {
    subnet_ids         = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
    security_group_ids = ["sg-0123456789abcdef0"]
  }

  dead_letter_config {
    target_arn = "arn:aws:sqs:eu-west-1:111122223333:iam-fixtures-dlq"
  }

  tags = {
    team = "platform"
  }
}

resource "aws_cloudwatch_log_group" "trust_anyone" {
  name              = "/aws/lambda/iam-trust-anyone"
  retention_in_days = 30
  kms_key_id        = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}

resource "aws_cloudwatch_metric_alarm" "trust_anyone_errors" {
  alarm_name          = "iam-trust-anyone-errors"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  statistic           = "Sum"
  period              = 60
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = ["arn:aws:sns:eu-west-1:111122223333:iam-fixtures-alerts"]

  dimensions = {
    FunctionName = "iam-trust-anyone"
  }
}
