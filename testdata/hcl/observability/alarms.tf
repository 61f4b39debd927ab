# Alarms that are not written next to their function in functions.tf.

resource "aws_cloudwatch_metric_alarm" "math_error_rate" {
  alarm_name          = "obs-math-error-rate"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 3
  threshold           = 5
  alarm_actions       = [local.oncall_topic]

  metric_query {
    id          = "rate"
    expression  = "100 * errors / invocations"
    label       = "Error rate (%)"
    return_data = true
  }

  metric_query {
    id = "errors"

    metric {
      namespace   = "AWS/Lambda"
      metric_name = "Errors"
      period      = 300
      stat        = "Sum"

      dimensions = {
        FunctionName = aws_lambda_function.math.function_name
      }
    }
  }

  metric_query {
    id = "invocations"

    metric {
      namespace   = "AWS/Lambda"
      metric_name = "Invocations"
      period      = 300
      stat        = "Sum"

      dimensions = {
        FunctionName = aws_lambda_function.math.function_name
      }
    }
  }
}

resource "aws_cloudwatch_metric_alarm" "by_name_throttles" {
  alarm_name          = "obs-by-name-throttles"
  namespace           = "AWS/Lambda"
  metric_name         = "Throttles"
  statistic           = "Sum"
  period              = 60
  evaluation_periods  = 5
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = [local.oncall_topic]

  dimensions = {
    FunctionName = "obs-by-name"
  }
}

# Same FunctionName, but an SQS metric: it does not watch a function.
resource "aws_cloudwatch_metric_alarm" "queue_depth" {
  alarm_name          = "obs-unwatched-queue-depth"
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 100
  comparison_operator = "GreaterThanThreshold"

  dimensions = {
    QueueName    = "obs-unwatched-input"
    FunctionName = "obs-unwatched"
  }
}
