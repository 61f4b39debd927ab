# LMB401 and references: a value that comes from another resource, a data source or a module
# output is never a plaintext secret, even when it resolves to text; a literal is one wherever
# it is written (in the attribute, inside merge() or jsonencode(), through a local or tfvars).
# `# expect: ID[, ID]` as in the other fixture trees.

variable "db_token" {
  type      = string
  sensitive = true
}

resource "aws_secretsmanager_secret" "db" {
  name       = "refs/db-password"
  kms_key_id = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}

resource "aws_secretsmanager_secret_rotation" "db" {
  secret_id           = aws_secretsmanager_secret.db.id
  rotation_lambda_arn = "arn:aws:lambda:eu-west-1:111122223333:function:rotate"
  rotation_rules {
    automatically_after_days = 30
  }
}

resource "aws_ssm_parameter" "smtp" {
  name  = "/refs/smtp-password"
  type  = "SecureString"
  value = "placeholder-rotated-elsewhere"
}

module "params" {
  source = "./modules/params"
}

locals {
  # Names of where secrets live: references, not secrets.
  from_resources = {
    SMTP_PASSWORD_PARAM = aws_ssm_parameter.smtp.name
    DB_SECRET_NAME      = aws_secretsmanager_secret.db.name
  }
  literals = {
    PAYMENT_API_KEY = "pay_live_0123456789abcdef"
  }
}

resource "aws_lambda_function" "refs" {
  function_name                  = "refs"
  role                           = "arn:aws:iam::111122223333:role/refs"
  runtime                        = "python3.13"
  handler                        = "app.handler"
  filename                       = "build/refs.zip"
  publish                        = true
  code_signing_config_arn        = "arn:aws:lambda:eu-west-1:111122223333:code-signing-config:csc-0123456789abcdef0"
  reserved_concurrent_executions = 10
  kms_key_arn                    = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"

  environment {
    variables = merge(local.from_resources, {
      SECRET_NAME    = aws_secretsmanager_secret.db.name
      TOKEN_PARAM    = module.params.token_parameter
      SMTP_PASSWORD  = "Sup3r-s3cret-smtp-pass!"                                    # expect: LMB401
      GITHUB_CONFIG  = jsonencode({ token = "ghp_0123456789abcdefghijklmnopqrstuvwxyzAB" }) # expect: LMB401
      DB_TOKEN       = var.db_token                                                # expect: LMB401
      LOG_LEVEL      = "info"
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

  tags = { team = "platform" }
}

# A literal that arrives through a local is located at the attribute that uses it.
resource "aws_lambda_function" "through_local" {
  function_name                  = "refs-local"
  role                           = "arn:aws:iam::111122223333:role/refs-local"
  runtime                        = "python3.13"
  handler                        = "app.handler"
  filename                       = "build/refs-local.zip"
  publish                        = true
  code_signing_config_arn        = "arn:aws:lambda:eu-west-1:111122223333:code-signing-config:csc-0123456789abcdef0"
  reserved_concurrent_executions = 10
  kms_key_arn                    = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"

  environment {
    variables = local.literals # expect: LMB401
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

  tags = { team = "platform" }
}

resource "aws_cloudwatch_log_group" "refs" {
  for_each          = toset(["refs", "refs-local"])
  name              = "/aws/lambda/${each.key}"
  retention_in_days = 90
  kms_key_id        = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}

resource "aws_cloudwatch_metric_alarm" "errors" {
  for_each            = toset(["refs", "refs-local"])
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
