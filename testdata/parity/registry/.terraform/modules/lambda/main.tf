# A stand-in for the registry Lambda module, written for tfwarden's tests.

locals {
  create = var.create
}

resource "aws_lambda_function" "this" {
  count = local.create ? 1 : 0

  function_name                  = var.function_name
  role                           = "arn:aws:iam::111122223333:role/${var.function_name}"
  handler                        = var.handler
  runtime                        = var.runtime
  filename                       = "builds/${var.function_name}.zip"
  kms_key_arn                    = var.kms_key_arn
  reserved_concurrent_executions = var.reserved_concurrent_executions

  dynamic "tracing_config" {
    for_each = var.tracing_mode == null ? [] : [true]
    content {
      mode = var.tracing_mode
    }
  }

  dynamic "vpc_config" {
    for_each = var.vpc_subnet_ids != null && var.vpc_security_group_ids != null ? [true] : []
    content {
      subnet_ids         = var.vpc_subnet_ids
      security_group_ids = var.vpc_security_group_ids
    }
  }

  dynamic "dead_letter_config" {
    for_each = var.dead_letter_target_arn == null ? [] : [true]
    content {
      target_arn = var.dead_letter_target_arn
    }
  }

  dynamic "environment" {
    for_each = length(keys(var.environment_variables)) == 0 ? [] : [true]
    content {
      variables = var.environment_variables
    }
  }

  tags = var.tags
}

resource "aws_cloudwatch_log_group" "lambda" {
  count = local.create ? 1 : 0

  name              = "/aws/lambda/${var.function_name}"
  retention_in_days = 0
  tags              = var.tags
}
