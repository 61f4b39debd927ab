# Orders API, hardened: the same stack as ../vulnerable-lambda, with every finding fixed.
# See README.md for what changed and why.

terraform {
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.60"
    }
  }
}

provider "aws" {
  region = var.region

  default_tags {
    tags = {
      managed_by = "terraform"
      repository = "github.com/acme/orders-infra"
    }
  }
}

data "aws_caller_identity" "current" {}
