resource "aws_lambda_permission" "public" {
  statement_id  = "AllowAnyone"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.compliant.function_name
  principal     = "*" # expect: LMB301
}

resource "aws_lambda_permission" "org_only" {
  statement_id     = "AllowOrg"
  action           = "lambda:InvokeFunction"
  function_name    = aws_lambda_function.compliant.function_name
  principal        = "*"
  principal_org_id = "o-a1b2c3d4e5"
}

resource "aws_lambda_permission" "s3_no_source" { # expect: LMB302
  statement_id  = "AllowS3"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.compliant.function_name
  principal     = "s3.amazonaws.com"
}

resource "aws_lambda_permission" "s3_arn_only" { # expect: LMB302
  statement_id  = "AllowS3Arn"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.compliant.function_name
  principal     = "s3.amazonaws.com"
  source_arn    = "arn:aws:s3:::orders-uploads"
}

resource "aws_lambda_permission" "s3_scoped" {
  statement_id   = "AllowS3Scoped"
  action         = "lambda:InvokeFunction"
  function_name  = aws_lambda_function.compliant.function_name
  principal      = "s3.amazonaws.com"
  source_arn     = "arn:aws:s3:::orders-uploads"
  source_account = "111122223333"
}

resource "aws_lambda_permission" "apigw" {
  statement_id  = "AllowApiGateway"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.compliant.function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "arn:aws:execute-api:eu-west-1:111122223333:abc123/*/*"
}

resource "aws_lambda_permission" "events_unknown_source" {
  statement_id  = "AllowEvents"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.compliant.function_name
  principal     = "events.amazonaws.com"
  source_arn    = aws_cloudwatch_event_rule.nightly.arn
}

resource "aws_cloudwatch_event_rule" "nightly" {
  schedule_expression = "cron(0 3 * * ? *)"
}

resource "aws_lambda_permission" "wildcard_action" {
  statement_id  = "AllowAll"
  action        = "lambda:*" # expect: LMB308
  function_name = aws_lambda_function.compliant.function_name
  principal     = "111122223333"
}

resource "aws_lambda_permission" "url_invoke" {
  statement_id           = "AllowUrl"
  action                 = "lambda:InvokeFunctionUrl"
  function_name          = aws_lambda_function.compliant.function_name
  principal              = "111122223333"
  function_url_auth_type = "AWS_IAM"
}

resource "aws_lambda_function_url" "open" {
  function_name      = aws_lambda_function.compliant.function_name
  authorization_type = "NONE" # expect: LMB303

  cors {
    allow_origins = [
      "https://shop.example.com",
      "*", # expect: LMB307
    ]
    allow_methods = ["GET"]
  }
}

resource "aws_lambda_function_url" "iam" {
  function_name      = aws_lambda_function.compliant.function_name
  authorization_type = "AWS_IAM"

  cors {
    allow_origins = ["https://shop.example.com"]
  }
}

resource "aws_lambda_code_signing_config" "warn" {
  allowed_publishers {
    signing_profile_version_arns = ["arn:aws:signer:eu-west-1:111122223333:/signing-profiles/orders/abc"]
  }

  policies {
    untrusted_artifact_on_deployment = "Warn" # expect: LMB603
  }
}

resource "aws_lambda_code_signing_config" "default_policy" { # expect: LMB603
  allowed_publishers {
    signing_profile_version_arns = ["arn:aws:signer:eu-west-1:111122223333:/signing-profiles/orders/abc"]
  }
}

resource "aws_lambda_code_signing_config" "enforce" {
  allowed_publishers {
    signing_profile_version_arns = ["arn:aws:signer:eu-west-1:111122223333:/signing-profiles/orders/abc"]
  }

  policies {
    untrusted_artifact_on_deployment = "Enforce"
  }
}

resource "aws_lambda_layer_version_permission" "public" {
  layer_name     = "arn:aws:lambda:eu-west-1:111122223333:layer:shared"
  version_number = 3
  statement_id   = "public"
  action         = "lambda:GetLayerVersion"
  principal      = "*" # expect: LMB605
}

resource "aws_lambda_layer_version_permission" "org" {
  layer_name      = "arn:aws:lambda:eu-west-1:111122223333:layer:shared"
  version_number  = 3
  statement_id    = "org"
  action          = "lambda:GetLayerVersion"
  principal       = "*"
  organization_id = "o-a1b2c3d4e5"
}
