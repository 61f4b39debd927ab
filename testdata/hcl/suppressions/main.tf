# Suppression fixtures. `# expect:` marks findings still reported; the test lists the
# suppressed ones and the notes by line.

# tfwarden:ignore-file LMB801 reason="tags come from the account's tag policy"

resource "aws_lambda_function" "suppressed_block" { # expect: LMB201, LMB502, LMB505, LMB602, LMB606, LMB701, LMB702
  function_name = "suppressed-block"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"

  # tfwarden:ignore LMB501 reason="tracing is sampled at the API gateway"
  tracing_config {
    mode = "PassThrough" # expect: LMB501
  }
}

# tfwarden:ignore LMB201,lambda-no-code-signing,LMB701 reason="internal batch job, reviewed in SEC-12"
resource "aws_lambda_function" "batch" { # expect: LMB502, LMB505, LMB606, LMB702
  function_name = "batch"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"

  tracing_config {
    # tfwarden:ignore LMB501 reason="PassThrough on purpose: upstream samples"
    mode = "PassThrough"
  }
}

# tfwarden:ignore LMB201
resource "aws_lambda_function" "no_reason" { # expect: LMB201, LMB501, LMB502, LMB505, LMB602, LMB606, LMB701, LMB702
  function_name = "no-reason"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
}

# tfwarden:ignore LMB201,LMB501,LMB602,LMB701 until=2026-01-31 reason="temporary, until the VPC exists"
resource "aws_lambda_function" "expired" { # expect: LMB201, LMB501, LMB502, LMB505, LMB602, LMB606, LMB701, LMB702
  function_name = "expired"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
}

resource "aws_lambda_function" "migrated" { # expect: LMB201, LMB502, LMB505, LMB602, LMB606, LMB702
  #checkov:skip=CKV_AWS_115:concurrency is managed by the account limit
  #checkov:skip=CKV_AWS_50
  function_name = "migrated"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
}

#tfsec:ignore:aws-lambda-enable-tracing
resource "aws_lambda_function" "from_tfsec" { # expect: LMB201, LMB502, LMB505, LMB602, LMB606, LMB701, LMB702
  function_name = "from-tfsec"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
}
