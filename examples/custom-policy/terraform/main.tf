# A small Acme stack for the custom-policy example: each ACME rule passes on one function and
# fires on another. Not meant to be applied (artifacts and the role are placeholders).

terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.60"
    }
  }
}

provider "aws" {
  region = "eu-west-1"

  # Every resource gets the cost-center tag from here.
  default_tags {
    tags = {
      cost-center = "cc-4711"
    }
  }
}

variable "role_arn" {
  type    = string
  default = "arn:aws:iam::111122223333:role/acme-lambda"
}

variable "environment" {
  type        = string
  description = "Known only at plan time in CI: ACME001 does not judge it."
}

# Passes every ACME rule: team and environment tags here, cost-center from default_tags, an
# allowed runtime, memory under the ceiling.
resource "aws_lambda_function" "orders" {
  function_name = "orders"
  role          = var.role_arn
  filename      = "build/orders.zip"
  handler       = "app.handler"
  runtime       = "python3.13"
  memory_size   = 1024

  tags = {
    team        = "payments"
    environment = "prod"
  }
}

# ACME001 (no team tag), ACME003 (python3.8 is not on the allow-list).
resource "aws_lambda_function" "legacy_report" {
  function_name = "legacy-report"
  role          = var.role_arn
  filename      = "build/legacy-report.zip"
  handler       = "report.handler"
  runtime       = "python3.8"

  tags = {
    environment = "prod"
  }
}

# ACME001 (environment "qa" is not an Acme environment), ACME002 (10240 MB is above 3008).
resource "aws_lambda_function" "image_resizer" {
  function_name = "image-resizer"
  role          = var.role_arn
  filename      = "build/image-resizer.zip"
  handler       = "index.handler"
  runtime       = "nodejs22.x"
  memory_size   = 10240

  tags = {
    team        = "media"
    environment = "qa"
  }
}

# Passes: the environment comes from a variable with no value here (unknown at scan time), and
# unknown values never fire. A container image has no runtime, so ACME003 has nothing to check.
resource "aws_lambda_function" "thumbnailer" {
  function_name = "thumbnailer"
  role          = var.role_arn
  package_type  = "Image"
  image_uri     = "111122223333.dkr.ecr.eu-west-1.amazonaws.com/thumbnailer:1.4.2"
  memory_size   = 2048

  tags = {
    team        = "media"
    environment = var.environment
  }
}
