# A container image is pinned by its digest: LMB606 (publish) is about zip packages only.
resource "aws_lambda_function" "image" {
  function_name                  = "dep-image"
  role                           = "arn:aws:iam::111122223333:role/dep-image-lambda"
  package_type                   = "Image"
  image_uri                      = "111122223333.dkr.ecr.eu-west-1.amazonaws.com/dep-image@sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
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

resource "aws_cloudwatch_log_group" "image" {
  name              = "/aws/lambda/dep-image"
  retention_in_days = 90
  kms_key_id        = local.logs_key
}

resource "aws_cloudwatch_metric_alarm" "image_errors" {
  alarm_name          = "dep-image-errors"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = [local.oncall_topic]

  dimensions = {
    FunctionName = aws_lambda_function.image.function_name
  }
}
