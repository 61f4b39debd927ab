# LMB403: secrets a function reads, with and without rotation.

resource "aws_secretsmanager_secret" "db" {
  name       = "iam/db-password"
  kms_key_id = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}

resource "aws_secretsmanager_secret_rotation" "db" {
  secret_id           = aws_secretsmanager_secret.db.id
  rotation_lambda_arn = "arn:aws:lambda:eu-west-1:111122223333:function:iam-db-rotation"

  rotation_rules {
    automatically_after_days = 30
  }
}

# Read through the environment, never rotated.
resource "aws_secretsmanager_secret" "api_key" { # expect: LMB403
  name       = "iam/partner-api-key"
  kms_key_id = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}

# Read through the role's policy, never rotated.
resource "aws_secretsmanager_secret" "signing" { # expect: LMB403
  name       = "iam/signing-key"
  kms_key_id = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}

# No function uses it: out of scope.
resource "aws_secretsmanager_secret" "unused" {
  name = "iam/unused"
}

data "aws_iam_policy_document" "secrets" {
  statement {
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [aws_secretsmanager_secret.signing.arn, aws_secretsmanager_secret.db.arn]
  }
}

resource "aws_iam_role" "secrets" {
  name               = "iam-secrets"
  assume_role_policy = data.aws_iam_policy_document.lambda_trust.json
}

resource "aws_iam_role_policy" "secrets" {
  name   = "read-secrets"
  role   = aws_iam_role.secrets.id
  policy = data.aws_iam_policy_document.secrets.json
}

resource "aws_lambda_function" "secrets" {
  function_name                  = "iam-secrets"
  role                           = aws_iam_role.secrets.arn
  runtime                        = "python3.13"
  handler                        = "app.handler"
  filename                       = "build/iam-secrets.zip"
  publish                        = true
  kms_key_arn                    = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  code_signing_config_arn        = "arn:aws:lambda:eu-west-1:111122223333:code-signing-config:csc-0123456789abcdef0"
  reserved_concurrent_executions = 5

  environment {
    variables = {
      DB_SECRET_ARN          = aws_secretsmanager_secret.db.arn
      PARTNER_KEY_SECRET_ARN = aws_secretsmanager_secret.api_key.arn
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

resource "aws_cloudwatch_log_group" "secrets" {
  name              = "/aws/lambda/iam-secrets"
  retention_in_days = 30
  kms_key_id        = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}

resource "aws_cloudwatch_metric_alarm" "secrets_errors" {
  alarm_name          = "iam-secrets-errors"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  statistic           = "Sum"
  period              = 60
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = ["arn:aws:sns:eu-west-1:111122223333:iam-fixtures-alerts"]

  dimensions = {
    FunctionName = "iam-secrets"
  }
}
