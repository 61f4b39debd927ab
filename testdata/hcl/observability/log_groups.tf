# Log groups of the functions in functions.tf.

resource "aws_cloudwatch_log_group" "forever" { # expect: LMB503, LMB504
  name = "/aws/lambda/obs-forever"
}

resource "aws_cloudwatch_log_group" "zero" {
  name              = "/aws/lambda/obs-zero"
  retention_in_days = 0 # expect: LMB503
  kms_key_id        = local.logs_key
}

# Shared by custom_ref and custom_literal: one finding, not one per function.
resource "aws_cloudwatch_log_group" "shared" { # expect: LMB504
  name              = "/platform/shared"
  retention_in_days = 365
}

# A function's log group name pattern, but for a function this configuration does not have.
resource "aws_cloudwatch_log_group" "orphan" {
  name = "/aws/lambda/some-other-stack"
}

# Not a Lambda log group at all.
resource "aws_cloudwatch_log_group" "ecs" {
  name = "/ecs/worker"
}
