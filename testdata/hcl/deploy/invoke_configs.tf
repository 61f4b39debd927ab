# Asynchronous invocation settings of the functions in functions.tf.

resource "aws_lambda_function_event_invoke_config" "on_failure" {
  function_name                = aws_lambda_function.on_failure.function_name
  maximum_retry_attempts       = 2
  maximum_event_age_in_seconds = 3600

  destination_config {
    on_failure {
      destination = "arn:aws:sqs:eu-west-1:111122223333:dep-on-failure-failed"
    }
  }
}

resource "aws_lambda_function_event_invoke_config" "on_success_only" {
  function_name = aws_lambda_function.on_success_only.function_name

  destination_config {
    on_success {
      destination = "arn:aws:sqs:eu-west-1:111122223333:dep-on-success-only-done"
    }
  }
}

resource "aws_lambda_function_event_invoke_config" "on_failure_by_name" {
  function_name = "dep-on-failure-by-name"
  qualifier     = "$LATEST"

  destination_config {
    on_failure {
      destination = "arn:aws:sns:eu-west-1:111122223333:dep-failures"
    }
  }
}
