# Orders API: the stack as it was first written, before any review.
# Every finding tfwarden reports here is deliberate: see README.md.

terraform {
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.60"
    }
  }
}

# No default_tags: nothing in this stack carries an owner or a service tag.
provider "aws" {
  region = var.region
}

# ---------------------------------------------------------------------------------------------
# The API function: serves the HTTP API and a public function URL.

resource "aws_lambda_function" "api" {
  function_name = "orders-api"
  description   = "Orders HTTP API: create, list and fetch orders"
  role          = aws_iam_role.lambda.arn
  runtime       = "python3.8"
  handler       = "orders.api.handler"
  memory_size   = 512
  timeout       = 29

  filename         = "${path.module}/build/orders-api.zip"
  source_code_hash = filebase64sha256("${path.module}/build/orders-api.zip")

  layers = [
    aws_lambda_layer_version.telemetry.arn,
    "arn:aws:lambda:us-east-1:111122223333:layer:community-json-utils:7",
  ]

  environment {
    variables = {
      TABLE_NAME  = "orders"
      LOG_LEVEL   = "DEBUG"
      DB_HOST     = "orders.cluster-c9akexample.us-east-1.rds.amazonaws.com"
      DB_USER     = "orders_app"
      DB_PASSWORD = "hunter2-prod-Xy9!"
      # Fake, but shaped like a live Stripe secret key.
      STRIPE_KEY = "sk_live_EXAMPLEDONOTUSE000000000"
    }
  }

  tracing_config {
    mode = "PassThrough"
  }
}

resource "aws_cloudwatch_log_group" "api" {
  name = "/aws/lambda/orders-api"
}

# ---------------------------------------------------------------------------------------------
# The worker: picks up order batches uploaded to S3. Shares the API's role.

resource "aws_lambda_function" "worker" {
  function_name = "orders-worker"
  description   = "Imports order batches uploaded to the uploads bucket"
  role          = aws_iam_role.lambda.arn
  runtime       = "nodejs16.x"
  handler       = "index.handler"
  memory_size   = 1024
  timeout       = 300

  s3_bucket = aws_s3_bucket.artifacts.id
  s3_key    = "orders-worker/orders-worker-1.4.2.zip"

  code_signing_config_arn        = aws_lambda_code_signing_config.default.arn
  reserved_concurrent_executions = -1
  layers                         = [aws_lambda_layer_version.telemetry.arn]

  environment {
    variables = {
      TABLE_NAME    = "orders"
      UPLOAD_BUCKET = "acme-orders-uploads"
    }
  }

  vpc_config {
    subnet_ids         = ["subnet-0a1b2c3d4e5f60718"]
    security_group_ids = [aws_security_group.worker.id]
  }
}

resource "aws_security_group" "worker" {
  name        = "orders-worker"
  description = "orders-worker function"
  vpc_id      = var.vpc_id

  ingress {
    description = "debugging, remove later"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

# ---------------------------------------------------------------------------------------------
# Code signing, in audit mode only.

resource "aws_signer_signing_profile" "lambda" {
  platform_id = "AWSLambda-SHA384-ECDSA"
  name_prefix = "orders_"
}

resource "aws_lambda_code_signing_config" "default" {
  description = "Orders functions"

  allowed_publishers {
    signing_profile_version_arns = [aws_signer_signing_profile.lambda.version_arn]
  }

  policies {
    untrusted_artifact_on_deployment = "Warn"
  }
}

# ---------------------------------------------------------------------------------------------
# A telemetry extension layer, shared with every AWS account.

resource "aws_lambda_layer_version" "telemetry" {
  layer_name          = "orders-telemetry-extension"
  description         = "OpenTelemetry collector extension"
  filename            = "${path.module}/build/telemetry-layer.zip"
  source_code_hash    = filebase64sha256("${path.module}/build/telemetry-layer.zip")
  compatible_runtimes = ["python3.8", "nodejs16.x"]
}

resource "aws_lambda_layer_version_permission" "telemetry_public" {
  layer_name     = aws_lambda_layer_version.telemetry.layer_arn
  version_number = aws_lambda_layer_version.telemetry.version
  statement_id   = "share-with-everyone"
  action         = "lambda:GetLayerVersion"
  principal      = "*"
}
