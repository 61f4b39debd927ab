# Functions for the end-to-end tests. A `# expect: ID[, ID]` comment at the end of a line says
# which findings point at that line; every other line must have none.

resource "aws_lambda_function" "compliant" { # expect: LMB502, LMB505, LMB702
  function_name                  = "compliant"
  role                           = aws_iam_role.compliant.arn # expect: LMB101
  runtime                        = "python3.13"
  handler                        = "app.handler"
  filename                       = "app.zip"
  publish                        = true
  kms_key_arn                    = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  code_signing_config_arn        = "arn:aws:lambda:eu-west-1:111122223333:code-signing-config:csc-0123456789abcdef0"
  reserved_concurrent_executions = 10

  environment {
    variables = {
      LOG_LEVEL     = "info"
      DB_SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:db-AbCdEf"
      TOKEN_TTL     = "3600"
      API_KEY_PARAM = "/orders/prod/api-key"
      AUTHOR        = "platform team"
    }
  }

  tracing_config {
    mode = "Active"
  }

  vpc_config {
    subnet_ids         = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
    security_group_ids = ["sg-0123456789abcdef0"]
  }

  tags = {
    team = "payments"
  }
}

resource "aws_iam_role" "compliant" {
  name = "compliant"
}

# Everything missing: each missing setting points at the block's first line.
resource "aws_lambda_function" "bare" { # expect: LMB201, LMB402, LMB502, LMB505, LMB602, LMB606, LMB702, LMB801
  function_name = "bare"
  role          = aws_iam_role.compliant.arn # expect: LMB101
  runtime       = "python3.8" # expect: LMB601
  handler       = "app.handler"
  filename      = "app.zip"

  environment {
    variables = {
      DB_PASSWORD  = "hunter2-prod" # expect: LMB401
      STRIPE_KEY   = "sk_live_4eC39HqLyjWDarjtT1zdp7dc" # expect: LMB401
      "BASIC_AUTH" = "admin:admin" # expect: LMB401
      PASSWORD_LEN = 16
      MODE         = "AKIAIOSFODNN7EXAMPLE" # expect: LMB401
    }
  }

  tracing_config {
    mode = "PassThrough" # expect: LMB501
  }

  reserved_concurrent_executions = -1 # expect: LMB701
}

# Values tfwarden cannot know never fire a rule.
resource "aws_lambda_function" "unknowns" { # expect: LMB502, LMB505, LMB606, LMB702
  function_name                  = "unknowns"
  role                           = aws_iam_role.compliant.arn # expect: LMB101
  runtime                        = var.runtime
  handler                        = "app.handler"
  filename                       = "app.zip"
  kms_key_arn                    = aws_kms_key.env.arn
  code_signing_config_arn        = var.signing_config
  reserved_concurrent_executions = var.concurrency

  environment {
    variables = {
      DB_PASSWORD = var.db_password
      API_TOKEN   = "${var.prefix}-token"
    }
  }

  tracing_config {
    mode = var.tracing_mode
  }

  dynamic "vpc_config" {
    for_each = var.vpc == null ? [] : [var.vpc]
    content {
      subnet_ids         = vpc_config.value.subnets
      security_group_ids = vpc_config.value.security_groups
    }
  }

  tags = var.tags
}

resource "aws_kms_key" "env" {
  description = "lambda environment"
}

# A container image needs no runtime and no code signing config; one subnet is LMB202.
resource "aws_lambda_function" "image" { # expect: LMB402, LMB502, LMB505, LMB702
  function_name                  = "image"
  role                           = aws_iam_role.compliant.arn # expect: LMB101
  package_type                   = "Image"
  image_uri                      = "111122223333.dkr.ecr.eu-west-1.amazonaws.com/image:1.0"
  reserved_concurrent_executions = 5

  environment {
    variables = {
      LOG_LEVEL = "debug"
    }
  }

  tracing_config {
    mode = "Active"
  }

  vpc_config {
    subnet_ids         = ["subnet-0a1b2c3d"] # expect: LMB202
    security_group_ids = ["sg-0123456789abcdef0"]
  }

  tags = { team = "media" }
}

# Settings written but empty: the findings point at what is written. nodejs22.x is deprecated
# on 2027-04-30, within 180 days of the tests' date: an advisory (info) LMB601 note.
resource "aws_lambda_function" "empty_values" { # expect: LMB502, LMB505, LMB606, LMB702
  function_name                  = "empty-values"
  role                           = aws_iam_role.compliant.arn # expect: LMB101
  runtime                        = "nodejs22.x" # expect: LMB601
  handler                        = "index.handler"
  filename                       = "app.zip"
  kms_key_arn                    = "" # expect: LMB402
  code_signing_config_arn        = "arn:aws:lambda:eu-west-1:111122223333:code-signing-config:csc-0123456789abcdef0"
  reserved_concurrent_executions = 1

  environment {
    variables = {
      REGION = "eu-west-1"
    }
  }

  tracing_config {
    mode = "Active"
  }

  vpc_config {
    subnet_ids         = [] # expect: LMB201
    security_group_ids = []
  }

  tags = {} # expect: LMB801
}
