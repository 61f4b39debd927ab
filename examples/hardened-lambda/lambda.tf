# The two functions, their aliases, log groups, alarms, code signing and the shared layer.

# ---------------------------------------------------------------------------------------------
# orders-api

resource "aws_lambda_function" "api" {
  function_name = "orders-api"
  description   = "Orders HTTP API: create, list and fetch orders"
  role          = aws_iam_role.api.arn
  runtime       = "python3.13"
  handler       = "orders.api.handler"
  architectures = ["arm64"]
  memory_size   = 512
  timeout       = 29

  # Signed artifact, stored in a KMS-encrypted, versioned bucket; every deploy is a new version.
  s3_bucket = aws_s3_bucket.artifacts.id
  s3_key    = "orders-api/orders-api-2.3.0.zip"
  publish   = true

  code_signing_config_arn        = aws_lambda_code_signing_config.enforce.arn
  kms_key_arn                    = aws_kms_key.app.arn
  reserved_concurrent_executions = 50
  layers                         = [aws_lambda_layer_version.telemetry.arn]

  environment {
    variables = {
      TABLE_NAME              = aws_dynamodb_table.orders.name
      LOG_LEVEL               = "INFO"
      POWERTOOLS_SERVICE_NAME = "orders-api"
      # The function reads the database credentials from Secrets Manager at run time.
      DB_SECRET_ARN = aws_secretsmanager_secret.db.arn
    }
  }

  tracing_config {
    mode = "Active"
  }

  vpc_config {
    subnet_ids         = [aws_subnet.private_a.id, aws_subnet.private_b.id]
    security_group_ids = [aws_security_group.lambda.id]
  }

  dead_letter_config {
    target_arn = aws_sqs_queue.dlq.arn
  }

  logging_config {
    log_format = "JSON"
    log_group  = aws_cloudwatch_log_group.api.name
  }

  tags = {
    owner       = "team-orders"
    service     = "orders"
    environment = "prod"
  }

  depends_on = [
    aws_cloudwatch_log_group.api,
    aws_iam_role_policy_attachment.api_vpc_access,
  ]
}

resource "aws_lambda_alias" "api_live" {
  name             = "live"
  description      = "Version serving production traffic"
  function_name    = aws_lambda_function.api.function_name
  function_version = aws_lambda_function.api.version
}

resource "aws_cloudwatch_log_group" "api" {
  name              = "/aws/lambda/orders-api"
  retention_in_days = 90
  kms_key_id        = aws_kms_key.logs.arn
}

resource "aws_cloudwatch_metric_alarm" "api_errors" {
  alarm_name          = "orders-api-errors"
  alarm_description   = "orders-api raised errors in the last 5 minutes"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"

  dimensions = {
    FunctionName = aws_lambda_function.api.function_name
  }

  alarm_actions = [aws_sns_topic.alerts.arn]
  ok_actions    = [aws_sns_topic.alerts.arn]
}

resource "aws_cloudwatch_metric_alarm" "api_throttles" {
  alarm_name          = "orders-api-throttles"
  alarm_description   = "orders-api hit its reserved concurrency"
  namespace           = "AWS/Lambda"
  metric_name         = "Throttles"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"

  dimensions = {
    FunctionName = aws_lambda_function.api.function_name
  }

  alarm_actions = [aws_sns_topic.alerts.arn]
}

# ---------------------------------------------------------------------------------------------
# orders-worker

resource "aws_lambda_function" "worker" {
  function_name = "orders-worker"
  description   = "Imports order batches uploaded to the uploads bucket"
  role          = aws_iam_role.worker.arn
  runtime       = "nodejs24.x"
  handler       = "index.handler"
  architectures = ["arm64"]
  memory_size   = 1024
  timeout       = 300

  s3_bucket = aws_s3_bucket.artifacts.id
  s3_key    = "orders-worker/orders-worker-1.5.0.zip"
  publish   = true

  code_signing_config_arn        = aws_lambda_code_signing_config.enforce.arn
  kms_key_arn                    = aws_kms_key.app.arn
  reserved_concurrent_executions = 10
  layers                         = [aws_lambda_layer_version.telemetry.arn]

  environment {
    variables = {
      TABLE_NAME    = aws_dynamodb_table.orders.name
      UPLOAD_BUCKET = aws_s3_bucket.uploads.bucket
      LOG_LEVEL     = "INFO"
    }
  }

  tracing_config {
    mode = "Active"
  }

  vpc_config {
    subnet_ids         = [aws_subnet.private_a.id, aws_subnet.private_b.id]
    security_group_ids = [aws_security_group.lambda.id]
  }

  dead_letter_config {
    target_arn = aws_sqs_queue.dlq.arn
  }

  logging_config {
    log_format = "JSON"
    log_group  = aws_cloudwatch_log_group.worker.name
  }

  tags = {
    owner       = "team-orders"
    service     = "orders"
    environment = "prod"
  }

  depends_on = [
    aws_cloudwatch_log_group.worker,
    aws_iam_role_policy_attachment.worker_vpc_access,
  ]
}

resource "aws_lambda_alias" "worker_live" {
  name             = "live"
  description      = "Version processing uploads"
  function_name    = aws_lambda_function.worker.function_name
  function_version = aws_lambda_function.worker.version
}

resource "aws_cloudwatch_log_group" "worker" {
  name              = "/aws/lambda/orders-worker"
  retention_in_days = 90
  kms_key_id        = aws_kms_key.logs.arn
}

resource "aws_cloudwatch_metric_alarm" "worker_errors" {
  alarm_name          = "orders-worker-errors"
  alarm_description   = "orders-worker failed to import a batch in the last 5 minutes"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"

  dimensions = {
    FunctionName = aws_lambda_function.worker.function_name
  }

  alarm_actions = [aws_sns_topic.alerts.arn]
  ok_actions    = [aws_sns_topic.alerts.arn]
}

resource "aws_cloudwatch_metric_alarm" "dlq_messages" {
  alarm_name          = "orders-dlq-not-empty"
  alarm_description   = "An orders function invocation failed for good and landed in the DLQ"
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"

  dimensions = {
    QueueName = aws_sqs_queue.dlq.name
  }

  alarm_actions = [aws_sns_topic.alerts.arn]
}

# ---------------------------------------------------------------------------------------------
# Code signing: only artifacts signed by our profile deploy.

resource "aws_signer_signing_profile" "lambda" {
  platform_id = "AWSLambda-SHA384-ECDSA"
  name_prefix = "orders_"

  signature_validity_period {
    value = 5
    type  = "YEARS"
  }
}

resource "aws_lambda_code_signing_config" "enforce" {
  description = "Orders functions: signed artifacts only"

  allowed_publishers {
    signing_profile_version_arns = [aws_signer_signing_profile.lambda.version_arn]
  }

  policies {
    untrusted_artifact_on_deployment = "Enforce"
  }
}

# ---------------------------------------------------------------------------------------------
# Telemetry extension layer, shared inside our AWS Organization only.

resource "aws_lambda_layer_version" "telemetry" {
  layer_name               = "orders-telemetry-extension"
  description              = "OpenTelemetry collector extension"
  s3_bucket                = aws_s3_bucket.artifacts.id
  s3_key                   = "layers/telemetry-extension-0.9.1.zip"
  compatible_architectures = ["arm64"]
  compatible_runtimes      = ["python3.13", "nodejs24.x"]
}

resource "aws_lambda_layer_version_permission" "telemetry_org" {
  layer_name      = aws_lambda_layer_version.telemetry.layer_arn
  version_number  = aws_lambda_layer_version.telemetry.version
  statement_id    = "share-with-acme-org"
  action          = "lambda:GetLayerVersion"
  principal       = "*"
  organization_id = "o-a1b2c3d4e5"
}
