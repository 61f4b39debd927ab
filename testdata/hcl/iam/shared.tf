# LMB101: one execution role for several functions, by reference and by literal ARN.

resource "aws_iam_role" "shared" {
  name               = "iam-shared"
  assume_role_policy = data.aws_iam_policy_document.lambda_trust.json
}

resource "aws_iam_role_policy_attachment" "shared_logs" {
  role       = aws_iam_role.shared.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
}

resource "aws_lambda_function" "orders_api" {
  function_name                  = "iam-orders-api"
  role                           = aws_iam_role.shared.arn # expect: LMB101
  runtime                        = "python3.13"
  handler                        = "app.handler"
  filename                       = "build/iam-orders-api.zip"
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

resource "aws_cloudwatch_log_group" "orders_api" {
  name              = "/aws/lambda/iam-orders-api"
  retention_in_days = 30
  kms_key_id        = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}

resource "aws_cloudwatch_metric_alarm" "orders_api_errors" {
  alarm_name          = "iam-orders-api-errors"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  statistic           = "Sum"
  period              = 60
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = ["arn:aws:sns:eu-west-1:111122223333:iam-fixtures-alerts"]

  dimensions = {
    FunctionName = "iam-orders-api"
  }
}

resource "aws_lambda_function" "orders_worker" {
  function_name                  = "iam-orders-worker"
  role                           = aws_iam_role.shared.arn # expect: LMB101
  runtime                        = "python3.13"
  handler                        = "app.handler"
  filename                       = "build/iam-orders-worker.zip"
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

resource "aws_cloudwatch_log_group" "orders_worker" {
  name              = "/aws/lambda/iam-orders-worker"
  retention_in_days = 30
  kms_key_id        = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}

resource "aws_cloudwatch_metric_alarm" "orders_worker_errors" {
  alarm_name          = "iam-orders-worker-errors"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  statistic           = "Sum"
  period              = 60
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = ["arn:aws:sns:eu-west-1:111122223333:iam-fixtures-alerts"]

  dimensions = {
    FunctionName = "iam-orders-worker"
  }
}

resource "aws_lambda_function" "reports" {
  function_name                  = "iam-reports"
  role                           = "arn:aws:iam::111122223333:role/iam-reporting" # expect: LMB101
  runtime                        = "python3.13"
  handler                        = "app.handler"
  filename                       = "build/iam-reports.zip"
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

resource "aws_cloudwatch_log_group" "reports" {
  name              = "/aws/lambda/iam-reports"
  retention_in_days = 30
  kms_key_id        = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}

resource "aws_cloudwatch_metric_alarm" "reports_errors" {
  alarm_name          = "iam-reports-errors"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  statistic           = "Sum"
  period              = 60
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = ["arn:aws:sns:eu-west-1:111122223333:iam-fixtures-alerts"]

  dimensions = {
    FunctionName = "iam-reports"
  }
}

resource "aws_lambda_function" "exports" {
  function_name                  = "iam-exports"
  role                           = "arn:aws:iam::111122223333:role/iam-reporting" # expect: LMB101
  runtime                        = "python3.13"
  handler                        = "app.handler"
  filename                       = "build/iam-exports.zip"
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

resource "aws_cloudwatch_log_group" "exports" {
  name              = "/aws/lambda/iam-exports"
  retention_in_days = 30
  kms_key_id        = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}

resource "aws_cloudwatch_metric_alarm" "exports_errors" {
  alarm_name          = "iam-exports-errors"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  statistic           = "Sum"
  period              = 60
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = ["arn:aws:sns:eu-west-1:111122223333:iam-fixtures-alerts"]

  dimensions = {
    FunctionName = "iam-exports"
  }
}
