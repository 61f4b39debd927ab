# Deployment fixtures (LMB404, LMB604, LMB606, LMB702): code buckets, layers, published versions
# and failure destinations. A `# expect: ID[, ID]` comment at the end of a line says which findings
# point at that line; every other line must have none. The functions are otherwise hardened.

# Code in a KMS-encrypted bucket: clean.
resource "aws_lambda_function" "from_kms_bucket" {
  function_name                  = "dep-kms-bucket"
  role                           = "arn:aws:iam::111122223333:role/dep-kms-bucket-lambda"
  runtime                        = "python3.13"
  handler                        = "app.handler"
  s3_bucket                      = aws_s3_bucket.artifacts.id
  s3_key                         = "dep-kms-bucket/1.4.2.zip"
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

resource "aws_cloudwatch_log_group" "from_kms_bucket" {
  name              = "/aws/lambda/dep-kms-bucket"
  retention_in_days = 90
  kms_key_id        = local.logs_key
}

resource "aws_cloudwatch_metric_alarm" "from_kms_bucket_errors" {
  alarm_name          = "dep-kms-bucket-errors"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = [local.oncall_topic]

  dimensions = {
    FunctionName = aws_lambda_function.from_kms_bucket.function_name
  }
}

# Code in a bucket encrypted with SSE-S3 only (buckets.tf).
resource "aws_lambda_function" "from_aes_bucket" {
  function_name                  = "dep-aes-bucket"
  role                           = "arn:aws:iam::111122223333:role/dep-aes-bucket-lambda"
  runtime                        = "python3.13"
  handler                        = "app.handler"
  s3_bucket                      = aws_s3_bucket.aes_artifacts.id
  s3_key                         = "dep-aes-bucket/1.4.2.zip"
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

resource "aws_cloudwatch_log_group" "from_aes_bucket" {
  name              = "/aws/lambda/dep-aes-bucket"
  retention_in_days = 90
  kms_key_id        = local.logs_key
}

resource "aws_cloudwatch_metric_alarm" "from_aes_bucket_errors" {
  alarm_name          = "dep-aes-bucket-errors"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = [local.oncall_topic]

  dimensions = {
    FunctionName = aws_lambda_function.from_aes_bucket.function_name
  }
}

# Two functions deploy from one unencrypted bucket: one finding on the bucket (buckets.tf).
resource "aws_lambda_function" "from_plain_a" {
  function_name                  = "dep-plain-a"
  role                           = "arn:aws:iam::111122223333:role/dep-plain-a-lambda"
  runtime                        = "python3.13"
  handler                        = "app.handler"
  s3_bucket                      = aws_s3_bucket.plain_artifacts.id
  s3_key                         = "dep-plain-a/1.4.2.zip"
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

resource "aws_cloudwatch_log_group" "from_plain_a" {
  name              = "/aws/lambda/dep-plain-a"
  retention_in_days = 90
  kms_key_id        = local.logs_key
}

resource "aws_cloudwatch_metric_alarm" "from_plain_a_errors" {
  alarm_name          = "dep-plain-a-errors"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = [local.oncall_topic]

  dimensions = {
    FunctionName = aws_lambda_function.from_plain_a.function_name
  }
}

resource "aws_lambda_function" "from_plain_b" {
  function_name                  = "dep-plain-b"
  role                           = "arn:aws:iam::111122223333:role/dep-plain-b-lambda"
  runtime                        = "python3.13"
  handler                        = "app.handler"
  s3_bucket                      = "acme-plain-artifacts"
  s3_key                         = "dep-plain-b/1.4.2.zip"
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

resource "aws_cloudwatch_log_group" "from_plain_b" {
  name              = "/aws/lambda/dep-plain-b"
  retention_in_days = 90
  kms_key_id        = local.logs_key
}

resource "aws_cloudwatch_metric_alarm" "from_plain_b_errors" {
  alarm_name          = "dep-plain-b-errors"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = [local.oncall_topic]

  dimensions = {
    FunctionName = aws_lambda_function.from_plain_b.function_name
  }
}

# Code in a bucket with the legacy inline KMS configuration: clean.
resource "aws_lambda_function" "from_legacy_bucket" {
  function_name                  = "dep-legacy-bucket"
  role                           = "arn:aws:iam::111122223333:role/dep-legacy-bucket-lambda"
  runtime                        = "python3.13"
  handler                        = "app.handler"
  s3_bucket                      = aws_s3_bucket.legacy_artifacts.id
  s3_key                         = "dep-legacy-bucket/1.4.2.zip"
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

resource "aws_cloudwatch_log_group" "from_legacy_bucket" {
  name              = "/aws/lambda/dep-legacy-bucket"
  retention_in_days = 90
  kms_key_id        = local.logs_key
}

resource "aws_cloudwatch_metric_alarm" "from_legacy_bucket_errors" {
  alarm_name          = "dep-legacy-bucket-errors"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = [local.oncall_topic]

  dimensions = {
    FunctionName = aws_lambda_function.from_legacy_bucket.function_name
  }
}

# Code in a bucket outside this configuration: out of LMB404's scope.
resource "aws_lambda_function" "from_external_bucket" {
  function_name                  = "dep-external-bucket"
  role                           = "arn:aws:iam::111122223333:role/dep-external-bucket-lambda"
  runtime                        = "python3.13"
  handler                        = "app.handler"
  s3_bucket                      = "acme-shared-artifacts"
  s3_key                         = "dep-external-bucket/1.4.2.zip"
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

resource "aws_cloudwatch_log_group" "from_external_bucket" {
  name              = "/aws/lambda/dep-external-bucket"
  retention_in_days = 90
  kms_key_id        = local.logs_key
}

resource "aws_cloudwatch_metric_alarm" "from_external_bucket_errors" {
  alarm_name          = "dep-external-bucket-errors"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = [local.oncall_topic]

  dimensions = {
    FunctionName = aws_lambda_function.from_external_bucket.function_name
  }
}

# Layers: one built here, one AWS-published, one from an unknown account.
resource "aws_lambda_function" "layered" {
  function_name                  = "dep-layered"
  role                           = "arn:aws:iam::111122223333:role/dep-layered-lambda"
  runtime                        = "python3.13"
  handler                        = "app.handler"
  filename                       = "build/dep-layered.zip"
  publish                        = true
  code_signing_config_arn        = local.code_signing_config
  reserved_concurrent_executions = 20

  layers = [
    aws_lambda_layer_version.deps.arn,
    "arn:aws:lambda:eu-west-1:017000801446:layer:AWSLambdaPowertoolsPythonV3-python313-x86_64:7",
    "arn:aws:lambda:eu-west-1:444455556666:layer:fast-json:12", # expect: LMB604
  ]

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

resource "aws_cloudwatch_log_group" "layered" {
  name              = "/aws/lambda/dep-layered"
  retention_in_days = 90
  kms_key_id        = local.logs_key
}

resource "aws_cloudwatch_metric_alarm" "layered_errors" {
  alarm_name          = "dep-layered-errors"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = [local.oncall_topic]

  dimensions = {
    FunctionName = aws_lambda_function.layered.function_name
  }
}

# No publish: each deployment overwrites $LATEST.
resource "aws_lambda_function" "unpublished" { # expect: LMB606
  function_name                  = "dep-unpublished"
  role                           = "arn:aws:iam::111122223333:role/dep-unpublished-lambda"
  runtime                        = "python3.13"
  handler                        = "app.handler"
  filename                       = "build/dep-unpublished.zip"
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

resource "aws_cloudwatch_log_group" "unpublished" {
  name              = "/aws/lambda/dep-unpublished"
  retention_in_days = 90
  kms_key_id        = local.logs_key
}

resource "aws_cloudwatch_metric_alarm" "unpublished_errors" {
  alarm_name          = "dep-unpublished-errors"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = [local.oncall_topic]

  dimensions = {
    FunctionName = aws_lambda_function.unpublished.function_name
  }
}

# publish = false, written.
resource "aws_lambda_function" "publish_false" {
  function_name                  = "dep-publish-false"
  role                           = "arn:aws:iam::111122223333:role/dep-publish-false-lambda"
  runtime                        = "python3.13"
  handler                        = "app.handler"
  filename                       = "build/dep-publish-false.zip"
  publish                        = false # expect: LMB606
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

resource "aws_cloudwatch_log_group" "publish_false" {
  name              = "/aws/lambda/dep-publish-false"
  retention_in_days = 90
  kms_key_id        = local.logs_key
}

resource "aws_cloudwatch_metric_alarm" "publish_false_errors" {
  alarm_name          = "dep-publish-false-errors"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = [local.oncall_topic]

  dimensions = {
    FunctionName = aws_lambda_function.publish_false.function_name
  }
}

# No dead-letter queue and no event invoke config.
resource "aws_lambda_function" "no_dlq" { # expect: LMB702
  function_name                  = "dep-no-dlq"
  role                           = "arn:aws:iam::111122223333:role/dep-no-dlq-lambda"
  runtime                        = "python3.13"
  handler                        = "app.handler"
  filename                       = "build/dep-no-dlq.zip"
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

  tags = local.tags
}

resource "aws_cloudwatch_log_group" "no_dlq" {
  name              = "/aws/lambda/dep-no-dlq"
  retention_in_days = 90
  kms_key_id        = local.logs_key
}

resource "aws_cloudwatch_metric_alarm" "no_dlq_errors" {
  alarm_name          = "dep-no-dlq-errors"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = [local.oncall_topic]

  dimensions = {
    FunctionName = aws_lambda_function.no_dlq.function_name
  }
}

# No dead-letter queue, but an on-failure destination (invoke_configs.tf).
resource "aws_lambda_function" "on_failure" {
  function_name                  = "dep-on-failure"
  role                           = "arn:aws:iam::111122223333:role/dep-on-failure-lambda"
  runtime                        = "python3.13"
  handler                        = "app.handler"
  filename                       = "build/dep-on-failure.zip"
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

  tags = local.tags
}

resource "aws_cloudwatch_log_group" "on_failure" {
  name              = "/aws/lambda/dep-on-failure"
  retention_in_days = 90
  kms_key_id        = local.logs_key
}

resource "aws_cloudwatch_metric_alarm" "on_failure_errors" {
  alarm_name          = "dep-on-failure-errors"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = [local.oncall_topic]

  dimensions = {
    FunctionName = aws_lambda_function.on_failure.function_name
  }
}

# No dead-letter queue and only an on-success destination (invoke_configs.tf).
resource "aws_lambda_function" "on_success_only" { # expect: LMB702
  function_name                  = "dep-on-success-only"
  role                           = "arn:aws:iam::111122223333:role/dep-on-success-only-lambda"
  runtime                        = "python3.13"
  handler                        = "app.handler"
  filename                       = "build/dep-on-success-only.zip"
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

  tags = local.tags
}

resource "aws_cloudwatch_log_group" "on_success_only" {
  name              = "/aws/lambda/dep-on-success-only"
  retention_in_days = 90
  kms_key_id        = local.logs_key
}

resource "aws_cloudwatch_metric_alarm" "on_success_only_errors" {
  alarm_name          = "dep-on-success-only-errors"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = [local.oncall_topic]

  dimensions = {
    FunctionName = aws_lambda_function.on_success_only.function_name
  }
}

# An on-failure destination configured by the function's literal name (invoke_configs.tf).
resource "aws_lambda_function" "on_failure_by_name" {
  function_name                  = "dep-on-failure-by-name"
  role                           = "arn:aws:iam::111122223333:role/dep-on-failure-by-name-lambda"
  runtime                        = "python3.13"
  handler                        = "app.handler"
  filename                       = "build/dep-on-failure-by-name.zip"
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

  tags = local.tags
}

resource "aws_cloudwatch_log_group" "on_failure_by_name" {
  name              = "/aws/lambda/dep-on-failure-by-name"
  retention_in_days = 90
  kms_key_id        = local.logs_key
}

resource "aws_cloudwatch_metric_alarm" "on_failure_by_name_errors" {
  alarm_name          = "dep-on-failure-by-name-errors"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = [local.oncall_topic]

  dimensions = {
    FunctionName = aws_lambda_function.on_failure_by_name.function_name
  }
}
