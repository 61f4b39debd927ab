# Network fixtures (LMB203, LMB204): security groups attached to functions. A `# expect: ID[, ID]`
# comment at the end of a line says which findings point at that line; every other line must
# have none. The functions themselves are hardened, so only their security groups are reported.

# Egress only to HTTPS inside the VPC: clean.
resource "aws_lambda_function" "private" {
  function_name                  = "net-private"
  role                           = "arn:aws:iam::111122223333:role/net-private-lambda"
  runtime                        = "python3.13"
  handler                        = "app.handler"
  filename                       = "build/net-private.zip"
  publish                        = true
  code_signing_config_arn        = local.code_signing_config
  reserved_concurrent_executions = 20

  tracing_config {
    mode = "Active"
  }

  vpc_config {
    subnet_ids         = local.private_subnets
    security_group_ids = [aws_security_group.private.id]
  }

  dead_letter_config {
    target_arn = local.dead_letter_queue
  }

  tags = local.tags
}

resource "aws_cloudwatch_log_group" "private" {
  name              = "/aws/lambda/net-private"
  retention_in_days = 90
  kms_key_id        = local.logs_key
}

resource "aws_cloudwatch_metric_alarm" "private_errors" {
  alarm_name          = "net-private-errors"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = [local.oncall_topic]

  dimensions = {
    FunctionName = aws_lambda_function.private.function_name
  }
}

# Inline rules open to the world.
resource "aws_lambda_function" "inline" {
  function_name                  = "net-inline"
  role                           = "arn:aws:iam::111122223333:role/net-inline-lambda"
  runtime                        = "python3.13"
  handler                        = "app.handler"
  filename                       = "build/net-inline.zip"
  publish                        = true
  code_signing_config_arn        = local.code_signing_config
  reserved_concurrent_executions = 20

  tracing_config {
    mode = "Active"
  }

  vpc_config {
    subnet_ids         = local.private_subnets
    security_group_ids = [aws_security_group.inline.id]
  }

  dead_letter_config {
    target_arn = local.dead_letter_queue
  }

  tags = local.tags
}

resource "aws_cloudwatch_log_group" "inline" {
  name              = "/aws/lambda/net-inline"
  retention_in_days = 90
  kms_key_id        = local.logs_key
}

resource "aws_cloudwatch_metric_alarm" "inline_errors" {
  alarm_name          = "net-inline-errors"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = [local.oncall_topic]

  dimensions = {
    FunctionName = aws_lambda_function.inline.function_name
  }
}

# Separate rule resources of both kinds.
resource "aws_lambda_function" "rules" {
  function_name                  = "net-rules"
  role                           = "arn:aws:iam::111122223333:role/net-rules-lambda"
  runtime                        = "python3.13"
  handler                        = "app.handler"
  filename                       = "build/net-rules.zip"
  publish                        = true
  code_signing_config_arn        = local.code_signing_config
  reserved_concurrent_executions = 20

  tracing_config {
    mode = "Active"
  }

  vpc_config {
    subnet_ids         = local.private_subnets
    security_group_ids = [aws_security_group.rules.id]
  }

  dead_letter_config {
    target_arn = local.dead_letter_queue
  }

  tags = local.tags
}

resource "aws_cloudwatch_log_group" "rules" {
  name              = "/aws/lambda/net-rules"
  retention_in_days = 90
  kms_key_id        = local.logs_key
}

resource "aws_cloudwatch_metric_alarm" "rules_errors" {
  alarm_name          = "net-rules-errors"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = [local.oncall_topic]

  dimensions = {
    FunctionName = aws_lambda_function.rules.function_name
  }
}

# Two functions share one open group: one finding per CIDR, not per function.
resource "aws_lambda_function" "shared_a" {
  function_name                  = "net-shared-a"
  role                           = "arn:aws:iam::111122223333:role/net-shared-a-lambda"
  runtime                        = "python3.13"
  handler                        = "app.handler"
  filename                       = "build/net-shared-a.zip"
  publish                        = true
  code_signing_config_arn        = local.code_signing_config
  reserved_concurrent_executions = 20

  tracing_config {
    mode = "Active"
  }

  vpc_config {
    subnet_ids         = local.private_subnets
    security_group_ids = [aws_security_group.shared.id]
  }

  dead_letter_config {
    target_arn = local.dead_letter_queue
  }

  tags = local.tags
}

resource "aws_cloudwatch_log_group" "shared_a" {
  name              = "/aws/lambda/net-shared-a"
  retention_in_days = 90
  kms_key_id        = local.logs_key
}

resource "aws_cloudwatch_metric_alarm" "shared_a_errors" {
  alarm_name          = "net-shared-a-errors"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = [local.oncall_topic]

  dimensions = {
    FunctionName = aws_lambda_function.shared_a.function_name
  }
}

resource "aws_lambda_function" "shared_b" {
  function_name                  = "net-shared-b"
  role                           = "arn:aws:iam::111122223333:role/net-shared-b-lambda"
  runtime                        = "python3.13"
  handler                        = "app.handler"
  filename                       = "build/net-shared-b.zip"
  publish                        = true
  code_signing_config_arn        = local.code_signing_config
  reserved_concurrent_executions = 20

  tracing_config {
    mode = "Active"
  }

  vpc_config {
    subnet_ids         = local.private_subnets
    security_group_ids = [aws_security_group.shared.id, aws_security_group.private.id]
  }

  dead_letter_config {
    target_arn = local.dead_letter_queue
  }

  tags = local.tags
}

resource "aws_cloudwatch_log_group" "shared_b" {
  name              = "/aws/lambda/net-shared-b"
  retention_in_days = 90
  kms_key_id        = local.logs_key
}

resource "aws_cloudwatch_metric_alarm" "shared_b_errors" {
  alarm_name          = "net-shared-b-errors"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = [local.oncall_topic]

  dimensions = {
    FunctionName = aws_lambda_function.shared_b.function_name
  }
}

# Groups given as a whole expression (a local list of references).
resource "aws_lambda_function" "whole" {
  function_name                  = "net-whole"
  role                           = "arn:aws:iam::111122223333:role/net-whole-lambda"
  runtime                        = "python3.13"
  handler                        = "app.handler"
  filename                       = "build/net-whole.zip"
  publish                        = true
  code_signing_config_arn        = local.code_signing_config
  reserved_concurrent_executions = 20

  tracing_config {
    mode = "Active"
  }

  vpc_config {
    subnet_ids         = local.private_subnets
    security_group_ids = local.whole_groups
  }

  dead_letter_config {
    target_arn = local.dead_letter_queue
  }

  tags = local.tags
}

resource "aws_cloudwatch_log_group" "whole" {
  name              = "/aws/lambda/net-whole"
  retention_in_days = 90
  kms_key_id        = local.logs_key
}

resource "aws_cloudwatch_metric_alarm" "whole_errors" {
  alarm_name          = "net-whole-errors"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = [local.oncall_topic]

  dimensions = {
    FunctionName = aws_lambda_function.whole.function_name
  }
}

# A CIDR from a variable without a value cannot be known: nothing is reported.
resource "aws_lambda_function" "unknown_cidr" {
  function_name                  = "net-unknown-cidr"
  role                           = "arn:aws:iam::111122223333:role/net-unknown-cidr-lambda"
  runtime                        = "python3.13"
  handler                        = "app.handler"
  filename                       = "build/net-unknown-cidr.zip"
  publish                        = true
  code_signing_config_arn        = local.code_signing_config
  reserved_concurrent_executions = 20

  tracing_config {
    mode = "Active"
  }

  vpc_config {
    subnet_ids         = local.private_subnets
    security_group_ids = [aws_security_group.unknown_cidr.id]
  }

  dead_letter_config {
    target_arn = local.dead_letter_queue
  }

  tags = local.tags
}

resource "aws_cloudwatch_log_group" "unknown_cidr" {
  name              = "/aws/lambda/net-unknown-cidr"
  retention_in_days = 90
  kms_key_id        = local.logs_key
}

resource "aws_cloudwatch_metric_alarm" "unknown_cidr_errors" {
  alarm_name          = "net-unknown-cidr-errors"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = [local.oncall_topic]

  dimensions = {
    FunctionName = aws_lambda_function.unknown_cidr.function_name
  }
}
