provider "aws" {
  region = "eu-west-1"
}

locals {
  services = {
    catalog = { runtime = var.default_runtime }
    orders  = { runtime = "python3.8" }
  }
  shared = {
    code_signing_config_arn = aws_lambda_code_signing_config.this.arn
    kms_key_arn             = aws_kms_key.lambda.arn
    subnet_ids              = ["subnet-a", "subnet-b"]
    security_group_ids      = ["sg-1"]
    dlq_arn                 = aws_sqs_queue.dlq.arn
  }
}

resource "aws_kms_key" "lambda" {
  enable_key_rotation = true
}

resource "aws_sqs_queue" "dlq" {
  name = "fleet-dlq"
}

resource "aws_signer_signing_profile" "this" {
  platform_id = "AWSLambda-SHA384-ECDSA"
}

resource "aws_lambda_code_signing_config" "this" {
  allowed_publishers {
    signing_profile_version_arns = [aws_signer_signing_profile.this.version_arn]
  }
  policies {
    untrusted_artifact_on_deployment = "Enforce"
  }
}

module "fleet" {
  source   = "../../modules/function"
  for_each = local.services

  name                    = each.key
  runtime                 = each.value.runtime
  tracing_mode            = var.tracing_mode
  stage                   = "prod"
  code_signing_config_arn = local.shared.code_signing_config_arn
  kms_key_arn             = local.shared.kms_key_arn
  subnet_ids              = local.shared.subnet_ids
  security_group_ids      = local.shared.security_group_ids
  dlq_arn                 = local.shared.dlq_arn
}

module "canary" {
  source = "../../modules/function"
  count  = var.canary ? 1 : 0

  name                    = "canary"
  stage                   = "prod"
  code_signing_config_arn = local.shared.code_signing_config_arn
  kms_key_arn             = local.shared.kms_key_arn
  subnet_ids              = local.shared.subnet_ids
  security_group_ids      = local.shared.security_group_ids
  dlq_arn                 = local.shared.dlq_arn
}

module "registry" {
  source  = "terraform-aws-modules/lambda/aws"
  version = "7.2.0"

  function_name = "from-the-registry"
}

# Named after a module output: a configured argument, so it resolves.
resource "aws_lambda_permission" "catalog_from_events" {
  statement_id   = "AllowEvents"
  action         = "lambda:InvokeFunction"
  function_name  = module.fleet["catalog"].function_name
  principal      = "events.amazonaws.com"
  source_arn     = "arn:aws:events:eu-west-1:123456789012:rule/nightly"
}
