# A log group whose name refers to the function's configured name. The finding needs that
# reference resolved to the string "/aws/lambda/obs-interpolated"; until then the name is unknown
# and the rules stay silent.
resource "aws_cloudwatch_log_group" "interpolated" { # expect: LMB503
  name       = "/aws/lambda/${aws_lambda_function.interpolated.function_name}"
  kms_key_id = local.logs_key
}
