# LMB102 / LMB103 in policies written with jsonencode: an inline_policy block of the role and an
# aws_iam_role_policy whose Statement is a single object.

resource "aws_iam_role" "inline" {
  name               = "iam-inline"
  assume_role_policy = data.aws_iam_policy_document.lambda_trust.json

  inline_policy {
    name = "orders"
    policy = jsonencode({
      Version = "2012-10-17"
      Statement = [
        {
          Sid    = "Table"
          Effect = "Allow"
          Action = [
            "dynamodb:GetItem",
            "dynamodb:*", # expect: LMB102
          ]
          Resource = "arn:aws:dynamodb:eu-west-1:111122223333:table/orders"
        },
        {
          Sid      = "Queue"
          Effect   = "Allow"
          Action   = ["sqs:SendMessage", "sqs:GetQueueUrl"]
          Resource = "*" # expect: LMB103
        },
        {
          Sid      = "Tracing"
          Effect   = "Allow"
          Action   = ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "cloudwatch:PutMetricData"]
          Resource = "*"
        },
        {
          Sid      = "NoDeletes"
          Effect   = "Deny"
          Action   = "*"
          Resource = "*"
          Condition = {
            StringNotEquals = { "aws:RequestedRegion" = "eu-west-1" }
          }
        },
      ]
    })
  }
}

resource "aws_iam_role_policy" "inline_uploads" {
  name = "uploads"
  role = aws_iam_role.inline.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = {
      Effect   = "Allow"
      Action   = "s3:*" # expect: LMB102
      Resource = "*"
    }
  })
}

resource "aws_lambda_function" "inline" {
  function_name                  = "iam-inline"
  role                           = aws_iam_role.inline.arn
  runtime                        = "python3.13"
  handler                        = "app.handler"
  filename                       = "build/iam-inline.zip"
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

resource "aws_cloudwatch_log_group" "inline" {
  name              = "/aws/lambda/iam-inline"
  retention_in_days = 30
  kms_key_id        = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}

resource "aws_cloudwatch_metric_alarm" "inline_errors" {
  alarm_name          = "iam-inline-errors"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  statistic           = "Sum"
  period              = 60
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = ["arn:aws:sns:eu-west-1:111122223333:iam-fixtures-alerts"]

  dimensions = {
    FunctionName = "iam-inline"
  }
}
