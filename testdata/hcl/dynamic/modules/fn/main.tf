# A function module in the style of the registry's Lambda module: every optional setting is a
# dynamic block that exists only when its variable is set.

variable "name" {}
variable "tracing_mode" { default = null }
variable "subnet_ids" { default = [] }
variable "dead_letter_target_arn" { default = null }
variable "environment" { default = {} }
variable "source_arn" {}
variable "code_signing_config" {}
variable "logs_key" {}
variable "oncall_topic" {}
variable "tags" { default = {} }

resource "aws_lambda_function" "this" {
  function_name                  = var.name
  role                           = "arn:aws:iam::111122223333:role/${var.name}-lambda"
  runtime                        = "python3.13"
  handler                        = "app.handler"
  filename                       = "build/${var.name}.zip"
  publish                        = true
  code_signing_config_arn        = var.code_signing_config
  reserved_concurrent_executions = 10
  kms_key_arn                    = length(var.environment) > 0 ? null : var.logs_key

  dynamic "tracing_config" {
    for_each = var.tracing_mode == null ? [] : [true]
    content {
      mode = var.tracing_mode
    }
  }

  dynamic "vpc_config" {
    for_each = length(var.subnet_ids) > 0 ? [true] : []
    content {
      subnet_ids         = var.subnet_ids
      security_group_ids = ["sg-0123456789abcdef0"]
    }
  }

  dynamic "dead_letter_config" {
    for_each = var.dead_letter_target_arn == null ? [] : [true]
    content {
      target_arn = var.dead_letter_target_arn
    }
  }

  dynamic "environment" {
    for_each = length(keys(var.environment)) == 0 ? [] : [true]
    content {
      variables = var.environment
    }
  }

  tags = var.tags
}

resource "aws_lambda_permission" "api" {
  statement_id  = "AllowAPIGateway"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.this.function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = var.source_arn
}

resource "aws_cloudwatch_log_group" "this" {
  name              = "/aws/lambda/${var.name}"
  retention_in_days = 90
  kms_key_id        = var.logs_key
}

resource "aws_cloudwatch_metric_alarm" "errors" {
  alarm_name          = "${var.name}-errors"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = [var.oncall_topic]
  dimensions          = { FunctionName = aws_lambda_function.this.function_name }
}

output "function_name" {
  value = aws_lambda_function.this.function_name
}

output "invoke_arn" {
  value = aws_lambda_function.this.invoke_arn
}
