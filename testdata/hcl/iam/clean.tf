# A hardened function: its own role, trusted by Lambda only, scoped actions, exempt actions on "*",
# only the basic AWS-managed policies, a rotated secret. Nothing fires here.

variable "extra_policy_json" {
  type        = string
  description = "Unknown at scan time: never makes a rule fire."
}

data "aws_iam_policy_document" "clean_trust" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com", "edgelambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "clean" {
  name               = "iam-clean"
  assume_role_policy = data.aws_iam_policy_document.clean_trust.json

  inline_policy {
    name = "orders"
    policy = jsonencode({
      Version = "2012-10-17"
      Statement = [
        {
          Effect   = "Allow"
          Action   = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"]
          Resource = "arn:aws:dynamodb:eu-west-1:111122223333:table/orders"
        },
        {
          Effect   = "Allow"
          Action   = ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "cloudwatch:PutMetricData"]
          Resource = "*"
        },
      ]
    })
  }
}

resource "aws_iam_role_policy" "clean_secret" {
  name = "read-db-secret"
  role = aws_iam_role.clean.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = "secretsmanager:GetSecretValue"
        Resource = aws_secretsmanager_secret.db.arn
      },
    ]
  })
}

resource "aws_iam_role_policy" "clean_extra" {
  name   = "extra"
  role   = aws_iam_role.clean.id
  policy = var.extra_policy_json
}

resource "aws_iam_role_policy_attachment" "clean_vpc" {
  role       = aws_iam_role.clean.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"
}

resource "aws_lambda_function" "clean" {
  function_name                  = "iam-clean"
  role                           = aws_iam_role.clean.arn
  runtime                        = "python3.13"
  handler                        = "app.handler"
  filename                       = "build/iam-clean.zip"
  publish                        = true
  kms_key_arn                    = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  code_signing_config_arn        = "arn:aws:lambda:eu-west-1:111122223333:code-signing-config:csc-0123456789abcdef0"
  reserved_concurrent_executions = 5

  environment {
    variables = {
      DB_SECRET_ARN = aws_secretsmanager_secret.db.arn
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

resource "aws_cloudwatch_log_group" "clean" {
  name              = "/aws/lambda/iam-clean"
  retention_in_days = 30
  kms_key_id        = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}

resource "aws_cloudwatch_metric_alarm" "clean_errors" {
  alarm_name          = "iam-clean-errors"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  statistic           = "Sum"
  period              = 60
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = ["arn:aws:sns:eu-west-1:111122223333:iam-fixtures-alerts"]

  dimensions = {
    FunctionName = "iam-clean"
  }
}
