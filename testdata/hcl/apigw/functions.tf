# API Gateway fixtures (LMB304, LMB305, LMB306): REST and HTTP APIs in front of functions. A
# `# expect: ID[, ID]` comment at the end of a line says which findings point at that line; every
# other line must have none. The functions themselves are hardened.

resource "aws_lambda_function" "orders" {
  function_name                  = "api-orders"
  role                           = "arn:aws:iam::111122223333:role/api-orders-lambda"
  runtime                        = "python3.13"
  handler                        = "app.handler"
  filename                       = "build/api-orders.zip"
  publish                        = true
  code_signing_config_arn        = local.code_signing_config
  reserved_concurrent_executions = 20

  tracing_config {
    mode = "Active"
  }

  vpc_config {
    subnet_ids         = local.private_subnets
    security_group_ids = local.security_group_ids
  }

  dead_letter_config {
    target_arn = local.dead_letter_queue
  }

  tags = local.tags
}

resource "aws_cloudwatch_log_group" "orders" {
  name              = "/aws/lambda/api-orders"
  retention_in_days = 90
  kms_key_id        = local.logs_key
}

resource "aws_cloudwatch_metric_alarm" "orders_errors" {
  alarm_name          = "api-orders-errors"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = [local.oncall_topic]

  dimensions = {
    FunctionName = aws_lambda_function.orders.function_name
  }
}

resource "aws_lambda_function" "internal" {
  function_name                  = "api-internal"
  role                           = "arn:aws:iam::111122223333:role/api-internal-lambda"
  runtime                        = "python3.13"
  handler                        = "app.handler"
  filename                       = "build/api-internal.zip"
  publish                        = true
  code_signing_config_arn        = local.code_signing_config
  reserved_concurrent_executions = 20

  tracing_config {
    mode = "Active"
  }

  vpc_config {
    subnet_ids         = local.private_subnets
    security_group_ids = local.security_group_ids
  }

  dead_letter_config {
    target_arn = local.dead_letter_queue
  }

  tags = local.tags
}

resource "aws_cloudwatch_log_group" "internal" {
  name              = "/aws/lambda/api-internal"
  retention_in_days = 90
  kms_key_id        = local.logs_key
}

resource "aws_cloudwatch_metric_alarm" "internal_errors" {
  alarm_name          = "api-internal-errors"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = [local.oncall_topic]

  dimensions = {
    FunctionName = aws_lambda_function.internal.function_name
  }
}

resource "aws_lambda_function" "public" {
  function_name                  = "api-public"
  role                           = "arn:aws:iam::111122223333:role/api-public-lambda"
  runtime                        = "python3.13"
  handler                        = "app.handler"
  filename                       = "build/api-public.zip"
  publish                        = true
  code_signing_config_arn        = local.code_signing_config
  reserved_concurrent_executions = 20

  tracing_config {
    mode = "Active"
  }

  vpc_config {
    subnet_ids         = local.private_subnets
    security_group_ids = local.security_group_ids
  }

  dead_letter_config {
    target_arn = local.dead_letter_queue
  }

  tags = local.tags
}

resource "aws_cloudwatch_log_group" "public" {
  name              = "/aws/lambda/api-public"
  retention_in_days = 90
  kms_key_id        = local.logs_key
}

resource "aws_cloudwatch_metric_alarm" "public_errors" {
  alarm_name          = "api-public-errors"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = [local.oncall_topic]

  dimensions = {
    FunctionName = aws_lambda_function.public.function_name
  }
}

resource "aws_lambda_function" "partner" {
  function_name                  = "api-partner"
  role                           = "arn:aws:iam::111122223333:role/api-partner-lambda"
  runtime                        = "python3.13"
  handler                        = "app.handler"
  filename                       = "build/api-partner.zip"
  publish                        = true
  code_signing_config_arn        = local.code_signing_config
  reserved_concurrent_executions = 20

  tracing_config {
    mode = "Active"
  }

  vpc_config {
    subnet_ids         = local.private_subnets
    security_group_ids = local.security_group_ids
  }

  dead_letter_config {
    target_arn = local.dead_letter_queue
  }

  tags = local.tags
}

resource "aws_cloudwatch_log_group" "partner" {
  name              = "/aws/lambda/api-partner"
  retention_in_days = 90
  kms_key_id        = local.logs_key
}

resource "aws_cloudwatch_metric_alarm" "partner_errors" {
  alarm_name          = "api-partner-errors"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = [local.oncall_topic]

  dimensions = {
    FunctionName = aws_lambda_function.partner.function_name
  }
}

resource "aws_lambda_function" "chat" {
  function_name                  = "api-chat"
  role                           = "arn:aws:iam::111122223333:role/api-chat-lambda"
  runtime                        = "python3.13"
  handler                        = "app.handler"
  filename                       = "build/api-chat.zip"
  publish                        = true
  code_signing_config_arn        = local.code_signing_config
  reserved_concurrent_executions = 20

  tracing_config {
    mode = "Active"
  }

  vpc_config {
    subnet_ids         = local.private_subnets
    security_group_ids = local.security_group_ids
  }

  dead_letter_config {
    target_arn = local.dead_letter_queue
  }

  tags = local.tags
}

resource "aws_cloudwatch_log_group" "chat" {
  name              = "/aws/lambda/api-chat"
  retention_in_days = 90
  kms_key_id        = local.logs_key
}

resource "aws_cloudwatch_metric_alarm" "chat_errors" {
  alarm_name          = "api-chat-errors"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = [local.oncall_topic]

  dimensions = {
    FunctionName = aws_lambda_function.chat.function_name
  }
}
