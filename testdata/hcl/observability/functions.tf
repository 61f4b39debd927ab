# Observability fixtures (LMB502-LMB505): log groups and alarms around functions. A
# `# expect: ID[, ID]` comment at the end of a line says which findings point at that line; every
# other line must have none. The functions are otherwise hardened.

# Log group by name with retention and a key, an Errors alarm by reference: clean.
resource "aws_lambda_function" "logged" {
  function_name                  = "obs-logged"
  role                           = "arn:aws:iam::111122223333:role/obs-logged-lambda"
  runtime                        = "python3.13"
  handler                        = "app.handler"
  filename                       = "build/obs-logged.zip"
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

resource "aws_cloudwatch_log_group" "logged" {
  name              = "/aws/lambda/obs-logged"
  retention_in_days = 90
  kms_key_id        = local.logs_key
}

resource "aws_cloudwatch_metric_alarm" "logged_errors" {
  alarm_name          = "obs-logged-errors"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = [local.oncall_topic]

  dimensions = {
    FunctionName = aws_lambda_function.logged.function_name
  }
}

# No log group at all.
resource "aws_lambda_function" "no_group" { # expect: LMB502
  function_name                  = "obs-no-group"
  role                           = "arn:aws:iam::111122223333:role/obs-no-group-lambda"
  runtime                        = "python3.13"
  handler                        = "app.handler"
  filename                       = "build/obs-no-group.zip"
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

resource "aws_cloudwatch_metric_alarm" "no_group_errors" {
  alarm_name          = "obs-no-group-errors"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = [local.oncall_topic]

  dimensions = {
    FunctionName = aws_lambda_function.no_group.function_name
  }
}

# Its log group keeps logs forever and has no key (log_groups.tf).
resource "aws_lambda_function" "forever" {
  function_name                  = "obs-forever"
  role                           = "arn:aws:iam::111122223333:role/obs-forever-lambda"
  runtime                        = "python3.13"
  handler                        = "app.handler"
  filename                       = "build/obs-forever.zip"
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

resource "aws_cloudwatch_metric_alarm" "forever_errors" {
  alarm_name          = "obs-forever-errors"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = [local.oncall_topic]

  dimensions = {
    FunctionName = aws_lambda_function.forever.function_name
  }
}

# Its log group has retention 0 (log_groups.tf).
resource "aws_lambda_function" "zero" {
  function_name                  = "obs-zero"
  role                           = "arn:aws:iam::111122223333:role/obs-zero-lambda"
  runtime                        = "python3.13"
  handler                        = "app.handler"
  filename                       = "build/obs-zero.zip"
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

resource "aws_cloudwatch_metric_alarm" "zero_errors" {
  alarm_name          = "obs-zero-errors"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = [local.oncall_topic]

  dimensions = {
    FunctionName = aws_lambda_function.zero.function_name
  }
}

# Sends its logs to a shared log group, by reference.
resource "aws_lambda_function" "custom_ref" {
  function_name                  = "obs-custom-ref"
  role                           = "arn:aws:iam::111122223333:role/obs-custom-ref-lambda"
  runtime                        = "python3.13"
  handler                        = "app.handler"
  filename                       = "build/obs-custom-ref.zip"
  publish                        = true
  code_signing_config_arn        = local.code_signing_config
  reserved_concurrent_executions = 20

  logging_config {
    log_format = "JSON"
    log_group  = aws_cloudwatch_log_group.shared.name
  }

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

resource "aws_cloudwatch_metric_alarm" "custom_ref_errors" {
  alarm_name          = "obs-custom-ref-errors"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = [local.oncall_topic]

  dimensions = {
    FunctionName = aws_lambda_function.custom_ref.function_name
  }
}

# Sends its logs to the same shared log group, by its literal name.
resource "aws_lambda_function" "custom_literal" {
  function_name                  = "obs-custom-literal"
  role                           = "arn:aws:iam::111122223333:role/obs-custom-literal-lambda"
  runtime                        = "python3.13"
  handler                        = "app.handler"
  filename                       = "build/obs-custom-literal.zip"
  publish                        = true
  code_signing_config_arn        = local.code_signing_config
  reserved_concurrent_executions = 20

  logging_config {
    log_format = "JSON"
    log_group  = "/platform/shared"
  }

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

resource "aws_cloudwatch_metric_alarm" "custom_literal_errors" {
  alarm_name          = "obs-custom-literal-errors"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = [local.oncall_topic]

  dimensions = {
    FunctionName = aws_lambda_function.custom_literal.function_name
  }
}

# No alarm watches it.
resource "aws_lambda_function" "unwatched" { # expect: LMB505
  function_name                  = "obs-unwatched"
  role                           = "arn:aws:iam::111122223333:role/obs-unwatched-lambda"
  runtime                        = "python3.13"
  handler                        = "app.handler"
  filename                       = "build/obs-unwatched.zip"
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

resource "aws_cloudwatch_log_group" "unwatched" {
  name              = "/aws/lambda/obs-unwatched"
  retention_in_days = 90
  kms_key_id        = local.logs_key
}

# Watched by a metric-math alarm (alarms.tf).
resource "aws_lambda_function" "math" {
  function_name                  = "obs-math"
  role                           = "arn:aws:iam::111122223333:role/obs-math-lambda"
  runtime                        = "python3.13"
  handler                        = "app.handler"
  filename                       = "build/obs-math.zip"
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

resource "aws_cloudwatch_log_group" "math" {
  name              = "/aws/lambda/obs-math"
  retention_in_days = 90
  kms_key_id        = local.logs_key
}

# Watched by an alarm that names it by a literal FunctionName (alarms.tf).
resource "aws_lambda_function" "by_name" {
  function_name                  = "obs-by-name"
  role                           = "arn:aws:iam::111122223333:role/obs-by-name-lambda"
  runtime                        = "python3.13"
  handler                        = "app.handler"
  filename                       = "build/obs-by-name.zip"
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

resource "aws_cloudwatch_log_group" "by_name" {
  name              = "/aws/lambda/obs-by-name"
  retention_in_days = 90
  kms_key_id        = local.logs_key
}

# Its log group's name is built from the function's name (coming.tf).
resource "aws_lambda_function" "interpolated" {
  function_name                  = "obs-interpolated"
  role                           = "arn:aws:iam::111122223333:role/obs-interpolated-lambda"
  runtime                        = "python3.13"
  handler                        = "app.handler"
  filename                       = "build/obs-interpolated.zip"
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

resource "aws_cloudwatch_metric_alarm" "interpolated_errors" {
  alarm_name          = "obs-interpolated-errors"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = [local.oncall_topic]

  dimensions = {
    FunctionName = aws_lambda_function.interpolated.function_name
  }
}
